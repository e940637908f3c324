namespace Sim.Cli;

/// <summary>
/// The process exit codes of the <c>sim</c> command. Scripts, render-farm schedulers and CI rely on
/// these values, so they never change meaning. (docs/batch.md lists them with what a scheduler should do.)
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

    /// <summary>
    /// <c>sim batch status</c>: the batch is not finished — some variation is incomplete or missing. Nothing is wrong
    /// with what is there; run the missing shards (again).
    /// </summary>
    public const int Incomplete = 3;

    /// <summary>
    /// Stopped on request: SIGTERM (a pre-empting scheduler) or SIGINT arrived, the frame in hand was finished and
    /// flushed, and the process exited cleanly. 143 is 128 + SIGTERM, what a scheduler sees from a task that obeyed
    /// SIGTERM. Everything written is intact; the same command resumes.
    /// </summary>
    public const int Stopped = 143;
}
