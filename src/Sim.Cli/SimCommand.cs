using System.CommandLine;
using System.CommandLine.Help;
using Sim.Cli.Commands;

namespace Sim.Cli;

/// <summary>Builds the <c>sim</c> command tree: the root with <c>--help</c> and <c>--version</c>, and one subcommand per verb.</summary>
internal static class SimCommand
{
    /// <summary>The command's name, as typed and as shown in help.</summary>
    public const string Name = "sim";

    /// <summary>Creates a fresh command tree (System.CommandLine symbols are mutable, so each run gets its own).</summary>
    /// <remarks>
    /// The root is a plain <see cref="Command"/> named <c>sim</c> rather than a <see cref="RootCommand"/>:
    /// a RootCommand takes its name from the host process, which is <c>testhost</c> under the test runner
    /// and would make help text differ between tests and real use. The root therefore adds the two options
    /// a RootCommand would bring, and does without its directives (<c>[suggest]</c>, <c>[diagram]</c>).
    /// </remarks>
    public static Command Create()
    {
        var root = new Command(Name, "Sim: deterministic simulation that turns scenario files into labelled synthetic datasets (driving sensors, fraud ledgers).")
        {
            new HelpOption(),
            new VersionOption { Action = new PrintVersionAction() },
            new RunCommand(),
            new ValidateCommand(),
            new RenderCommand(),
            new BatchCommand(),
            new InspectCommand(),
            new ReportCommand(),
        };

        // Without a subcommand there is nothing to do: show the help where errors go, exit as a usage error.
        root.SetAction(parseResult => PrintHelp(parseResult, parseResult.InvocationConfiguration.Error));
        return root;
    }

    private static int PrintHelp(ParseResult parseResult, TextWriter writer)
    {
        // HelpBuilder is internal in System.CommandLine 2.0; invoking --help with a redirected Output is the public way.
        parseResult.RootCommandResult.Command
            .Parse(["--help"])
            .Invoke(new InvocationConfiguration { Output = writer, Error = writer });
        return ExitCodes.Usage;
    }
}
