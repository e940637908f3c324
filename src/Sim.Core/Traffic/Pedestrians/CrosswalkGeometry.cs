using Sim.Core.Traffic.Roads;

namespace Sim.Core.Traffic.Pedestrians;

/// <summary>Where pedestrians step onto a crosswalk from a sidewalk: the sidewalk lane and position (s, t) of the
/// kerb-side waiting point, and that point's progress <see cref="U"/> along the crosswalk. <see cref="Lane"/> is −1
/// when that end of the crosswalk touches no sidewalk.</summary>
/// <param name="Lane">Sidewalk lane id, or −1.</param>
/// <param name="S">s of the waiting point on the sidewalk, m.</param>
/// <param name="T">Lateral offset of the waiting point from the sidewalk's centre, m.</param>
/// <param name="U">Progress of the waiting point along the crosswalk (0 at From, 1 at To).</param>
public readonly record struct CrosswalkEnd(int Lane, double S, double T, double U);

/// <summary>The stretch of a crosswalk's centre line that lies on one drivable lane.</summary>
/// <param name="Lane">The drivable lane.</param>
/// <param name="UMin">Smaller progress (0 at From, 1 at To) at which the centre line is on the lane.</param>
/// <param name="UMax">Larger progress at which it is on the lane.</param>
/// <param name="SMin">Smallest s of the centre line on the lane, m.</param>
/// <param name="SMax">Largest s of the centre line on the lane, m.</param>
public readonly record struct CrossedLaneBand(int Lane, double UMin, double UMax, double SMin, double SMax);

/// <summary>A crosswalk end on a sidewalk lane, as seen by a pedestrian walking that sidewalk.</summary>
/// <param name="Crosswalk">Crosswalk id.</param>
/// <param name="End">0 for the crosswalk's From end, 1 for its To end.</param>
/// <param name="S">s of the waiting point on the sidewalk, m.</param>
/// <param name="T">Its lateral offset from the sidewalk's centre, m.</param>
public readonly record struct SidewalkAttachment(int Crosswalk, int End, double S, double T);

/// <summary>Where a pedestrian can walk on at the end of a sidewalk lane.</summary>
/// <param name="Lane">The sidewalk lane to continue on.</param>
/// <param name="AtStart">True to enter it at s = 0 walking +s; false to enter at s = length walking −s.</param>
public readonly record struct SidewalkContinuation(int Lane, bool AtStart);

/// <summary>
/// A crosswalk as pedestrians use it: its straight centre line from <c>From</c> to <c>To</c>, the drivable lanes the
/// line crosses with the progress interval on each, and the kerb-side waiting points at both ends.
/// </summary>
public sealed class CrosswalkGeometry
{
    private readonly CrosswalkEnd[] _ends;
    private readonly CrossedLaneBand[] _bands;

    internal CrosswalkGeometry(Crosswalk crosswalk, CrosswalkEnd from, CrosswalkEnd to, CrossedLaneBand[] bands)
    {
        Id = crosswalk.Id;
        FromX = crosswalk.From.X;
        FromY = crosswalk.From.Y;
        Length = crosswalk.Length;
        Width = crosswalk.Width;
        double dx = crosswalk.To.X - crosswalk.From.X, dy = crosswalk.To.Y - crosswalk.From.Y;
        Heading = Math.Atan2(dy, dx);
        DirX = dx / Length;
        DirY = dy / Length;
        _ends = [from, to];
        _bands = bands;
    }

    /// <summary>Crosswalk id.</summary>
    public int Id { get; }

    /// <summary>The From end, east, m.</summary>
    public double FromX { get; }

    /// <summary>The From end, north, m.</summary>
    public double FromY { get; }

    /// <summary>Unit direction From → To, east component.</summary>
    public double DirX { get; }

    /// <summary>Unit direction From → To, north component.</summary>
    public double DirY { get; }

    /// <summary>Length of the centre line, m.</summary>
    public double Length { get; }

    /// <summary>Width of the strip, m.</summary>
    public double Width { get; }

    /// <summary>Heading From → To, rad (CCW from +x).</summary>
    public double Heading { get; }

    /// <summary>The drivable lanes the centre line crosses, by increasing progress.</summary>
    public ReadOnlySpan<CrossedLaneBand> Bands => _bands;

    /// <summary>The waiting point at end 0 (From) or 1 (To).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The end is neither 0 nor 1.</exception>
    public CrosswalkEnd End(int end) => (uint)end < 2u
        ? _ends[end]
        : throw new ArgumentOutOfRangeException(nameof(end), end, "A crosswalk has ends 0 (From) and 1 (To).");

    /// <summary>The point at progress <paramref name="u"/> along the centre line, world frame, m.</summary>
    public (double X, double Y) PointAt(double u) => (FromX + (u * Length * DirX), FromY + (u * Length * DirY));
}
