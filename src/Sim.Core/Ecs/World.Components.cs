using System.Runtime.CompilerServices;

namespace Sim.Core.Ecs;

public sealed partial class World
{
    /// <summary>A reference to the entity's <typeparamref name="T"/>, valid until the next structural change.</summary>
    /// <exception cref="EntityNotAliveException">The entity is not alive.</exception>
    /// <exception cref="ComponentMismatchException">The entity has no <typeparamref name="T"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref T Get<T>(Entity entity) where T : unmanaged
    {
        ref EntitySlot slot = ref SlotOf(entity, nameof(Get));
        Archetype archetype = slot.Archetype!;
        int column = archetype.ColumnIndexOf(ComponentType<T>.Id);
        if (column < 0)
        {
            ThrowHelper.MissingComponent(entity, typeof(T), nameof(Get), archetype);
        }

        return ref Unsafe.As<Column<T>>(archetype.ColumnAt(column)).Items[slot.Row];
    }

    /// <summary>Whether the live entity has <typeparamref name="T"/>.</summary>
    /// <exception cref="EntityNotAliveException">The entity is not alive.</exception>
    public bool Has<T>(Entity entity) where T : unmanaged =>
        SlotOf(entity, nameof(Has)).Archetype!.ColumnIndexOf(ComponentType<T>.Id) >= 0;

    /// <summary>Reads the entity's <typeparamref name="T"/> if it has one.</summary>
    /// <exception cref="EntityNotAliveException">The entity is not alive.</exception>
    public bool TryGet<T>(Entity entity, out T value) where T : unmanaged
    {
        ref EntitySlot slot = ref SlotOf(entity, nameof(TryGet));
        int column = slot.Archetype!.ColumnIndexOf(ComponentType<T>.Id);
        if (column < 0)
        {
            value = default;
            return false;
        }

        value = Unsafe.As<Column<T>>(slot.Archetype.ColumnAt(column)).Items[slot.Row];
        return true;
    }

    /// <summary>Overwrites the entity's existing <typeparamref name="T"/>. Not a structural change: allowed during iteration.</summary>
    /// <exception cref="EntityNotAliveException">The entity is not alive.</exception>
    /// <exception cref="ComponentMismatchException">The entity has no <typeparamref name="T"/>.</exception>
    public void Set<T>(Entity entity, in T value) where T : unmanaged
    {
        ref EntitySlot slot = ref SlotOf(entity, nameof(Set));
        int column = slot.Archetype!.ColumnIndexOf(ComponentType<T>.Id);
        if (column < 0)
        {
            ThrowHelper.MissingComponent(entity, typeof(T), nameof(Set), slot.Archetype);
        }

        Unsafe.As<Column<T>>(slot.Archetype.ColumnAt(column)).Items[slot.Row] = value;
    }

    /// <summary>Adds <typeparamref name="T"/> with a value, moving the entity's row to the archetype that has it.</summary>
    /// <exception cref="EntityNotAliveException">The entity is not alive.</exception>
    /// <exception cref="ComponentMismatchException">The entity already has a <typeparamref name="T"/>.</exception>
    /// <exception cref="StructuralChangeException">A query is iterating.</exception>
    public void Add<T>(Entity entity, in T value) where T : unmanaged
    {
        int row = AddComponent(entity, ComponentType<T>.Id, typeof(T), out Archetype target);
        target.GetArray<T>()[row] = value;
    }

    /// <summary>Adds <typeparamref name="T"/> with its default value.</summary>
    /// <inheritdoc cref="Add{T}(Entity, in T)"/>
    public void Add<T>(Entity entity) where T : unmanaged => AddComponent(entity, ComponentType<T>.Id, typeof(T), out _);

    /// <summary>Removes <typeparamref name="T"/>, moving the entity's row to the archetype without it.</summary>
    /// <exception cref="EntityNotAliveException">The entity is not alive.</exception>
    /// <exception cref="ComponentMismatchException">The entity has no <typeparamref name="T"/>.</exception>
    /// <exception cref="StructuralChangeException">A query is iterating.</exception>
    public void Remove<T>(Entity entity) where T : unmanaged => RemoveComponent(entity, ComponentType<T>.Id, typeof(T));

    /// <summary>Adds a component by type id; returns the entity's new row, whose new column is zeroed.</summary>
    internal int AddComponent(Entity entity, int componentId, Type type, out Archetype target)
    {
        if (_iterating != 0)
        {
            ThrowHelper.StructuralChange($"Add<{type.Name}>", entity);
        }

        ref EntitySlot slot = ref SlotOf(entity, nameof(Add));
        Archetype source = slot.Archetype!;
        if (source.ColumnIndexOf(componentId) >= 0)
        {
            ThrowHelper.DuplicateComponent(entity, type);
        }

        target = source.GetAddEdge(componentId) ?? CacheAddEdge(source, componentId);
        int row = MoveRow(ref slot, entity, target);
        return row;
    }

    internal void RemoveComponent(Entity entity, int componentId, Type type)
    {
        if (_iterating != 0)
        {
            ThrowHelper.StructuralChange($"Remove<{type.Name}>", entity);
        }

        ref EntitySlot slot = ref SlotOf(entity, nameof(Remove));
        Archetype source = slot.Archetype!;
        if (source.ColumnIndexOf(componentId) < 0)
        {
            ThrowHelper.MissingComponent(entity, type, nameof(Remove), source);
        }

        Archetype target = source.GetRemoveEdge(componentId) ?? CacheRemoveEdge(source, componentId);
        MoveRow(ref slot, entity, target);
    }

    /// <summary>Sets a component from raw bytes (command buffer playback).</summary>
    internal void SetBytes(Entity entity, int componentId, ReadOnlySpan<byte> bytes)
    {
        ref EntitySlot slot = ref SlotOf(entity, nameof(Set));
        Column? column = slot.Archetype!.ColumnOf(componentId);
        if (column is null)
        {
            ThrowHelper.MissingComponent(entity, ComponentType.FromId(componentId).Type, nameof(Set), slot.Archetype);
        }

        column.SetRowBytes(slot.Row, bytes);
    }

    private int MoveRow(ref EntitySlot slot, Entity entity, Archetype target)
    {
        Archetype source = slot.Archetype!;
        int oldRow = slot.Row;
        int newRow = target.AddRow(entity);
        source.CopySharedColumns(oldRow, target, newRow);
        RemoveFromArchetype(source, oldRow);
        slot.Archetype = target;
        slot.Row = newRow;
        return newRow;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Archetype CacheAddEdge(Archetype source, int componentId)
    {
        Archetype target = GetOrCreateArchetype(source.Types.With(componentId));
        source.SetAddEdge(componentId, target);
        target.SetRemoveEdge(componentId, source);
        return target;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Archetype CacheRemoveEdge(Archetype source, int componentId)
    {
        Archetype target = GetOrCreateArchetype(source.Types.Without(componentId));
        source.SetRemoveEdge(componentId, target);
        target.SetAddEdge(componentId, source);
        return target;
    }
}
