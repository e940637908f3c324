namespace Sim.Cli.Tests;

public sealed class NotBuiltYetTests
{
    public static TheoryData<string[], string> Stubs => new()
    {
        { ["batch", "a.yaml", "b.yaml", "--variations", "100", "--out", "out/batch"], "sim batch: not built yet (issue 8)" },
        { ["batch", "a.yaml", "--variations", "100", "--out", "out/batch", "--shard", "3/16"], "sim batch: not built yet (issue 8)" },
    };

    [Theory]
    [MemberData(nameof(Stubs))]
    public void Stub_says_which_issue_builds_it_and_exits_2(string[] args, string message)
    {
        var result = CliRun.Sim(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal(message + Environment.NewLine, result.Stderr);
    }
}
