namespace Sim.Core.Traffic.Safety;

/// <summary>
/// The ego's conflict-point encounters so far, a managed world resource written by the <see cref="EgoMetricsSystem"/>
/// (which creates it when the world has none), in the order they completed. It also keeps the state that tracks
/// passages of the network's conflict areas between steps.
/// </summary>
/// <remarks>Like every managed resource it is not part of world snapshots: after a restore, set the same log again
/// or passages under way at the restore are not measured.</remarks>
public sealed class PostEncroachmentLog
{
    private readonly List<PostEncroachment> _encounters = new(capacity: 64);

    /// <summary>Encounters by tick; within a tick in a fixed order that depends neither on threads nor on how entities are stored.</summary>
    public IReadOnlyList<PostEncroachment> Encounters => _encounters;

    /// <summary>Forgets the encounters recorded so far (e.g. once written out); passages under way are kept.</summary>
    public void ClearEncounters() => _encounters.Clear();

    internal ConflictPassageTracker? Tracker { get; set; }

    internal void Add(in PostEncroachment encounter) => _encounters.Add(encounter);
}
