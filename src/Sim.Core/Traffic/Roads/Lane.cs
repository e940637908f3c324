namespace Sim.Core.Traffic.Roads;

/// <summary>What a lane is for (OpenDRIVE lane types).</summary>
public enum LaneKind
{
    /// <summary>Vehicles drive along +s.</summary>
    Driving = 0,

    /// <summary>An acceleration lane of an on-ramp; vehicles must leave it before it ends.</summary>
    Entry = 1,

    /// <summary>Parked vehicles.</summary>
    Parking = 2,

    /// <summary>Pedestrians walk both ways.</summary>
    Sidewalk = 3,

    /// <summary>Verge or median without traffic.</summary>
    Border = 4,
}

/// <summary>
/// A lane of a <see cref="Road"/>: a band at a constant lateral offset from the road's reference line, sharing
/// the road's s (OpenDRIVE's convention). Driving lanes run along +s. Ids are dense indices into
/// <see cref="RoadNetwork.Lanes"/> and are what ECS components store.
/// </summary>
public sealed class Lane
{
    internal Lane(int id, Road road, int indexInRoad, LaneKind kind, double offset, double width, double speedLimit)
    {
        Id = id;
        Road = road;
        IndexInRoad = indexInRoad;
        Kind = kind;
        Offset = offset;
        Width = width;
        SpeedLimit = speedLimit;
    }

    /// <summary>Index in <see cref="RoadNetwork.Lanes"/>.</summary>
    public int Id { get; }

    /// <summary>The road the lane belongs to.</summary>
    public Road Road { get; }

    /// <summary>Position among the road's lanes, 0 = next to the reference line, increasing to the right.</summary>
    public int IndexInRoad { get; }

    /// <summary>OpenDRIVE lane id: −1, −2, … from the reference line outward (right lanes).</summary>
    public int OpenDriveId => -(IndexInRoad + 1);

    /// <summary>What the lane is for.</summary>
    public LaneKind Kind { get; }

    /// <summary>Lateral offset t of the lane's centre from the reference line, m (negative: right of it).</summary>
    public double Offset { get; }

    /// <summary>Width, m.</summary>
    public double Width { get; }

    /// <summary>Speed limit, m/s.</summary>
    public double SpeedLimit { get; }

    /// <summary>Length, m (the road's length: lanes share the road's s).</summary>
    public double Length => Road.Length;

    /// <summary>The lane on the left (towards the reference line), or −1.</summary>
    public int Left { get; internal set; } = -1;

    /// <summary>The lane on the right, or −1.</summary>
    public int Right { get; internal set; } = -1;

    /// <summary>Lanes a vehicle may continue onto at s = Length.</summary>
    public IReadOnlyList<int> Successors => SuccessorList;

    /// <summary>Lanes that continue onto this one at s = 0.</summary>
    public IReadOnlyList<int> Predecessors => PredecessorList;

    internal List<int> SuccessorList { get; } = [];

    internal List<int> PredecessorList { get; } = [];

    /// <summary>Whether vehicles drive on it (driving or entry lanes).</summary>
    public bool IsDrivable => Kind is LaneKind.Driving or LaneKind.Entry;

    /// <inheritdoc/>
    public override string ToString() => $"lane {Id} ({Road.Name} {OpenDriveId}, {Kind})";
}
