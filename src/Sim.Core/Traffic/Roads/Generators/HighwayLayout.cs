namespace Sim.Core.Traffic.Roads.Generators;

/// <summary>What <see cref="Highway.Build"/> made: the network and the lane ids scenarios place actors on.</summary>
/// <param name="Network">The road network.</param>
/// <param name="Sections">Main lanes of each highway section in driving order (one section without a ramp; before,
/// alongside and after the entry lane with one), each listed leftmost first.</param>
/// <param name="SectionStarts">Distance of each section's start from the highway's start (its world x), m.</param>
/// <param name="Length">Length of the highway, m.</param>
/// <param name="RampLane">The ramp road's lane, or −1 without a ramp.</param>
/// <param name="EntryLane">The acceleration lane (Left neighbour: the rightmost main lane; no successor), or −1.</param>
public sealed record HighwayLayout(
    RoadNetwork Network,
    IReadOnlyList<IReadOnlyList<int>> Sections,
    IReadOnlyList<double> SectionStarts,
    double Length,
    int RampLane,
    int EntryLane)
{
    /// <summary>Main lanes of the first section, leftmost first.</summary>
    public IReadOnlyList<int> MainLanes => Sections[0];

    /// <summary>The lane position <paramref name="distance"/> m from the highway's start on main lane
    /// <paramref name="index"/> (0 = leftmost), in whichever section holds that distance (the later one at a section
    /// boundary, except at the very end).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such lane index, or a distance outside [0, Length].</exception>
    public LanePosition MainLaneAt(int index, double distance)
    {
        ParameterCheck.InRange(index, 0, MainLanes.Count - 1, nameof(index));
        ParameterCheck.InRange(distance, 0, Length, nameof(distance), "m");
        int section = Sections.Count - 1;
        while (section > 0 && SectionStarts[section] > distance)
        {
            section--;
        }

        return new LanePosition(Sections[section][index], distance - SectionStarts[section], 0);
    }
}
