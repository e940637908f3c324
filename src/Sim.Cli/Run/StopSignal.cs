using System.Runtime.InteropServices;

namespace Sim.Cli.Run;

/// <summary>
/// SIGTERM (what Kubernetes, Slurm and AWS Batch send before they kill a pre-empted task) and SIGINT (Ctrl-C) asking a
/// run to stop: the first one is caught and only sets <see cref="Requested"/>, so the run finishes the frame in hand,
/// flushes what is written and exits with <see cref="ExitCodes.Stopped"/>; a second one is not caught and ends the
/// process at once (which a later run also resumes from).
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;
    private volatile string? _signal;

    private StopSignal()
    {
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGTERM, Catch), PosixSignalRegistration.Create(PosixSignal.SIGINT, Catch)];
    }

    /// <summary>Whether a stop was asked for.</summary>
    public bool Requested => _signal is not null;

    /// <summary>The signal's name (SIGTERM, SIGINT), or null.</summary>
    public string? Signal => _signal;

    /// <summary>Starts listening for SIGTERM and SIGINT until disposed.</summary>
    public static StopSignal Listen() => new();

    /// <summary>Throws <see cref="RunStoppedException"/> when a stop was asked for: called between frames and days.</summary>
    public void ThrowIfRequested(string where)
    {
        if (_signal is { } signal)
        {
            throw new RunStoppedException(signal, where);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (PosixSignalRegistration r in _registrations)
        {
            r.Dispose();
        }
    }

    private void Catch(PosixSignalContext context)
    {
        if (_signal is null)
        {
            _signal = context.Signal == PosixSignal.SIGTERM ? "SIGTERM" : "SIGINT";
            context.Cancel = true; // keep running to the end of the frame
        }
    }
}

/// <summary>A run stopped between frames (or ledger days) because a stop signal arrived; everything written is intact.</summary>
internal sealed class RunStoppedException : Exception
{
    /// <summary>Stopped by <paramref name="signal"/> at <paramref name="where"/> (e.g. "before frame 12 of …").</summary>
    public RunStoppedException(string signal, string where)
        : base($"stopped by {signal} {where}; what is written is intact, and the same command resumes it")
    {
        Signal = signal;
    }

    /// <summary>The signal's name.</summary>
    public string Signal { get; }
}
