using System.Runtime.CompilerServices;

namespace Sim.Core.Traffic.Safety;

/// <summary>Overlapping pairs found in one step (or one part of it): stable ids ordered, with the actors' indices in
/// the step's <see cref="ActorBoxes"/>. Reused from step to step; it only grows.</summary>
internal sealed class OverlapBuffer
{
    private Overlap[] _items = new Overlap[16];

    public int Count { get; private set; }

    public Span<Overlap> Items => _items.AsSpan(0, Count);

    public void Clear() => Count = 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ulong idI, ulong idJ, int i, int j)
    {
        if (Count == _items.Length)
        {
            Grow(Count + 1);
        }

        _items[Count++] = idI < idJ ? new Overlap(new ContactPair(idI, idJ), i, j) : new Overlap(new ContactPair(idJ, idI), j, i);
    }

    /// <summary>Appends another buffer's pairs.</summary>
    public void AddRange(OverlapBuffer other)
    {
        if (Count + other.Count > _items.Length)
        {
            Grow(Count + other.Count);
        }

        other.Items.CopyTo(_items.AsSpan(Count));
        Count += other.Count;
    }

    /// <summary>Sorts by the pairs' stable ids (unique, so the order is total).</summary>
    public void Sort() => Items.Sort();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int needed) => Array.Resize(ref _items, Math.Max(needed, 2 * _items.Length));
}

/// <summary>An overlapping pair: ids ordered; <see cref="Low"/> and <see cref="High"/> index the actor of each id.</summary>
internal readonly record struct Overlap(ContactPair Pair, int Low, int High) : IComparable<Overlap>
{
    public int CompareTo(Overlap other) => Pair.CompareTo(other.Pair);
}
