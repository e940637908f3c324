namespace Sim.Cli;

/// <summary>
/// The process exit codes of the <c>sim</c> command. Scripts, render-farm schedulers and CI rely on
/// these three values, so they never change meaning.
/// </summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>
    /// The input was fine but the work failed at run time: an unhandled exception, reported on stderr
    /// as <c>sim: error: &lt;message&gt;</c> (with the stack trace only when <c>SIM_DEBUG=1</c>).
    /// A retry may succeed; a scheduler may reschedule the shard.
    /// </summary>
    public const int Failure = 1;

    /// <summary>
    /// Bad input or usage: an unknown command or option, a missing or malformed argument, a command
    /// that is not built yet. Retrying the same command line cannot succeed.
    /// </summary>
    public const int Usage = 2;
}
