using System.CommandLine;

namespace Sim.Cli.Commands;

/// <summary><c>sim inspect DATASET</c>: summarise a dataset directory (issue 6).</summary>
internal sealed class InspectCommand : Command
{
    /// <summary>Creates the <c>inspect</c> command.</summary>
    public InspectCommand()
        : base("inspect", "Summarise a dataset: its manifest, frames, labels and ledger rows.")
    {
        Add(Dataset);
        NotBuiltYet.Attach(this, issue: 6);
    }

    /// <summary>The dataset directory to read.</summary>
    public Argument<DirectoryInfo> Dataset { get; } = new("dataset") { Description = "Dataset directory (holds manifest.json)." };
}
