using System.CommandLine;

namespace Sim.Cli.Commands;

/// <summary>The action of a subcommand whose issue has not landed yet.</summary>
internal static class NotBuiltYet
{
    /// <summary>Makes <paramref name="command"/> print <c>sim &lt;name&gt;: not built yet (issue N)</c> on stderr and exit with <see cref="ExitCodes.Usage"/>.</summary>
    /// <param name="command">The subcommand.</param>
    /// <param name="issue">The issue that builds it.</param>
    public static void Attach(Command command, int issue) =>
        command.SetAction(parseResult =>
        {
            parseResult.InvocationConfiguration.Error.WriteLine($"{SimCommand.Name} {command.Name}: not built yet (issue {issue})");
            return ExitCodes.Usage;
        });
}
