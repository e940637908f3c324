using System.Runtime.CompilerServices;

namespace Sim.Core.Ecs;

/// <summary>
/// An archetype ECS world: entities, their unmanaged components in archetype tables, cached queries and
/// world resources. Not thread-safe for structural changes; parallel queries read and write component values
/// from worker threads and defer structural changes to per-chunk <see cref="CommandBuffer"/>s.
/// </summary>
/// <remarks>
/// Determinism: entity ids are recycled last-destroyed-first, archetypes are kept in creation order, rows in
/// insertion order with swap-back removal, so the same sequence of operations always gives the same ids and
/// the same iteration order. The world holds no global state; two worlds never share anything but
/// process-wide <see cref="ComponentType"/> metadata.
/// </remarks>
public sealed partial class World
{
    /// <summary>Rows per chunk: the fixed unit of iteration and of parallel work. Fixed so that the partition
    /// of work, and so any per-chunk result, never depends on the number of threads.</summary>
    /// <remarks>1,024 rows keeps the per-chunk overhead negligible (the 1M-entity update runs at the plain loop's speed,
    /// bench/run ecs) while giving 10,000 vehicles ten chunks to balance over two threads; with 4,096 rows the traffic
    /// step got only 1.28× from a second thread.</remarks>
    public const int ChunkRows = 1024;

    private readonly List<Archetype> _archetypes = [];
    private readonly Dictionary<ComponentSet, Archetype> _archetypeBySet = [];
    private Archetype?[] _archetypeBySignature = [];
    private EntitySlot[] _slots = new EntitySlot[256];
    private int _slotCount;
    private int[] _free = new int[64];
    private int _freeCount;
    private int _iterating;
    private long _nextIterationToken;
    private readonly HashSet<long> _activeIterations = [];

    /// <summary>Creates an empty world.</summary>
    public World()
    {
        GetOrCreateArchetype(ComponentSet.Empty);
    }

    /// <summary>Number of live entities.</summary>
    public int Count { get; private set; }

    /// <summary>Archetypes in creation order (including empty ones).</summary>
    public IReadOnlyList<Archetype> Archetypes => _archetypes;

    /// <summary>Worker threads that parallel queries may use (1 = run on the calling thread). Results never depend on it.</summary>
    public int WorkerThreads
    {
        get;
        set => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "WorkerThreads must be at least 1.");
    } = 1;

    /// <summary>True while a query iterates; structural changes then throw <see cref="StructuralChangeException"/>.</summary>
    public bool IsIterating => Volatile.Read(ref _iterating) != 0;

    /// <summary>Makes room for <paramref name="entities"/> live entities in all, so that creating that many grows no
    /// table on the way (a population built entity by entity would otherwise copy its entity table about twenty times).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="entities"/> is negative.</exception>
    public void EnsureCapacity(int entities)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(entities);
        if (entities > _slots.Length)
        {
            Array.Resize(ref _slots, entities);
        }
    }

    /// <summary>Creates an entity with no components.</summary>
    public Entity Create()
    {
        AssertNotIterating(nameof(Create), Entity.Null);
        Archetype archetype = _archetypes[0];
        return CreateIn(archetype, out _);
    }

    /// <summary>Creates an entity with the given component types, values zeroed (used by command buffers and snapshots).</summary>
    internal Entity CreateIn(Archetype archetype, out int row)
    {
        int id;
        int version;
        if (_freeCount > 0)
        {
            id = _free[--_freeCount];
            version = _slots[id].Version;
        }
        else
        {
            if (_slotCount == _slots.Length)
            {
                Array.Resize(ref _slots, _slots.Length * 2);
            }

            id = _slotCount++;
            version = 1;
        }

        var entity = new Entity(id, version);
        row = archetype.AddRow(entity);
        ref EntitySlot slot = ref _slots[id];
        slot.Archetype = archetype;
        slot.Row = row;
        slot.Version = version;
        Count++;
        return entity;
    }

    /// <summary>Destroys an entity; its handle becomes stale and its id is recycled with a new version (a slot whose
    /// version reached <see cref="int.MaxValue"/> is retired instead, never reused).</summary>
    /// <exception cref="EntityNotAliveException">The entity is not alive.</exception>
    /// <exception cref="StructuralChangeException">A query is iterating.</exception>
    public void Destroy(Entity entity)
    {
        AssertNotIterating(nameof(Destroy), entity);
        ref EntitySlot slot = ref SlotOf(entity, nameof(Destroy));
        RemoveFromArchetype(slot.Archetype!, slot.Row);
        slot.Archetype = null;
        slot.Row = -1;
        Count--;
        if (slot.Version == int.MaxValue)
        {
            // Retired: a wrapped version would bring a first-generation handle back to life.
            return;
        }

        slot.Version++;
        if (_freeCount == _free.Length)
        {
            Array.Resize(ref _free, _free.Length * 2);
        }

        _free[_freeCount++] = entity.Id;
    }

    /// <summary>Whether the handle names a live entity (a stale or null handle is not alive).</summary>
    public bool IsAlive(Entity entity) =>
        (uint)entity.Id < (uint)_slotCount && _slots[entity.Id].Version == entity.Version && _slots[entity.Id].Archetype is not null;

    /// <summary>The archetype that holds the entity's row.</summary>
    /// <exception cref="EntityNotAliveException">The entity is not alive.</exception>
    public Archetype GetArchetype(Entity entity) => SlotOf(entity, nameof(GetArchetype)).Archetype!;

    /// <summary>Every live entity, in archetype creation order then row order (allocates; for tools and tests).</summary>
    public List<Entity> GetEntities()
    {
        var list = new List<Entity>(Count);
        foreach (Archetype archetype in _archetypes)
        {
            list.AddRange(archetype.Entities);
        }

        return list;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref EntitySlot SlotOf(Entity entity, string operation)
    {
        if ((uint)entity.Id >= (uint)_slotCount)
        {
            ThrowHelper.NotAlive(entity, operation, 0, _slotCount);
        }

        ref EntitySlot slot = ref _slots[entity.Id];
        if (slot.Version != entity.Version || slot.Archetype is null)
        {
            ThrowHelper.NotAlive(entity, operation, slot.Version, _slotCount);
        }

        return ref slot;
    }

    private void RemoveFromArchetype(Archetype archetype, int row)
    {
        Entity moved = archetype.RemoveRow(row);
        if (moved.Version != 0)
        {
            _slots[moved.Id].Row = row;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AssertNotIterating(string operation, Entity entity)
    {
        if (_iterating != 0)
        {
            ThrowHelper.StructuralChange(operation, entity);
        }
    }

    /// <summary>Raises the structural-change guard for one iteration; returns the token that lowers it again.</summary>
    internal long BeginIteration()
    {
        long token = Interlocked.Increment(ref _nextIterationToken);
        lock (_activeIterations)
        {
            _activeIterations.Add(token);
        }

        Interlocked.Increment(ref _iterating);
        return token;
    }

    /// <summary>Lowers the guard raised with <paramref name="token"/>; a second call with the same token (a copied
    /// enumerator disposed twice) does nothing, so the guard can never stay up or drop below an active iteration.</summary>
    internal void EndIteration(long token)
    {
        lock (_activeIterations)
        {
            if (!_activeIterations.Remove(token))
            {
                return;
            }
        }

        Interlocked.Decrement(ref _iterating);
    }

    /// <summary>The archetype for exactly these component types, created (and announced to cached queries) on first use.</summary>
    internal Archetype GetOrCreateArchetype(ComponentSet types)
    {
        if (_archetypeBySet.TryGetValue(types, out Archetype? archetype))
        {
            return archetype;
        }

        archetype = new Archetype(_archetypes.Count, types);
        _archetypes.Add(archetype);
        _archetypeBySet.Add(types, archetype);
        return archetype;
    }

    /// <summary>The archetype of a fixed component signature, cached by the signature's static id (see <see cref="Signature"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Archetype ArchetypeFor(Signature signature)
    {
        Archetype?[] cache = _archetypeBySignature;
        if ((uint)signature.Id < (uint)cache.Length && cache[signature.Id] is { } archetype)
        {
            return archetype;
        }

        return CacheArchetypeFor(signature);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Archetype CacheArchetypeFor(Signature signature)
    {
        Archetype archetype = GetOrCreateArchetype(signature.Types);
        if (signature.Id >= _archetypeBySignature.Length)
        {
            Array.Resize(ref _archetypeBySignature, Math.Max(signature.Id + 1, _archetypeBySignature.Length * 2));
        }

        _archetypeBySignature[signature.Id] = archetype;
        return archetype;
    }

    private struct EntitySlot
    {
        public Archetype? Archetype;
        public int Row;
        public int Version;
    }
}
