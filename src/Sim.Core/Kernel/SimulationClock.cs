namespace Sim.Core.Kernel;

/// <summary>
/// The fixed-step clock, kept as a world resource. Time is <see cref="Tick"/> × <see cref="Dt"/>, computed, never
/// accumulated, so it carries no rounding drift however long a run is.
/// </summary>
public struct SimulationClock
{
    /// <summary>Creates a clock at tick 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dt"/> is not a positive finite number of seconds.</exception>
    public SimulationClock(double dt)
    {
        if (!double.IsFinite(dt) || dt <= 0 || dt > 3600)
        {
            throw new ArgumentOutOfRangeException(nameof(dt), dt, "The time step dt must be a finite number of seconds in (0, 3600].");
        }

        Dt = dt;
        Tick = 0;
    }

    /// <summary>The fixed time step in seconds.</summary>
    public double Dt { get; private set; }

    /// <summary>Steps completed so far; during a step, the index of the step being computed.</summary>
    public long Tick { get; internal set; }

    /// <summary>Simulated time in seconds at the start of the current step: <c>Tick × Dt</c>.</summary>
    public readonly double Time => Tick * Dt;

    /// <inheritdoc/>
    public override readonly string ToString() => $"tick {Tick}, t = {Time:0.###} s, dt = {Dt} s";
}
