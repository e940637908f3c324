using System.CommandLine;

namespace Sim.Cli.Commands;

/// <summary><c>sim run SCENARIO [--out DIR] [--seed N]</c>: simulate one scenario into one dataset (issue 6).</summary>
internal sealed class RunCommand : Command
{
    /// <summary>Creates the <c>run</c> command.</summary>
    public RunCommand()
        : base("run", "Simulate a scenario and write its labelled dataset.")
    {
        Add(Scenario);
        Add(Out);
        Add(Seed);
        NotBuiltYet.Attach(this, issue: 6);
    }

    /// <summary>The scenario file to run.</summary>
    public Argument<FileInfo> Scenario { get; } = new("scenario") { Description = "Scenario file (YAML)." };

    /// <summary>The dataset directory to write.</summary>
    public Option<DirectoryInfo> Out { get; } = new("--out", "-o") { Description = "Dataset directory to write.", HelpName = "dir" };

    /// <summary>The seed of every random choice in the run.</summary>
    public Option<ulong> Seed { get; } = new("--seed") { HelpName = "n", Description = "Seed of every random choice: the same seed gives the same dataset." };
}
