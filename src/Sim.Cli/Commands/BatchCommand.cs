using System.CommandLine;

namespace Sim.Cli.Commands;

/// <summary><c>sim batch SCENARIO... --variations N --out DIR [--shard I/N]</c>: many variations, shardable across machines (issue 8).</summary>
internal sealed class BatchCommand : Command
{
    /// <summary>Creates the <c>batch</c> command.</summary>
    public BatchCommand()
        : base("batch", "Simulate many variations of scenarios into one batch directory, optionally one shard of it.")
    {
        Add(Scenarios);
        Add(Variations);
        Add(Out);
        Add(Shard);
        Variations.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--variations must be at least 1.");
            }
        });
        NotBuiltYet.Attach(this, issue: 8);
    }

    /// <summary>The scenario files to vary.</summary>
    public Argument<FileInfo[]> Scenarios { get; } = new("scenarios")
    {
        Description = "Scenario files (YAML).",
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary>How many variations of each scenario to simulate.</summary>
    public Option<int> Variations { get; } = new("--variations")
    {
        Description = "Variations per scenario (at least 1).",
        HelpName = "n",
        Required = true,
    };

    /// <summary>The batch directory to write.</summary>
    public Option<DirectoryInfo> Out { get; } = new("--out", "-o")
    {
        Description = "Batch directory to write.",
        HelpName = "dir",
        Required = true,
    };

    /// <summary>Which shard of the batch this process simulates.</summary>
    public Option<ShardSpec?> Shard { get; } = new("--shard")
    {
        Description = "Simulate only shard I of N (0 <= I < N), e.g. 3/16 for a job-array task.",
        HelpName = "I/N",
        CustomParser = ShardSpec.Parse,
    };
}
