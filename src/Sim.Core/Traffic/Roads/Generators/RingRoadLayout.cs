namespace Sim.Core.Traffic.Roads.Generators;

/// <summary>What <see cref="RingRoad.Build"/> made.</summary>
/// <param name="Network">The road network.</param>
/// <param name="Lanes">The loop's lanes, innermost first; each is its own successor.</param>
/// <param name="Length">s range of every lane (the reference line's length), m.</param>
/// <param name="Radius">Radius of the reference line's arcs, m; lane i's centre line runs at Radius + (i + ½) × lane
/// width on them.</param>
public sealed record RingRoadLayout(RoadNetwork Network, IReadOnlyList<int> Lanes, double Length, double Radius);
