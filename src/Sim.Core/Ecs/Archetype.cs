using System.Runtime.CompilerServices;

namespace Sim.Core.Ecs;

/// <summary>
/// A table of all entities that have exactly one set of component types: one contiguous <see cref="Column"/>
/// per type plus the entity column. Rows are dense; removing a row moves the last row into its place.
/// </summary>
public sealed class Archetype
{
    private const int InitialCapacity = 16;

    private readonly Column[] _columns;
    private readonly int[] _columnOf; // component id -> column index, -1 when absent
    private readonly Column[] _columnsByName; // the same columns in stable (ordinal name) order
    private Entity[] _entities = new Entity[InitialCapacity];
    private Archetype?[] _addEdges = [];
    private Archetype?[] _removeEdges = [];

    internal Archetype(int index, ComponentSet types)
    {
        Index = index;
        Types = types;
        ReadOnlySpan<int> ids = types.Ids;
        foreach (int id in ids)
        {
            ComponentType.FromId(id).ThrowIfUnusable();
        }

        _columns = new Column[ids.Length];
        _columnOf = new int[ids.Length == 0 ? 0 : ids[^1] + 1];
        Array.Fill(_columnOf, -1);
        for (int i = 0; i < ids.Length; i++)
        {
            _columns[i] = ComponentType.FromId(ids[i]).CreateColumn();
            _columns[i].Resize(InitialCapacity);
            _columnOf[ids[i]] = i;
        }

        _columnsByName = [.. _columns.OrderBy(c => c.Type.Name, StringComparer.Ordinal)];
        Capacity = InitialCapacity;
    }

    /// <summary>Position in the world's archetype list (creation order).</summary>
    public int Index { get; }

    /// <summary>The component types of every row.</summary>
    public ComponentSet Types { get; }

    /// <summary>Number of rows (entities).</summary>
    public int Count { get; private set; }

    internal int Capacity { get; private set; }

    /// <summary>The entity of each row.</summary>
    public ReadOnlySpan<Entity> Entities => new(_entities, 0, Count);

    internal ReadOnlySpan<Column> ColumnsByName => _columnsByName;

    /// <summary>Whether rows have component <typeparamref name="T"/>.</summary>
    public bool Has<T>() where T : unmanaged => ColumnIndexOf(ComponentType<T>.Id) >= 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int ColumnIndexOf(int componentId) =>
        (uint)componentId < (uint)_columnOf.Length ? _columnOf[componentId] : -1;

    /// <summary>The column of <typeparamref name="T"/>; throws when rows lack it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal T[] GetArray<T>() where T : unmanaged
    {
        int column = ColumnIndexOf(ComponentType<T>.Id);
        if (column < 0)
        {
            ThrowHelper.ArchetypeLacks(this, typeof(T));
        }

        return Unsafe.As<Column<T>>(_columns[column]).Items;
    }

    /// <summary>The values of <typeparamref name="T"/> in rows [start, start + length).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range reaches past <see cref="Count"/>.</exception>
    public Span<T> GetSpan<T>(int start, int length) where T : unmanaged
    {
        if ((uint)start > (uint)Count || (uint)length > (uint)(Count - start))
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"Rows [{start}, {start + length}) are outside the {Count} rows of archetype {Types}.");
        }

        return new(GetArray<T>(), start, length);
    }

    internal Column ColumnAt(int index) => _columns[index];

    internal Column? ColumnOf(int componentId)
    {
        int column = ColumnIndexOf(componentId);
        return column < 0 ? null : _columns[column];
    }

    /// <summary>Appends a row for <paramref name="entity"/> (component values zeroed) and returns its index.</summary>
    internal int AddRow(Entity entity)
    {
        if (Count == Capacity)
        {
            Grow(Count + 1);
        }

        _entities[Count] = entity;
        return Count++;
    }

    /// <summary>Appends <paramref name="count"/> rows at once (bulk creation); returns the first row.</summary>
    internal int AddRows(int count)
    {
        if (Count + count > Capacity)
        {
            Grow(Count + count);
        }

        int first = Count;
        Count += count;
        return first;
    }

    internal void SetEntity(int row, Entity entity) => _entities[row] = entity;

    internal Span<Entity> EntitySpan(int start, int length) => new(_entities, start, length);

    /// <summary>Removes a row by moving the last row into it. Returns the entity that moved, or <see cref="Entity.Null"/>.</summary>
    internal Entity RemoveRow(int row)
    {
        int last = Count - 1;
        Entity moved = Entity.Null;
        if (row != last)
        {
            moved = _entities[last];
            _entities[row] = moved;
            foreach (Column column in _columns)
            {
                column.MoveRow(last, row);
            }
        }

        foreach (Column column in _columns)
        {
            column.ClearRow(last);
        }

        _entities[last] = Entity.Null;
        Count = last;
        return moved;
    }

    /// <summary>Copies the values of every column both archetypes share from a row of this one to a row of <paramref name="target"/>.</summary>
    internal void CopySharedColumns(int row, Archetype target, int targetRow)
    {
        foreach (Column column in _columns)
        {
            Column? other = target.ColumnOf(column.Type.Id);
            if (other is not null)
            {
                column.CopyRowTo(row, other, targetRow);
            }
        }
    }

    internal Archetype? GetAddEdge(int componentId) =>
        (uint)componentId < (uint)_addEdges.Length ? _addEdges[componentId] : null;

    internal Archetype? GetRemoveEdge(int componentId) =>
        (uint)componentId < (uint)_removeEdges.Length ? _removeEdges[componentId] : null;

    internal void SetAddEdge(int componentId, Archetype target) => SetEdge(ref _addEdges, componentId, target);

    internal void SetRemoveEdge(int componentId, Archetype target) => SetEdge(ref _removeEdges, componentId, target);

    private static void SetEdge(ref Archetype?[] edges, int componentId, Archetype target)
    {
        if (componentId >= edges.Length)
        {
            Array.Resize(ref edges, Math.Max(componentId + 1, edges.Length * 2));
        }

        edges[componentId] = target;
    }

    internal void EnsureCapacity(int capacity)
    {
        if (capacity > Capacity)
        {
            Grow(capacity);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int required)
    {
        int capacity = Math.Max(required, Math.Max(InitialCapacity, Capacity * 2));
        Array.Resize(ref _entities, capacity);
        foreach (Column column in _columns)
        {
            column.Resize(capacity);
        }

        Capacity = capacity;
    }

    /// <inheritdoc/>
    public override string ToString() => $"Archetype #{Index} {Types} ({Count} entities)";
}
