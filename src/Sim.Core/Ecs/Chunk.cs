namespace Sim.Core.Ecs;

/// <summary>
/// A run of at most <see cref="World.ChunkRows"/> consecutive rows of one archetype: the unit of iteration and
/// of parallel work. Spans from a chunk are valid until the next structural change.
/// </summary>
public readonly struct Chunk
{
    internal Chunk(Archetype archetype, int start, int count, int index)
    {
        Archetype = archetype;
        Start = start;
        Count = count;
        Index = index;
    }

    /// <summary>The archetype whose rows these are.</summary>
    public Archetype Archetype { get; }

    /// <summary>First row in the archetype.</summary>
    public int Start { get; }

    /// <summary>Number of rows.</summary>
    public int Count { get; }

    /// <summary>Position of this chunk in the query's iteration order (0-based); the same whatever the thread count,
    /// so per-chunk results written to slot <see cref="Index"/> reduce deterministically.</summary>
    public int Index { get; }

    /// <summary>The entities of the rows.</summary>
    public ReadOnlySpan<Entity> Entities => Archetype.Entities.Slice(Start, Count);

    /// <summary>The rows' values of <typeparamref name="T"/>.</summary>
    /// <exception cref="ComponentMismatchException">The archetype has no <typeparamref name="T"/>.</exception>
    public Span<T> GetSpan<T>() where T : unmanaged => Archetype.GetSpan<T>(Start, Count);

    /// <summary>Whether the rows have <typeparamref name="T"/> (for queries with Any).</summary>
    public bool Has<T>() where T : unmanaged => Archetype.Has<T>();
}
