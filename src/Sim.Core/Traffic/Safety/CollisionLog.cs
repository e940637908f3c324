namespace Sim.Core.Traffic.Safety;

/// <summary>
/// The collisions of a run, a managed world resource written by the <see cref="CollisionSystem"/> (which creates it
/// when the world has none): every new contact as a <see cref="CollisionEvent"/>, ordered by tick, then by the pair's
/// stable ids, and the pairs in contact after the latest step (to tell a new contact from a lasting one).
/// </summary>
/// <remarks>Like every managed resource it is not part of world snapshots; the active contacts are mirrored as
/// <see cref="ActiveContact"/> entities, from which the system seeds a fresh log after a restore, so lasting contacts
/// are not reported twice. The events already written out are the caller's to keep.</remarks>
public sealed class CollisionLog
{
    private readonly List<CollisionEvent> _events = new(capacity: 64);
    private ContactPair[] _active = [];
    private int _activeCount;

    /// <summary>Every new contact so far, by tick, then by <see cref="CollisionEvent.IdA"/> and <see cref="CollisionEvent.IdB"/>.</summary>
    public IReadOnlyList<CollisionEvent> Events => _events;

    /// <summary>The pairs in contact in the latest step's state, sorted (ignored class pairs excluded).</summary>
    public ReadOnlySpan<ContactPair> ActiveContacts => _active.AsSpan(0, _activeCount);

    /// <summary>The tick of the latest step the log was updated in, or −1.</summary>
    public long LastTick { get; private set; } = -1;

    /// <summary>Forgets the events recorded so far (e.g. once they are written out); the active contacts stay.</summary>
    public void ClearEvents() => _events.Clear();

    internal void Add(in CollisionEvent e) => _events.Add(e);

    /// <summary>Replaces the active contacts with the sorted <paramref name="pairs"/>.</summary>
    internal void SetActive(ReadOnlySpan<ContactPair> pairs, long tick)
    {
        if (_active.Length < pairs.Length)
        {
            _active = new ContactPair[Math.Max(pairs.Length, 2 * _active.Length)];
        }

        pairs.CopyTo(_active);
        _activeCount = pairs.Length;
        LastTick = tick;
    }
}
