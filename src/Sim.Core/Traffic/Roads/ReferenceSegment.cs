namespace Sim.Core.Traffic.Roads;

/// <summary>
/// One piece of a road's reference line, parameterised by arc length from its start (OpenDRIVE's
/// <c>planView/geometry</c>): a straight line, an arc of constant curvature, or a dense polyline.
/// </summary>
public abstract class ReferenceSegment
{
    /// <summary>Creates a segment starting at <paramref name="start"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The length is not positive and finite.</exception>
    protected ReferenceSegment(Pose2 start, double length)
    {
        if (!double.IsFinite(length) || length <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A road segment's length must be a positive number of metres.");
        }

        Start = start;
        Length = length;
    }

    /// <summary>Pose at the segment's start.</summary>
    public Pose2 Start { get; }

    /// <summary>Arc length, m.</summary>
    public double Length { get; }

    /// <summary>Pose at arc length <paramref name="ds"/> ∈ [0, <see cref="Length"/>] from the start.</summary>
    public abstract Pose2 PoseAt(double ds);

    /// <summary>Signed curvature at <paramref name="ds"/>, 1/m (positive turns left).</summary>
    public abstract double CurvatureAt(double ds);

    /// <summary>The arc length of the point of this segment closest to (x, y), clamped to the segment.</summary>
    public abstract double Closest(double x, double y);

    /// <summary>Pose at the end.</summary>
    public Pose2 End => PoseAt(Length);
}

/// <summary>A straight reference segment.</summary>
public sealed class LineSegment(Pose2 start, double length) : ReferenceSegment(start, length)
{
    /// <inheritdoc/>
    public override Pose2 PoseAt(double ds) => Start.Offset(ds, 0);

    /// <inheritdoc/>
    public override double CurvatureAt(double ds) => 0;

    /// <inheritdoc/>
    public override double Closest(double x, double y)
    {
        (double sin, double cos) = Math.SinCos(Start.Heading);
        return Math.Clamp(((x - Start.X) * cos) + ((y - Start.Y) * sin), 0, Length);
    }
}

/// <summary>An arc of constant signed curvature (positive turns left).</summary>
public sealed class ArcSegment : ReferenceSegment
{
    /// <summary>Creates an arc.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The curvature is zero (use a line) or not finite.</exception>
    public ArcSegment(Pose2 start, double length, double curvature)
        : base(start, length)
    {
        if (!double.IsFinite(curvature) || curvature == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(curvature), curvature, "An arc needs a finite non-zero curvature; use a LineSegment for a straight.");
        }

        Curvature = curvature;
        Radius = 1 / curvature;
        Centre = start.Offset(0, Radius);
    }

    /// <summary>Signed curvature, 1/m.</summary>
    public double Curvature { get; }

    /// <summary>Signed radius, m (positive: centre on the left).</summary>
    public double Radius { get; }

    /// <summary>Centre of the circle.</summary>
    public Pose2 Centre { get; }

    /// <inheritdoc/>
    public override Pose2 PoseAt(double ds)
    {
        double heading = Start.Heading + (ds * Curvature);
        (double sin, double cos) = Math.SinCos(heading);
        return new Pose2(Centre.X + (Radius * sin), Centre.Y - (Radius * cos), heading);
    }

    /// <inheritdoc/>
    public override double CurvatureAt(double ds) => Curvature;

    /// <inheritdoc/>
    public override double Closest(double x, double y)
    {
        // The angle of the point around the centre, measured the way the arc turns, from the start.
        double startAngle = Start.Heading - (Math.Sign(Curvature) * Math.PI / 2);
        double angle = Math.Atan2(y - Centre.Y, x - Centre.X);
        double swept = Pose2.WrapAngle(angle - startAngle) * Math.Sign(Curvature);
        double sweep = Length * Math.Abs(Curvature);
        if (swept < 0)
        {
            swept += 2 * Math.PI;
        }

        if (swept > sweep)
        {
            // Outside the arc's sweep: the nearer end.
            swept = (swept - sweep) < ((2 * Math.PI) - swept) ? sweep : 0;
        }

        return swept / Math.Abs(Curvature);
    }
}

/// <summary>
/// A dense polyline for shapes that are neither lines nor arcs. Positions run along the straight edges; the
/// heading turns linearly along each edge from one vertex heading to the next (a vertex's heading is the mean of
/// its two edges'), so the lateral direction is continuous and lane offsets have no gaps or overlaps at vertices.
/// Curvature is that heading change per metre.
/// </summary>
public sealed class PolylineSegment : ReferenceSegment
{
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double[] _s;
    private readonly double[] _edgeHeading;
    private readonly double[] _vertexHeading;

    private PolylineSegment(double[] x, double[] y, double[] s, double[] edgeHeading, double[] vertexHeading)
        : base(new Pose2(x[0], y[0], vertexHeading[0]), s[^1])
    {
        _x = x;
        _y = y;
        _s = s;
        _edgeHeading = edgeHeading;
        _vertexHeading = vertexHeading;
    }

    /// <summary>Makes a polyline through at least two distinct points.</summary>
    /// <exception cref="ArgumentException">Fewer than two points, two consecutive points coincide, or the line turns
    /// back by more than 90° at a vertex.</exception>
    public static PolylineSegment Through(IReadOnlyList<(double X, double Y)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 2)
        {
            throw new ArgumentException("A polyline needs at least two points.", nameof(points));
        }

        int n = points.Count;
        double[] x = new double[n], y = new double[n], s = new double[n], edge = new double[n - 1], vertex = new double[n];
        for (int i = 0; i < n; i++)
        {
            (x[i], y[i]) = points[i];
            if (i > 0)
            {
                double dx = x[i] - x[i - 1], dy = y[i] - y[i - 1];
                double d = Math.Sqrt((dx * dx) + (dy * dy));
                if (!(d > 1e-9))
                {
                    throw new ArgumentException($"Polyline points {i - 1} and {i} coincide.", nameof(points));
                }

                s[i] = s[i - 1] + d;
                edge[i - 1] = Math.Atan2(dy, dx);
            }
        }

        vertex[0] = edge[0];
        vertex[^1] = edge[^1];
        for (int i = 1; i + 1 < n; i++)
        {
            double turn = Pose2.WrapAngle(edge[i] - edge[i - 1]);
            if (Math.Abs(turn) > Math.PI / 2)
            {
                throw new ArgumentException($"The polyline turns back by {turn * 180 / Math.PI:0}° at point {i}; sample it more densely.", nameof(points));
            }

            vertex[i] = edge[i - 1] + (turn / 2);
        }

        return new PolylineSegment(x, y, s, edge, vertex);
    }

    /// <summary>Number of vertices.</summary>
    public int Count => _x.Length;

    /// <inheritdoc/>
    public override Pose2 PoseAt(double ds)
    {
        int i = Edge(ds);
        double f = ds - _s[i];
        (double sin, double cos) = Math.SinCos(_edgeHeading[i]);
        return new Pose2(_x[i] + (f * cos), _y[i] + (f * sin), HeadingAt(i, f));
    }

    /// <inheritdoc/>
    public override double CurvatureAt(double ds)
    {
        int i = Edge(ds);
        return Pose2.WrapAngle(_vertexHeading[i + 1] - _vertexHeading[i]) / (_s[i + 1] - _s[i]);
    }

    /// <summary>The s whose lateral line (perpendicular to the interpolated heading) passes through (x, y), nearest
    /// such point; found per edge by bisection on (p − C(s)) · tangent(s).</summary>
    public override double Closest(double x, double y)
    {
        double best = double.MaxValue, bestS = 0;
        Consider(0);
        Consider(Length);
        for (int i = 0; i + 1 < _x.Length; i++)
        {
            double length = _s[i + 1] - _s[i];
            double lo = 0, hi = length, flo = Along(i, lo, x, y), fhi = Along(i, hi, x, y);
            if (flo * fhi > 0)
            {
                continue;
            }

            for (int k = 0; k < 50 && hi - lo > 1e-10; k++)
            {
                double mid = (lo + hi) / 2, fmid = Along(i, mid, x, y);
                if (flo * fmid <= 0)
                {
                    hi = mid;
                }
                else
                {
                    lo = mid;
                    flo = fmid;
                }
            }

            Consider(_s[i] + ((lo + hi) / 2));
        }

        return bestS;

        void Consider(double s)
        {
            Pose2 p = PoseAt(s);
            double d = ((p.X - x) * (p.X - x)) + ((p.Y - y) * (p.Y - y));
            if (d < best)
            {
                best = d;
                bestS = s;
            }
        }
    }

    private double Along(int edge, double f, double x, double y)
    {
        (double sinE, double cosE) = Math.SinCos(_edgeHeading[edge]);
        (double sin, double cos) = Math.SinCos(HeadingAt(edge, f));
        return ((x - (_x[edge] + (f * cosE))) * cos) + ((y - (_y[edge] + (f * sinE))) * sin);
    }

    private double HeadingAt(int edge, double f) =>
        _vertexHeading[edge] + (Pose2.WrapAngle(_vertexHeading[edge + 1] - _vertexHeading[edge]) * f / (_s[edge + 1] - _s[edge]));

    private int Edge(double ds)
    {
        int i = Array.BinarySearch(_s, ds);
        i = i >= 0 ? i : ~i - 1;
        return Math.Clamp(i, 0, _s.Length - 2);
    }
}
