namespace Sim.Core.Ecs;

/// <summary>
/// A cached query of one <see cref="World"/>: the archetypes that match a <see cref="QueryDescription"/>, in
/// creation order. Archetypes created after the query are picked up incrementally the next time it is used.
/// Obtain one with <see cref="World.Query(QueryDescription)"/>.
/// </summary>
public sealed class Query
{
    private readonly World _world;
    private readonly List<Archetype> _matched = [];
    private int _archetypesSeen;

    internal Query(World world, QueryDescription description)
    {
        _world = world;
        Description = description;
    }

    /// <summary>What the query matches.</summary>
    public QueryDescription Description { get; }

    /// <summary>The matching archetypes, in creation order (including empty ones).</summary>
    public IReadOnlyList<Archetype> Archetypes
    {
        get
        {
            Refresh();
            return _matched;
        }
    }

    /// <summary>Number of matching entities.</summary>
    public int Count
    {
        get
        {
            Refresh();
            int count = 0;
            foreach (Archetype archetype in _matched)
            {
                count += archetype.Count;
            }

            return count;
        }
    }

    /// <summary>Number of chunks an iteration visits now (size per-chunk result arrays with it).</summary>
    public int ChunkCount
    {
        get
        {
            Refresh();
            int chunks = 0;
            foreach (Archetype archetype in _matched)
            {
                chunks += (archetype.Count + World.ChunkRows - 1) / World.ChunkRows;
            }

            return chunks;
        }
    }

    /// <summary>The chunks, for <c>foreach (Chunk chunk in query.GetChunks())</c>. Structural changes throw until the loop ends.</summary>
    public ChunkEnumerable GetChunks()
    {
        Refresh();
        return new ChunkEnumerable(_world, _matched);
    }

    /// <summary>Fills <paramref name="chunks"/> with the chunks in iteration order (for parallel dispatch).</summary>
    internal void CollectChunks(List<Chunk> chunks)
    {
        Refresh();
        chunks.Clear();
        foreach (Archetype archetype in _matched)
        {
            for (int start = 0; start < archetype.Count; start += World.ChunkRows)
            {
                chunks.Add(new Chunk(archetype, start, Math.Min(World.ChunkRows, archetype.Count - start), chunks.Count));
            }
        }
    }

    internal List<Archetype> MatchedArchetypes
    {
        get
        {
            Refresh();
            return _matched;
        }
    }

    /// <summary>Adds archetypes created since the last use. Thread-safe: chunk jobs may read queries concurrently
    /// (archetypes cannot be created while they run, so once up to date the list is only read).</summary>
    private void Refresh()
    {
        IReadOnlyList<Archetype> all = _world.Archetypes;
        if (Volatile.Read(ref _archetypesSeen) == all.Count)
        {
            return;
        }

        lock (_matched)
        {
            int seen = _archetypesSeen;
            for (; seen < all.Count; seen++)
            {
                if (Description.Matches(all[seen].Types))
                {
                    _matched.Add(all[seen]);
                }
            }

            Volatile.Write(ref _archetypesSeen, seen);
        }
    }
}

/// <summary>The chunks of a query, enumerable with <c>foreach</c>; the world refuses structural changes until the loop ends.</summary>
public readonly ref struct ChunkEnumerable
{
    private readonly World _world;
    private readonly List<Archetype> _archetypes;

    internal ChunkEnumerable(World world, List<Archetype> archetypes)
    {
        _world = world;
        _archetypes = archetypes;
    }

    /// <summary>Starts the iteration (and the world's structural-change guard).</summary>
    public ChunkEnumerator GetEnumerator() => new(_world, _archetypes);
}

/// <summary>Walks the chunks of matching archetypes in creation order, then row order.</summary>
public ref struct ChunkEnumerator
{
    private readonly World _world;
    private readonly List<Archetype> _archetypes;
    private int _archetype;
    private int _start;
    private int _index;
    private readonly long _token;

    internal ChunkEnumerator(World world, List<Archetype> archetypes)
    {
        _world = world;
        _archetypes = archetypes;
        _archetype = 0;
        _start = -World.ChunkRows;
        _index = -1;
        _token = world.BeginIteration();
    }

    /// <summary>The current chunk.</summary>
    public Chunk Current { get; private set; }

    /// <summary>Advances to the next non-empty chunk.</summary>
    public bool MoveNext()
    {
        while (_archetype < _archetypes.Count)
        {
            Archetype archetype = _archetypes[_archetype];
            _start += World.ChunkRows;
            if (_start < archetype.Count)
            {
                _index++;
                Current = new Chunk(archetype, _start, Math.Min(World.ChunkRows, archetype.Count - _start), _index);
                return true;
            }

            _archetype++;
            _start = -World.ChunkRows;
        }

        return false;
    }

    /// <summary>Ends the iteration and lifts the world's structural-change guard.</summary>
    public void Dispose()
    {
        _world.EndIteration(_token);
    }
}
