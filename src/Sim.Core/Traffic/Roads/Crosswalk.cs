namespace Sim.Core.Traffic.Roads;

/// <summary>Where a crosswalk crosses a lane.</summary>
/// <param name="Lane">The lane.</param>
/// <param name="S">s of the crosswalk's centre line on the lane, m.</param>
public readonly record struct CrosswalkCrossing(int Lane, double S);

/// <summary>A marked pedestrian crossing: a straight strip from <see cref="From"/> to <see cref="To"/> (sidewalk to
/// sidewalk) and the lanes it crosses, where vehicles must yield to pedestrians on it.</summary>
public sealed class Crosswalk
{
    internal Crosswalk(int id, (double X, double Y) from, (double X, double Y) to, double width, IReadOnlyList<CrosswalkCrossing> crossings)
    {
        Id = id;
        From = from;
        To = to;
        Width = width;
        Crossings = crossings;
    }

    /// <summary>Index in <see cref="RoadNetwork.Crosswalks"/>.</summary>
    public int Id { get; }

    /// <summary>One end, world frame, m.</summary>
    public (double X, double Y) From { get; }

    /// <summary>The other end, world frame, m.</summary>
    public (double X, double Y) To { get; }

    /// <summary>Width of the strip, m.</summary>
    public double Width { get; }

    /// <summary>Length from end to end, m.</summary>
    public double Length => Math.Sqrt(((To.X - From.X) * (To.X - From.X)) + ((To.Y - From.Y) * (To.Y - From.Y)));

    /// <summary>The drivable lanes it crosses, with the s of the crossing.</summary>
    public IReadOnlyList<CrosswalkCrossing> Crossings { get; }

    /// <summary>The point a fraction <paramref name="u"/> ∈ [0, 1] of the way from <see cref="From"/> to <see cref="To"/>.</summary>
    public (double X, double Y) PointAt(double u) => (From.X + (u * (To.X - From.X)), From.Y + (u * (To.Y - From.Y)));
}

/// <summary>Two lanes whose vehicles can touch (they cross or merge): vehicles on <see cref="Yielding"/> give way to
/// vehicles on <see cref="Priority"/>. The conflict area on each lane runs from where the centre lines come closer
/// than <see cref="RoadNetworkBuilder.VehicleConflictDistance"/> to where they part again (for a merge, the lanes' ends).</summary>
/// <param name="Yielding">The lane that gives way.</param>
/// <param name="YieldingS">s where the conflict area starts on the yielding lane, m.</param>
/// <param name="YieldingEndS">s where it ends on the yielding lane, m.</param>
/// <param name="Priority">The lane with right of way.</param>
/// <param name="PriorityS">s where the conflict area starts on the priority lane, m.</param>
/// <param name="PriorityEndS">s where it ends on the priority lane, m.</param>
public readonly record struct ConflictPoint(int Yielding, double YieldingS, double YieldingEndS, int Priority, double PriorityS, double PriorityEndS);
