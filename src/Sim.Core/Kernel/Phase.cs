namespace Sim.Core.Kernel;

/// <summary>The ordered phases of a simulation step; systems run phase by phase, in registration order within a phase.</summary>
public enum Phase
{
    /// <summary>Decisions: drivers, pedestrians, customers, fraudsters choose what to do.</summary>
    Behaviour = 0,

    /// <summary>Motion and state integration over the step.</summary>
    Physics = 1,

    /// <summary>Triggers, collisions, scripted events and their actions.</summary>
    Events = 2,

    /// <summary>Sensor ticks that read the world after it has moved.</summary>
    Sensors = 3,

    /// <summary>Emitting what the step produced (labels, ledger rows).</summary>
    Output = 4,
}
