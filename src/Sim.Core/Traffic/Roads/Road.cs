namespace Sim.Core.Traffic.Roads;

/// <summary>A road: a reference line and lanes beside it, all sharing its s. One-way: every driving lane runs
/// along +s, to the right of the reference line (a two-way street is two roads).</summary>
public sealed class Road
{
    private readonly List<Lane> _lanes = [];

    internal Road(int id, string name, ReferenceLine reference, int junction)
    {
        Id = id;
        Name = name;
        Reference = reference;
        Junction = junction;
    }

    /// <summary>Index in <see cref="RoadNetwork.Roads"/>.</summary>
    public int Id { get; }

    /// <summary>Name for messages and exports.</summary>
    public string Name { get; }

    /// <summary>The reference line.</summary>
    public ReferenceLine Reference { get; }

    /// <summary>Length, m.</summary>
    public double Length => Reference.Length;

    /// <summary>Junction this road belongs to (a connecting road), or −1.</summary>
    public int Junction { get; }

    /// <summary>Lanes from the reference line outward.</summary>
    public IReadOnlyList<Lane> Lanes => _lanes;

    internal void AddLane(Lane lane) => _lanes.Add(lane);

    /// <inheritdoc/>
    public override string ToString() => $"road {Id} '{Name}' ({Length:0.#} m, {_lanes.Count} lanes)";
}
