namespace Sim.Cli.Tests;

public sealed class HelpTests
{
    private static readonly string[] Subcommands = ["run", "validate", "render", "batch", "inspect", "report"];

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    public void Help_lists_every_subcommand_on_stdout_and_exits_0(string flag)
    {
        var result = CliRun.Sim(flag);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Empty(result.Stderr);
        Assert.Contains("Usage:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("sim [command] [options]", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--version", result.Stdout, StringComparison.Ordinal);
        var commandLines = CommandsSection(result.Stdout);
        Assert.Equal(Subcommands, commandLines.Select(line => line.Split(' ')[0]));
        Assert.All(commandLines, line => Assert.Matches(@"^\S+ .*\S\s{2,}\S.*\.$", line)); // each has a one-line description
    }

    [Fact]
    public void No_arguments_prints_help_on_stderr_and_exits_2()
    {
        var result = CliRun.Sim();

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal(Subcommands, CommandsSection(result.Stderr).Select(line => line.Split(' ')[0]));
    }

    [Theory]
    [InlineData("run", "<scenario>", "--out <dir>", "--seed <n>")]
    [InlineData("validate", "<files>...")]
    [InlineData("render", "<scenario>", "--variation <n>", "--time <s>", "--out <dir>")]
    [InlineData("batch", "<scenarios>...", "--variations <n> (REQUIRED)", "--out <dir> (REQUIRED)", "--shard <I/N>")]
    [InlineData("inspect", "<dataset>")]
    [InlineData("report", "<dataset-or-batch>")]
    public void Subcommand_help_shows_its_arguments_and_exits_0(string command, params string[] expected)
    {
        var result = CliRun.Sim(command, "--help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Empty(result.Stderr);
        Assert.Contains($"sim {command} ", result.Stdout, StringComparison.Ordinal);
        Assert.All(expected, text => Assert.Contains(text, result.Stdout, StringComparison.Ordinal));
    }

    /// <summary>The trimmed lines of help's "Commands:" section.</summary>
    private static string[] CommandsSection(string help)
    {
        var lines = help.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        var start = lines.IndexOf("Commands:");
        Assert.True(start >= 0, $"no Commands: section in:\n{help}");
        return lines.Skip(start + 1).TakeWhile(line => line.Length > 0).Select(line => line.Trim()).ToArray();
    }
}
