namespace Sim.Core.Ecs;

/// <summary>An immutable set of component types: sorted ids plus a bit mask for fast subset tests.</summary>
public sealed class ComponentSet : IEquatable<ComponentSet>
{
    private readonly ulong[] _bits;
    private readonly int[] _ids;

    /// <summary>The empty set.</summary>
    public static readonly ComponentSet Empty = new([]);

    private ComponentSet(int[] sortedDistinctIds)
    {
        _ids = sortedDistinctIds;
        int words = _ids.Length == 0 ? 0 : (_ids[^1] >> 6) + 1;
        _bits = new ulong[words];
        foreach (int id in _ids)
        {
            _bits[id >> 6] |= 1UL << (id & 63);
        }
    }

    /// <summary>Makes a set from component types (duplicates are ignored).</summary>
    public static ComponentSet Of(params ReadOnlySpan<ComponentType> types)
    {
        var ids = new int[types.Length];
        for (int i = 0; i < types.Length; i++)
        {
            ids[i] = types[i].Id;
        }

        return FromIds(ids);
    }

    internal static ComponentSet FromIds(int[] ids)
    {
        Array.Sort(ids);
        int n = 0;
        for (int i = 0; i < ids.Length; i++)
        {
            if (n == 0 || ids[n - 1] != ids[i])
            {
                ids[n++] = ids[i];
            }
        }

        return new ComponentSet(n == ids.Length ? ids : ids[..n]);
    }

    /// <summary>Number of types in the set.</summary>
    public int Count => _ids.Length;

    /// <summary>Process-local ids, ascending.</summary>
    public ReadOnlySpan<int> Ids => _ids;

    /// <summary>The types, ordered by id.</summary>
    public IEnumerable<ComponentType> Types => _ids.Select(ComponentType.FromId);

    /// <summary>Whether the set holds the type with this id.</summary>
    public bool Contains(int id) => (uint)(id >> 6) < (uint)_bits.Length && (_bits[id >> 6] & (1UL << (id & 63))) != 0;

    /// <summary>Whether every type of <paramref name="other"/> is in this set.</summary>
    public bool ContainsAll(ComponentSet other)
    {
        ulong[] theirs = other._bits;
        if (theirs.Length > _bits.Length)
        {
            for (int i = _bits.Length; i < theirs.Length; i++)
            {
                if (theirs[i] != 0)
                {
                    return false;
                }
            }
        }

        int n = Math.Min(theirs.Length, _bits.Length);
        for (int i = 0; i < n; i++)
        {
            if ((theirs[i] & ~_bits[i]) != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether this set and <paramref name="other"/> share a type.</summary>
    public bool Overlaps(ComponentSet other)
    {
        int n = Math.Min(other._bits.Length, _bits.Length);
        for (int i = 0; i < n; i++)
        {
            if ((other._bits[i] & _bits[i]) != 0)
            {
                return true;
            }
        }

        return false;
    }

    internal ComponentSet With(int id)
    {
        var ids = new int[_ids.Length + 1];
        _ids.CopyTo(ids, 0);
        ids[^1] = id;
        return FromIds(ids);
    }

    internal ComponentSet Without(int id) => FromIds(_ids.Where(x => x != id).ToArray());

    /// <inheritdoc/>
    public bool Equals(ComponentSet? other) => other is not null && _ids.AsSpan().SequenceEqual(other._ids);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ComponentSet);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (int id in _ids)
        {
            hash.Add(id);
        }

        return hash.ToHashCode();
    }

    /// <summary>Type names in stable (ordinal name) order, e.g. <c>[Position, Velocity]</c>.</summary>
    public override string ToString() =>
        "[" + string.Join(", ", Types.Select(t => t.Type.Name).Order(StringComparer.Ordinal)) + "]";
}
