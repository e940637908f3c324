namespace Sim.Cli.Tests;

public sealed class NotBuiltYetTests
{
    public static TheoryData<string[], string> Stubs => new()
    {
        { ["report", "out/batch"], "sim report: not built yet (issue 8)" },
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
