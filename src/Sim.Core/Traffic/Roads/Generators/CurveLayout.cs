namespace Sim.Core.Traffic.Roads.Generators;

/// <summary>What <see cref="Curve.Build"/> made.</summary>
/// <param name="Network">The road network.</param>
/// <param name="Lanes">Lanes of the first road (entry straight at the origin), lane 0 next to the centre line first.</param>
/// <param name="OppositeLanes">Lanes of the opposite road (empty unless two-way), lane 0 next to the centre line first.
/// That road starts at the far end of the exit straight.</param>
/// <param name="ArcCentre">Centre of the arc, world frame, m.</param>
/// <param name="Radius">Radius of the reference (centre) line on the arc, m; a lane offset t (negative, to the right)
/// runs at Radius − t on a left curve and Radius + t on a right one.</param>
/// <param name="ArcStart">s where the arc begins on the first road, m.</param>
/// <param name="ArcEnd">s where the arc ends on the first road, m (on the opposite road the arc spans
/// [Length − ArcEnd, Length − ArcStart]).</param>
public sealed record CurveLayout(
    RoadNetwork Network,
    IReadOnlyList<int> Lanes,
    IReadOnlyList<int> OppositeLanes,
    (double X, double Y) ArcCentre,
    double Radius,
    double ArcStart,
    double ArcEnd);
