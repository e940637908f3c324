using System.CommandLine;

namespace Sim.Cli.Commands;

/// <summary><c>sim report DATASET_OR_BATCH_DIR</c>: the quality report of a dataset or a whole batch (issue 8).</summary>
internal sealed class ReportCommand : Command
{
    /// <summary>Creates the <c>report</c> command.</summary>
    public ReportCommand()
        : base("report", "Write the quality report of a dataset or of a whole batch.")
    {
        Add(Path);
        NotBuiltYet.Attach(this, issue: 8);
    }

    /// <summary>The dataset or batch directory to report on.</summary>
    public Argument<DirectoryInfo> Path { get; } = new("dataset-or-batch") { Description = "Dataset directory or batch directory." };
}
