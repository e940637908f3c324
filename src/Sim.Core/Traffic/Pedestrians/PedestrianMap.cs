using Sim.Core.Ecs;
using Sim.Core.Traffic.Roads;

namespace Sim.Core.Traffic.Pedestrians;

/// <summary>
/// What pedestrians need to know about a <see cref="RoadNetwork"/>, derived once from it: crosswalk geometry (lanes
/// crossed, kerb-side waiting points), the crosswalk ends on each sidewalk lane, where sidewalks continue at their
/// ends, and allocation-free lane lookup. Immutable; a cache kept as a managed world resource (see <see cref="For"/>).
/// </summary>
public sealed partial class PedestrianMap
{
    private readonly CrosswalkGeometry[] _crosswalks;
    private readonly SidewalkAttachment[][] _attachments;
    private readonly SidewalkContinuation[][] _continuationsAtStart;
    private readonly SidewalkContinuation[][] _continuationsAtEnd;
    private readonly LaneLocator _locator;

    /// <summary>Derives the map from a road network.</summary>
    public PedestrianMap(RoadNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        Network = network;
        _locator = new LaneLocator(network);
        _crosswalks = [.. network.Crosswalks.Select(BuildCrosswalk)];
        _attachments = BuildAttachments(network, _crosswalks);
        (_continuationsAtStart, _continuationsAtEnd) = BuildContinuations(network);
    }

    /// <summary>The road network this map was derived from.</summary>
    public RoadNetwork Network { get; }

    /// <summary>Crosswalks by id.</summary>
    public IReadOnlyList<CrosswalkGeometry> Crosswalks => _crosswalks;

    /// <summary>
    /// The map of the world's road network (the managed resource <see cref="RoadNetwork"/>), built on first use and
    /// kept as a managed resource; rebuilt when the world's road network is replaced. Call it outside parallel jobs.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The world has no <see cref="RoadNetwork"/> resource.</exception>
    public static PedestrianMap For(World world)
    {
        ArgumentNullException.ThrowIfNull(world);
        RoadNetwork network = world.GetManagedResource<RoadNetwork>();
        if (world.HasResource<PedestrianMap>())
        {
            PedestrianMap cached = world.GetManagedResource<PedestrianMap>();
            if (ReferenceEquals(cached.Network, network))
            {
                return cached;
            }
        }

        var map = new PedestrianMap(network);
        world.SetManagedResource(map);
        return map;
    }

    /// <summary>The crosswalk ends on sidewalk lane <paramref name="lane"/>, by increasing s (empty for other lanes).</summary>
    public ReadOnlySpan<SidewalkAttachment> AttachmentsOn(int lane) => _attachments[lane];

    /// <summary>Where a pedestrian can walk on from the start (s = 0) or the end (s = length) of sidewalk lane
    /// <paramref name="lane"/>: explicitly connected sidewalk lanes (<see cref="RoadNetworkBuilder.Connect"/>) and
    /// sidewalk lanes whose start or end touches it (centres closer than the mean of the two widths).</summary>
    public ReadOnlySpan<SidewalkContinuation> ContinuationsAt(int lane, bool atEnd) =>
        atEnd ? _continuationsAtEnd[lane] : _continuationsAtStart[lane];

    /// <summary>The drivable lane under a world point and the point's s on it; false (lane −1) when there is none.</summary>
    public bool TryLocateDrivable(double x, double y, out int lane, out double s) => _locator.TryLocateDrivable(x, y, out lane, out s);

    /// <summary>The sidewalk lane under a world point with the point's lane coordinates.</summary>
    public bool TryLocateSidewalk(double x, double y, out LanePosition position) => _locator.TryLocateSidewalk(x, y, out position);

    /// <summary>The <see cref="LaneOccupancy"/> of an actor centred at (x, y): its drivable lane and s, or lane −1.</summary>
    public LaneOccupancy OccupancyAt(double x, double y) =>
        _locator.TryLocateDrivable(x, y, out int lane, out double s)
            ? new LaneOccupancy { Lane = lane, S = s }
            : new LaneOccupancy { Lane = -1 };
}
