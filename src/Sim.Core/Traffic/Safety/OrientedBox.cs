using System.Runtime.CompilerServices;

namespace Sim.Core.Traffic.Safety;

/// <summary>
/// A rectangle in the world plane (x east, y north, metres): centre, half extents along and across its heading
/// (rad, counter-clockwise from +x). The box is closed: its boundary belongs to it, so two boxes that touch overlap
/// and are 0 m apart. The heading's cosine and sine are computed once, in the constructor.
/// </summary>
public readonly partial struct OrientedBox
{
    /// <summary>Creates a box.</summary>
    /// <param name="x">Centre, east, m.</param>
    /// <param name="y">Centre, north, m.</param>
    /// <param name="halfLength">Half the extent along the heading, m (≥ 0).</param>
    /// <param name="halfWidth">Half the extent across the heading, m (≥ 0).</param>
    /// <param name="heading">Direction of the length axis, rad, counter-clockwise from +x.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is not finite, or a half extent is negative.</exception>
    public OrientedBox(double x, double y, double halfLength, double halfWidth, double heading)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y) || !double.IsFinite(heading))
        {
            SafetyThrowHelper.NotFinite(x, y, heading);
        }

        if (!(halfLength >= 0 && halfLength < double.PositiveInfinity) || !(halfWidth >= 0 && halfWidth < double.PositiveInfinity))
        {
            SafetyThrowHelper.BadExtents(halfLength, halfWidth);
        }

        X = x;
        Y = y;
        HalfLength = halfLength;
        HalfWidth = halfWidth;
        Heading = heading;
        (Sin, Cos) = Math.SinCos(heading);
    }

    /// <summary>Centre, east, m.</summary>
    public double X { get; }

    /// <summary>Centre, north, m.</summary>
    public double Y { get; }

    /// <summary>Half the extent along <see cref="Heading"/>, m.</summary>
    public double HalfLength { get; }

    /// <summary>Half the extent across <see cref="Heading"/>, m.</summary>
    public double HalfWidth { get; }

    /// <summary>Direction of the length axis, rad, counter-clockwise from +x.</summary>
    public double Heading { get; }

    /// <summary>cos <see cref="Heading"/>.</summary>
    public double Cos { get; }

    /// <summary>sin <see cref="Heading"/>.</summary>
    public double Sin { get; }

    /// <summary>Half the box's diagonal, m: every point of the box is at most this far from the centre.</summary>
    public double BoundingRadius => Math.Sqrt((HalfLength * HalfLength) + (HalfWidth * HalfWidth));

    /// <summary>Half the width of the box's axis-aligned bounding box (along x), m.</summary>
    public double ExtentX => (Math.Abs(Cos) * HalfLength) + (Math.Abs(Sin) * HalfWidth);

    /// <summary>Half the height of the box's axis-aligned bounding box (along y), m.</summary>
    public double ExtentY => (Math.Abs(Sin) * HalfLength) + (Math.Abs(Cos) * HalfWidth);

    /// <summary>The bounding box of an actor: centred on its pose, <see cref="ActorBody.Length"/> along its heading.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The pose is not finite or the body has a negative or non-finite size.</exception>
    public static OrientedBox Of(in ActorPose pose, in ActorBody body) =>
        new(pose.X, pose.Y, 0.5 * body.Length, 0.5 * body.Width, pose.Heading);

    /// <summary>
    /// Whether the two closed boxes share a point, by the separating axis theorem: two convex polygons are disjoint
    /// exactly when their projections onto some edge normal are disjoint, and for two rectangles the four edge
    /// directions are the candidates (Gottschalk, Lin and Manocha, "OBBTree: a hierarchical structure for rapid interference detection", SIGGRAPH 1996, reduced to two dimensions).
    /// Exact up to rounding in the last bits: touching boxes overlap.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Overlap(in OrientedBox a, in OrientedBox b)
    {
        double dx = b.X - a.X, dy = b.Y - a.Y;

        // c = cos(θb − θa), s = sin(θb − θa): the projections of one box's axes onto the other's.
        double c = Math.Abs((a.Cos * b.Cos) + (a.Sin * b.Sin));
        double s = Math.Abs((a.Cos * b.Sin) - (a.Sin * b.Cos));
        return Math.Abs((dx * a.Cos) + (dy * a.Sin)) <= a.HalfLength + (b.HalfLength * c) + (b.HalfWidth * s)
            && Math.Abs((dy * a.Cos) - (dx * a.Sin)) <= a.HalfWidth + (b.HalfLength * s) + (b.HalfWidth * c)
            && Math.Abs((dx * b.Cos) + (dy * b.Sin)) <= b.HalfLength + (a.HalfLength * c) + (a.HalfWidth * s)
            && Math.Abs((dy * b.Cos) - (dx * b.Sin)) <= b.HalfWidth + (a.HalfLength * s) + (a.HalfWidth * c);
    }

    /// <summary>
    /// The minimum distance between the two boxes, m; 0 when they overlap. Between two disjoint convex polygons the
    /// minimum is reached at a vertex of one of them, so it is the least of the eight corner-to-box distances.
    /// </summary>
    public static double Distance(in OrientedBox a, in OrientedBox b)
    {
        if (Overlap(a, b))
        {
            return 0;
        }

        double best = double.PositiveInfinity;
        for (int k = 0; k < 4; k++)
        {
            (double ax, double ay) = a.Corner(k);
            best = Math.Min(best, b.SquaredDistanceTo(ax, ay));
            (double bx, double by) = b.Corner(k);
            best = Math.Min(best, a.SquaredDistanceTo(bx, by));
        }

        return Math.Sqrt(best);
    }

    /// <summary>Corner <paramref name="index"/> (0–3: front left, rear left, rear right, front right; counter-clockwise)
    /// in the world frame, m.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not 0–3.</exception>
    public (double X, double Y) Corner(int index)
    {
        (double along, double across) = index switch
        {
            0 => (HalfLength, HalfWidth),
            1 => (-HalfLength, HalfWidth),
            2 => (-HalfLength, -HalfWidth),
            3 => (HalfLength, -HalfWidth),
            _ => throw new ArgumentOutOfRangeException(nameof(index), index, "A box has corners 0–3."),
        };
        return ToWorld(along, across);
    }

    /// <summary>Whether the point (world frame, m) lies in the closed box.</summary>
    public bool Contains(double x, double y)
    {
        (double along, double across) = ToLocal(x, y);
        return Math.Abs(along) <= HalfLength && Math.Abs(across) <= HalfWidth;
    }

    /// <summary>Distance from the point (world frame, m) to the box, m; 0 inside.</summary>
    public double DistanceTo(double x, double y) => Math.Sqrt(SquaredDistanceTo(x, y));

    /// <summary>The point's coordinates in the box frame (along the heading, to its left), m.</summary>
    public (double Along, double Across) ToLocal(double x, double y)
    {
        double dx = x - X, dy = y - Y;
        return ((dx * Cos) + (dy * Sin), (dy * Cos) - (dx * Sin));
    }

    /// <summary>The world coordinates of a point given in the box frame, m.</summary>
    public (double X, double Y) ToWorld(double along, double across) =>
        (X + (along * Cos) - (across * Sin), Y + (along * Sin) + (across * Cos));

    /// <inheritdoc/>
    public override string ToString() =>
        $"box at ({X:0.###}, {Y:0.###}) m, {2 * HalfLength:0.###} × {2 * HalfWidth:0.###} m, heading {Heading:0.####} rad";

    private double SquaredDistanceTo(double x, double y)
    {
        (double along, double across) = ToLocal(x, y);
        double ex = Math.Max(Math.Abs(along) - HalfLength, 0), ey = Math.Max(Math.Abs(across) - HalfWidth, 0);
        return (ex * ex) + (ey * ey);
    }
}
