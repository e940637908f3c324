using System.CommandLine;
using System.CommandLine.Invocation;

namespace Sim.Cli;

/// <summary>
/// The action of <c>--version</c>: prints <see cref="SimVersion.Informational"/>.
/// System.CommandLine's own action reports the entry assembly, which is the test host under tests.
/// </summary>
internal sealed class PrintVersionAction : SynchronousCommandLineAction
{
    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(SimVersion.Informational);
        return ExitCodes.Success;
    }
}
