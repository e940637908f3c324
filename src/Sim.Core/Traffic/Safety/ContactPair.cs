namespace Sim.Core.Traffic.Safety;

/// <summary>Two actors in contact, by stable id, the smaller first. Ordered by <see cref="Low"/>, then <see cref="High"/>.</summary>
/// <param name="Low">The smaller stable id.</param>
/// <param name="High">The larger stable id.</param>
public readonly record struct ContactPair(ulong Low, ulong High) : IComparable<ContactPair>
{
    /// <summary>The pair of two distinct ids, ordered.</summary>
    public static ContactPair Of(ulong a, ulong b) => a < b ? new(a, b) : new(b, a);

    /// <inheritdoc/>
    public int CompareTo(ContactPair other) => Low != other.Low ? Low.CompareTo(other.Low) : High.CompareTo(other.High);

    /// <summary>Ordering operator.</summary>
    public static bool operator <(ContactPair left, ContactPair right) => left.CompareTo(right) < 0;

    /// <summary>Ordering operator.</summary>
    public static bool operator >(ContactPair left, ContactPair right) => left.CompareTo(right) > 0;

    /// <summary>Ordering operator.</summary>
    public static bool operator <=(ContactPair left, ContactPair right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering operator.</summary>
    public static bool operator >=(ContactPair left, ContactPair right) => left.CompareTo(right) >= 0;
}
