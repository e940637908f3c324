using System.CommandLine;

namespace Sim.Cli.Tests;

/// <summary>The outcome of one in-process <c>sim</c> invocation.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Stderr split into lines, without the final empty one.</summary>
    public string[] StderrLines => Stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Runs <c>sim</c> in-process through <see cref="Program.Run(string[], TextWriter, TextWriter)"/>.</summary>
internal static class CliRun
{
    public static CliResult Sim(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = Program.Run(args, stdout, stderr);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    public static CliResult Sim(Command root, bool debug, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = Program.Run(root, args, stdout, stderr, debug);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}
