namespace Sim.Core.Traffic.Roads;

/// <summary>A position in lane coordinates: lane id, s along the road's reference line, t across from the lane's
/// centre (left positive), as in OpenDRIVE.</summary>
/// <param name="Lane">Lane id (<see cref="RoadNetwork.Lanes"/>).</param>
/// <param name="S">Distance along the road, m.</param>
/// <param name="T">Lateral offset from the lane centre, m (left positive).</param>
public readonly record struct LanePosition(int Lane, double S, double T);
