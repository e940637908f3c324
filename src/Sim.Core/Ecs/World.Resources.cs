using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Sim.Core.Ecs;

/// <summary>Holds one world resource value.</summary>
internal abstract class ResourceBox
{
    /// <summary>The stable name used in snapshots and hashes, or null for a managed resource (not snapshotted).</summary>
    public abstract ComponentType? Type { get; }

    public abstract ReadOnlySpan<byte> Bytes { get; }

    public abstract void SetBytes(ReadOnlySpan<byte> bytes);
}

internal sealed class ResourceBox<T> : ResourceBox where T : unmanaged
{
    public T Value;

    public override ComponentType Type => ComponentType<T>.Info;

    public override ReadOnlySpan<byte> Bytes => MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in Value));

    public override void SetBytes(ReadOnlySpan<byte> bytes) => Value = MemoryMarshal.Read<T>(bytes);
}

internal sealed class ManagedResourceBox(object value) : ResourceBox
{
    public object Value { get; set; } = value;

    public override ComponentType? Type => null;

    public override ReadOnlySpan<byte> Bytes => [];

    public override void SetBytes(ReadOnlySpan<byte> bytes) => throw new NotSupportedException();
}

public sealed partial class World
{
    private readonly Dictionary<Type, ResourceBox> _resources = [];

    /// <summary>
    /// Sets a world resource: one value of <typeparamref name="T"/> per world (the clock, the weather).
    /// Unmanaged resources are part of snapshots and of the world hash.
    /// </summary>
    public void SetResource<T>(in T value) where T : unmanaged
    {
        if (_resources.TryGetValue(typeof(T), out ResourceBox? box))
        {
            ((ResourceBox<T>)box).Value = value;
        }
        else
        {
            ComponentType<T>.Info.ThrowIfUnusable();
            _resources.Add(typeof(T), new ResourceBox<T> { Value = value });
        }
    }

    /// <summary>A reference to the resource of type <typeparamref name="T"/>.</summary>
    /// <exception cref="KeyNotFoundException">The world has no such resource.</exception>
    public ref T GetResource<T>() where T : unmanaged
    {
        if (!_resources.TryGetValue(typeof(T), out ResourceBox? box))
        {
            ThrowMissingResource(typeof(T));
        }

        return ref ((ResourceBox<T>)box).Value;
    }

    /// <summary>Whether the world has a resource of type <typeparamref name="T"/> (unmanaged or managed).</summary>
    public bool HasResource<T>() => _resources.ContainsKey(typeof(T));

    /// <summary>
    /// Sets a managed resource (a road network, a configuration object). Managed resources are shared by
    /// reference, are not part of snapshots or the world hash, and must be set again after a restore.
    /// </summary>
    public void SetManagedResource<T>(T value) where T : class
    {
        ArgumentNullException.ThrowIfNull(value);
        _resources[typeof(T)] = new ManagedResourceBox(value);
    }

    /// <summary>The managed resource of type <typeparamref name="T"/>.</summary>
    /// <exception cref="KeyNotFoundException">The world has no such resource.</exception>
    public T GetManagedResource<T>() where T : class
    {
        if (!_resources.TryGetValue(typeof(T), out ResourceBox? box))
        {
            ThrowMissingResource(typeof(T));
        }

        return (T)((ManagedResourceBox)box).Value;
    }

    /// <summary>Removes the resource of type <typeparamref name="T"/>; returns whether there was one.</summary>
    public bool RemoveResource<T>() => _resources.Remove(typeof(T));

    /// <summary>Unmanaged resources ordered by stable name (for snapshots and hashes).</summary>
    internal IEnumerable<ResourceBox> SnapshotResources =>
        _resources.Values.Where(r => r.Type is not null).OrderBy(r => r.Type!.Name, StringComparer.Ordinal);

    internal void RestoreResource(ComponentType type, ReadOnlySpan<byte> bytes)
    {
        ResourceBox box = type.CreateResourceBox();
        box.SetBytes(bytes);
        _resources[type.Type] = box;
    }

    [DoesNotReturn]
    private static void ThrowMissingResource(Type type) =>
        throw new KeyNotFoundException($"The world has no {type.Name} resource; set it first with SetResource or SetManagedResource.");
}
