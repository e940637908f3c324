namespace Sim.Core.Traffic.Roads.Generators;

/// <summary>What <see cref="UrbanBlock.Build"/> made.</summary>
/// <param name="Network">The road network.</param>
/// <param name="CounterClockwise">The outer loop's four roads in driving order (south, east, north, west sides).</param>
/// <param name="Clockwise">The inner loop's four roads in driving order (south, west, north, east sides).</param>
/// <param name="Crosswalks">Ids of the mid-block crosswalks (<see cref="RoadNetwork.Crosswalks"/>), side by side in
/// counter-clockwise order.</param>
public sealed record UrbanBlockLayout(
    RoadNetwork Network,
    IReadOnlyList<BlockStreet> CounterClockwise,
    IReadOnlyList<BlockStreet> Clockwise,
    IReadOnlyList<int> Crosswalks);

/// <summary>One direction of one side of an <see cref="UrbanBlock"/>: a road whose s runs along the side's straight
/// and then around the corner at its end.</summary>
/// <param name="Side">Which side of the block.</param>
/// <param name="Clockwise">Whether it belongs to the clockwise (inner) loop.</param>
/// <param name="DrivingLanes">Driving lanes, from the centre line outward; each continues onto the same lane of the
/// next side.</param>
/// <param name="ParkingLane">The parking lane between the driving lanes and the sidewalk.</param>
/// <param name="Sidewalk">The sidewalk on the outer edge.</param>
/// <param name="StraightLength">s where the straight ends and the corner begins, m.</param>
public sealed record BlockStreet(
    Compass Side,
    bool Clockwise,
    IReadOnlyList<int> DrivingLanes,
    int ParkingLane,
    int Sidewalk,
    double StraightLength);
