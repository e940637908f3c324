using System.CommandLine;

namespace Sim.Cli.Tests;

public sealed class RuntimeErrorTests
{
    [Fact]
    public void Unhandled_exception_exits_1_with_its_message_and_no_stack_trace()
    {
        var result = CliRun.Sim(TreeWithFailingCommand(), debug: false, "explode");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal($"sim: error: the reactor melted{Environment.NewLine}", result.Stderr);
    }

    [Fact]
    public void With_SIM_DEBUG_the_stack_trace_follows_the_message()
    {
        var result = CliRun.Sim(TreeWithFailingCommand(), debug: true, "explode");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.StartsWith($"sim: error: the reactor melted{Environment.NewLine}System.InvalidOperationException: the reactor melted", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(nameof(Explode), result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("0", false)]
    [InlineData("yes", false)]
    public void SIM_DEBUG_means_stack_traces_only_when_it_is_1(string? value, bool debug) =>
        Assert.Equal(debug, Program.IsDebug(value));

    private static Command TreeWithFailingCommand()
    {
        var root = SimCommand.Create();
        var explode = new Command("explode", "Throws.");
        explode.SetAction(new Func<ParseResult, int>(_ => Explode()));
        root.Add(explode);
        return root;
    }

    private static int Explode() => throw new InvalidOperationException("the reactor melted");
}
