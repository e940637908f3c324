namespace Sim.Core.Traffic.Roads.Generators;

/// <summary>What <see cref="SignalisedIntersection.Build"/> made.</summary>
/// <param name="Network">The road network.</param>
/// <param name="Arms">The four arms, indexed by <see cref="Compass"/> (North, East, South, West).</param>
/// <param name="Movements">Every movement through the junction, by arm, then lane, then straight / left / right.</param>
/// <param name="Signal">Id of the fixed-time signal (<see cref="RoadNetwork.Signals"/>).</param>
/// <param name="BoxHalfWidth">Half the side of the square junction box centred on the origin, m: connectors run
/// inside it, the arms outside it.</param>
public sealed record IntersectionLayout(
    RoadNetwork Network,
    IReadOnlyList<IntersectionArm> Arms,
    IReadOnlyList<IntersectionMovement> Movements,
    int Signal,
    double BoxHalfWidth)
{
    /// <summary>The arm on the given side.</summary>
    public IntersectionArm Arm(Compass side) => Arms[(int)side];
}

/// <summary>One arm of a <see cref="SignalisedIntersection"/>: a two-way street leading away from the junction. Lane
/// lists are ordered from the centre line outward (index 0 = leftmost for a driver on them).</summary>
/// <param name="Side">Which side of the junction the arm is on.</param>
/// <param name="IncomingLanes">Lanes towards the junction; each ends at the stop line, which the signal controls.</param>
/// <param name="CrossingLanes">The short lanes from the stop line across the crosswalk to the junction box; the
/// connectors start where they end.</param>
/// <param name="OutgoingLanes">Lanes away from the junction, starting at the box edge (the crosswalk crosses their
/// start).</param>
/// <param name="Sidewalks">Sidewalk lanes of the incoming, crossing and outgoing roads, in that order.</param>
/// <param name="Crosswalk">Id of the crosswalk across the arm (<see cref="RoadNetwork.Crosswalks"/>).</param>
/// <param name="SignalGroup">Index of the group of the signal that releases the incoming lanes.</param>
public sealed record IntersectionArm(
    Compass Side,
    IReadOnlyList<int> IncomingLanes,
    IReadOnlyList<int> CrossingLanes,
    IReadOnlyList<int> OutgoingLanes,
    IReadOnlyList<int> Sidewalks,
    int Crosswalk,
    int SignalGroup);

/// <summary>A movement through the junction: incoming lane → crossing lane → connector → outgoing lane.</summary>
/// <param name="From">Arm the vehicle arrives on.</param>
/// <param name="To">Arm the vehicle leaves on.</param>
/// <param name="Turn">Straight, left or right.</param>
/// <param name="LaneIndex">Index of the lane in the arriving arm's lane lists (0 = leftmost).</param>
/// <param name="IncomingLane">The incoming lane (ending at the stop line).</param>
/// <param name="Connector">The connecting lane inside the junction (its road belongs to junction 0).</param>
/// <param name="OutgoingLane">The outgoing lane it leads to.</param>
/// <param name="Radius">Radius of the connector lane's centre line, m (infinite when straight).</param>
public readonly record struct IntersectionMovement(
    Compass From,
    Compass To,
    Turn Turn,
    int LaneIndex,
    int IncomingLane,
    int Connector,
    int OutgoingLane,
    double Radius);
