using System.Runtime.InteropServices;

namespace Sim.Core.Ecs;

/// <summary>
/// A handle to an entity of a <see cref="World"/>: an id (a slot, recycled after destruction) and the
/// version of that slot when the handle was made. A handle whose version no longer matches its slot is stale,
/// and every world operation on it throws <see cref="EntityNotAliveException"/>.
/// </summary>
/// <remarks>8 bytes, blittable. <c>default(Entity)</c> (version 0) is never alive: versions start at 1.
/// Entities created by a <see cref="CommandBuffer"/> before playback have a negative id.</remarks>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Entity : IEquatable<Entity>, IComparable<Entity>
{
    /// <summary>Slot index in the world's entity table (negative for a command buffer's pending entity).</summary>
    public readonly int Id;

    /// <summary>Generation of the slot; bumped each time the slot is recycled.</summary>
    public readonly int Version;

    /// <summary>Makes a handle from its parts (for readers of snapshots and streams).</summary>
    public Entity(int id, int version)
    {
        Id = id;
        Version = version;
    }

    /// <summary>The null handle; never alive.</summary>
    public static Entity Null => default;

    /// <summary>True for handles created by a <see cref="CommandBuffer"/> and not yet played back.</summary>
    public bool IsPending => Id < 0;

    /// <inheritdoc/>
    public bool Equals(Entity other) => Id == other.Id && Version == other.Version;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Entity other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Id, Version);

    /// <summary>Orders by id, then version.</summary>
    public int CompareTo(Entity other) => Id != other.Id ? Id.CompareTo(other.Id) : Version.CompareTo(other.Version);

    /// <summary>Equality of id and version.</summary>
    public static bool operator ==(Entity left, Entity right) => left.Equals(right);

    /// <summary>Inequality of id or version.</summary>
    public static bool operator !=(Entity left, Entity right) => !left.Equals(right);

    /// <summary>Ordering by id, then version.</summary>
    public static bool operator <(Entity left, Entity right) => left.CompareTo(right) < 0;

    /// <summary>Ordering by id, then version.</summary>
    public static bool operator >(Entity left, Entity right) => left.CompareTo(right) > 0;

    /// <summary>Ordering by id, then version.</summary>
    public static bool operator <=(Entity left, Entity right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering by id, then version.</summary>
    public static bool operator >=(Entity left, Entity right) => left.CompareTo(right) >= 0;

    /// <summary><c>Entity(12 v3)</c>; a pending one is <c>Entity(pending #0)</c>.</summary>
    public override string ToString() => IsPending ? $"Entity(pending #{-Id - 1})" : $"Entity({Id} v{Version})";
}
