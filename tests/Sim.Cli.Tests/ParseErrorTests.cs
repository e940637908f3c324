namespace Sim.Cli.Tests;

public sealed class ParseErrorTests
{
    public static TheoryData<string[], string, string> Errors => new()
    {
        { ["bogus"], "Unrecognized command or argument 'bogus'.", "sim" },
        { ["--nope"], "Unrecognized command or argument '--nope'.", "sim" },
        { ["run", "a.yaml", "--nope"], "Unrecognized command or argument '--nope'.", "sim run" },
        { ["run"], "Required argument missing for command: 'run'.", "sim run" },
        { ["run", "a.yaml", "--seed", "abc"], "'abc'", "sim run" },
        { ["run", "a.yaml", "--seed", "-1"], "'-1'", "sim run" },
        { ["validate"], "Required argument missing for command: 'validate'.", "sim validate" },
        { ["batch", "a.yaml", "--out", "o"], "Option '--variations' is required.", "sim batch" },
        { ["batch", "a.yaml", "--variations", "5"], "Option '--out' is required.", "sim batch" },
        { ["batch", "a.yaml", "--variations", "0", "--out", "o"], "--variations must be 1–1,000,000.", "sim batch" },
        { ["batch", "a.yaml", "--variations", "5", "--out", "o", "--shard", "4/4"], "--shard expects I/N", "sim batch" },
        { ["inspect"], "Required argument missing for command: 'inspect'.", "sim inspect" },
        { ["report", "a", "b"], "Unrecognized command or argument 'b'.", "sim report" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Parse_error_exits_2_with_the_error_and_a_hint_on_stderr(string[] args, string error, string commandPath)
    {
        var result = CliRun.Sim(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Empty(result.Stdout);
        var lines = result.StderrLines;
        Assert.Contains(lines[..^1], line => line.StartsWith("sim: error: ", StringComparison.Ordinal) && line.Contains(error, StringComparison.Ordinal));
        Assert.All(lines[..^1], line => Assert.StartsWith("sim: error: ", line, StringComparison.Ordinal));
        Assert.Equal($"Run '{commandPath} --help' for usage.", lines[^1]);
    }

    [Fact]
    public void Unknown_command_at_the_root_hints_at_sim_help()
    {
        var result = CliRun.Sim("bogus");

        Assert.Equal(
            $"sim: error: Unrecognized command or argument 'bogus'.{Environment.NewLine}Run 'sim --help' for usage.{Environment.NewLine}",
            result.Stderr);
    }
}
