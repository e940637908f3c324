namespace Sim.Scenarios.Events;

/// <summary>What happened to one action of a fired event.</summary>
public enum ActionOutcome
{
    /// <summary>Applied.</summary>
    Applied = 0,

    /// <summary>Not applied: its actor is not in the world (not spawned yet, or gone).</summary>
    Skipped = 1,

    /// <summary>Not applied: the world refused it (e.g. no lane on that side); the detail says why.</summary>
    Refused = 2,
}

/// <summary>One action of a fired event, as it went.</summary>
/// <param name="Tick">The step in which the event fired (its actions act from the next step).</param>
/// <param name="Time">Simulation time at the end of that step, s.</param>
/// <param name="Event">The event's name.</param>
/// <param name="Action">The action's name.</param>
/// <param name="Actor">The actor acted on, or null.</param>
/// <param name="Outcome">How it went.</param>
/// <param name="Detail">Why it was skipped or refused, else empty.</param>
public sealed record EventRecord(long Tick, double Time, string Event, string Action, string? Actor, ActionOutcome Outcome, string Detail);

/// <summary>The scenario events that fired, in order: a managed world resource written by
/// <see cref="ScenarioEventSystem"/>, for the manifest and for tests.</summary>
public sealed class EventLog
{
    private readonly List<EventRecord> _records = [];

    /// <summary>Every action of every fired event, in firing order.</summary>
    public IReadOnlyList<EventRecord> Records => _records;

    /// <summary>The names of the events that fired, in order.</summary>
    public IEnumerable<string> Fired => _records.Select(r => r.Event).Distinct();

    internal void Add(EventRecord record) => _records.Add(record);
}
