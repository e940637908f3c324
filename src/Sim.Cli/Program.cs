using System.CommandLine;

namespace Sim.Cli;

/// <summary>Entry point of the <c>sim</c> command.</summary>
public static class Program
{
    /// <summary>Name of the environment variable that, set to <c>1</c>, adds stack traces to runtime errors.</summary>
    public const string DebugVariable = "SIM_DEBUG";

    /// <summary>Runs the command line against the real console and returns the process exit code (see <see cref="ExitCodes"/>).</summary>
    /// <param name="args">The command-line arguments, without the program name.</param>
    public static int Main(string[] args)
    {
        NativeHeap.Tune();
        return Run(args, Console.Out, Console.Error);
    }

    /// <summary>
    /// Runs <c>sim</c> in-process with the given arguments and writers: the testable entry point.
    /// Reads <c>SIM_DEBUG</c> from the environment.
    /// </summary>
    /// <param name="args">The command-line arguments, without the program name.</param>
    /// <param name="stdout">Where requested output goes (help, version, results).</param>
    /// <param name="stderr">Where diagnostics go (parse errors, runtime errors, progress).</param>
    /// <returns>The exit code: one of <see cref="ExitCodes"/>.</returns>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr) =>
        Run(SimCommand.Create(), args, stdout, stderr, IsDebug(Environment.GetEnvironmentVariable(DebugVariable)));

    /// <summary>Runs the given command tree: the seam that lets tests add a command that throws.</summary>
    /// <param name="root">The root command, normally <see cref="SimCommand.Create"/>.</param>
    /// <param name="args">The command-line arguments, without the program name.</param>
    /// <param name="stdout">Where requested output goes.</param>
    /// <param name="stderr">Where diagnostics go.</param>
    /// <param name="debug">Whether runtime errors include the stack trace.</param>
    /// <returns>The exit code: one of <see cref="ExitCodes"/>.</returns>
    internal static int Run(Command root, string[] args, TextWriter stdout, TextWriter stderr, bool debug)
    {
        try
        {
            var parseResult = root.Parse(args);
            if (parseResult.Errors.Count > 0)
            {
                // System.CommandLine's own ParseErrorAction exits 1 and dumps the whole help on stdout;
                // a usage error is exit 2 with a short message on stderr.
                foreach (var error in parseResult.Errors)
                {
                    stderr.WriteLine($"{root.Name}: error: {error.Message}");
                }

                stderr.WriteLine($"Run '{CommandPath(parseResult.CommandResult.Command)} --help' for usage.");
                return ExitCodes.Usage;
            }

            return parseResult.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
            });
        }
#pragma warning disable CA1031 // The composition root is where every unhandled exception becomes exit code 1.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            stderr.WriteLine($"{root.Name}: error: {exception.Message}");
            if (debug)
            {
                stderr.WriteLine(exception.ToString());
            }

            return ExitCodes.Failure;
        }
    }

    /// <summary>Whether the value of <c>SIM_DEBUG</c> asks for stack traces: exactly <c>1</c>.</summary>
    /// <param name="value">The variable's value, or <see langword="null"/> when it is not set.</param>
    internal static bool IsDebug(string? value) => value == "1";

    /// <summary>The words that invoke <paramref name="command"/>, e.g. <c>sim run</c>.</summary>
    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? symbol = command; symbol is not null; symbol = symbol.Parents.FirstOrDefault())
        {
            names.Add(symbol.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
