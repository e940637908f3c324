using CsCheck;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Safety;

namespace Sim.Core.Tests.Traffic;

/// <summary>
/// The separating-axis overlap test against a brute-force reference that samples the boxes' boundaries: two convex
/// sets meet exactly when a boundary point of one lies in the other, so with boundary samples every h metres a real
/// overlap puts a sample within h/2 of the other box, and a sample inside the other box proves an overlap.
/// </summary>
public class OrientedBoxOverlapTests
{
    private const double Spacing = 0.002; // m between boundary samples
    private const double Slack = (Spacing / 2) + 1e-9;

    internal static readonly Gen<OrientedBox> Boxes = Gen.Select(
        Gen.Double[-4, 4], Gen.Double[-4, 4], Gen.Double[0.05, 3], Gen.Double[0.05, 3], Gen.Double[-Math.PI, Math.PI],
        (x, y, hl, hw, h) => new OrientedBox(x, y, hl, hw, h));

    [Fact]
    public void Random_boxes_agree_with_boundary_sampling()
    {
        int overlapping = 0, total = 0;
        Gen.Select(Boxes, Boxes).Sample((a, b) =>
        {
            bool sat = OrientedBox.Overlap(a, b);
            Assert.Equal(sat, OrientedBox.Overlap(b, a));

            // A sample strictly inside the other box proves an overlap; so SAT must say so.
            if (Reference.AnySampleInside(a, b, 0, Spacing) || Reference.AnySampleInside(b, a, 0, Spacing))
            {
                Assert.True(sat, $"sampling found a shared point but SAT says apart: {a} / {b}");
            }

            // An overlap puts a boundary sample within h/2 of the other box.
            if (sat)
            {
                Assert.True(
                    Reference.AnySampleInside(a, b, Slack, Spacing) || Reference.AnySampleInside(b, a, Slack, Spacing),
                    $"SAT says overlap but no boundary sample is within {Slack} m of the other box: {a} / {b}");
            }

            Interlocked.Add(ref overlapping, sat ? 1 : 0);
            Interlocked.Increment(ref total);
        }, iter: 2000);

        // Both outcomes must be well represented, or the property says little.
        Assert.InRange(overlapping, total / 10, total - (total / 10));
    }

    [Fact]
    public void Boxes_a_hair_apart_or_a_hair_into_each_other_are_told_apart_at_any_angle()
    {
        // b is rotated and slid along a's +x axis until its nearest corner is δ beyond a's front face.
        // a is wider than b's diagonal, so b's nearest point always faces a's front face and the gap is exactly δ.
        Gen.Select(Gen.Double[-Math.PI, Math.PI], Gen.Double[0.1, 3], Gen.Double[4.3, 6], Gen.Double[-Math.PI, Math.PI], Gen.Double[0.1, 3], Gen.Double[0.1, 3])
           .Sample((ha, hla, hwa, rel, hlb, hwb) =>
        {
            var a = new OrientedBox(1, -2, hla, hwa, ha);
            var probe = new OrientedBox(0, 0, hlb, hwb, ha + rel);
            double reach = (Math.Abs(Math.Cos(rel)) * hlb) + (Math.Abs(Math.Sin(rel)) * hwb); // b's half extent along a's axis
            foreach (double delta in new[] { 1e-6, -1e-6, 0.01, -0.01 })
            {
                (double x, double y) = a.ToWorld(hla + reach + delta, 0);
                var b = new OrientedBox(x, y, probe.HalfLength, probe.HalfWidth, probe.Heading);
                Assert.Equal(delta < 0, OrientedBox.Overlap(a, b));
                Assert.Equal(Math.Max(delta, 0), OrientedBox.Distance(a, b), 1e-9);
            }
        }, iter: 500);
    }

    [Fact]
    public void Touching_boxes_overlap_and_are_zero_apart()
    {
        var a = new OrientedBox(0, 0, 1, 0.5, 0);
        Assert.True(OrientedBox.Overlap(a, new OrientedBox(2, 0, 1, 0.5, 0)));        // edge to edge
        Assert.True(OrientedBox.Overlap(a, new OrientedBox(2, 1, 1, 0.5, 0)));        // corner to corner
        Assert.True(OrientedBox.Overlap(a, new OrientedBox(1.5 - 1e-12, 0.75 - 1e-12, 0.5, 0.25, Math.PI))); // corners 1e-12 m into each other, turned half round
        Assert.False(OrientedBox.Overlap(a, new OrientedBox(2.000001, 1, 1, 0.5, 0)));
        Assert.Equal(0, OrientedBox.Distance(a, new OrientedBox(2, 1, 1, 0.5, 0)));
    }

    [Fact]
    public void A_box_inside_another_overlaps_though_no_edges_cross()
    {
        var big = new OrientedBox(3, 4, 6, 1.275, 0.7);
        var small = new OrientedBox(3.2, 4.1, 0.25, 0.3, -1.1);
        Assert.True(OrientedBox.Overlap(big, small));
        Assert.True(OrientedBox.Overlap(small, big));
        Assert.Equal(0, OrientedBox.Distance(small, big));
    }

    [Fact]
    public void A_cross_of_two_long_thin_boxes_overlaps_with_no_corner_inside_the_other()
    {
        var a = new OrientedBox(0, 0, 5, 0.2, 0);
        var b = new OrientedBox(0, 0, 5, 0.2, Math.PI / 2);
        for (int k = 0; k < 4; k++)
        {
            (double x, double y) = b.Corner(k);
            Assert.False(a.Contains(x, y));
        }

        Assert.True(OrientedBox.Overlap(a, b));
    }

    [Fact]
    public void Diamond_corner_stops_short_of_a_face_by_the_exact_gap()
    {
        // A square turned 45°: its corner lies √2·0.5 m from its centre.
        var a = new OrientedBox(0, 0, 1, 1, 0);
        var diamond = new OrientedBox(1 + 0.1 + (Math.Sqrt(2) * 0.5), 0.3, 0.5, 0.5, Math.PI / 4);
        Assert.False(OrientedBox.Overlap(a, diamond));
        Assert.Equal(0.1, OrientedBox.Distance(a, diamond), 1e-12);
    }

    [Fact]
    public void Actor_boxes_are_centred_on_the_pose_with_the_length_along_the_heading()
    {
        var pose = new ActorPose { X = 10, Y = 20, Heading = Math.PI / 2 };
        OrientedBox box = OrientedBox.Of(pose, ActorDimensions.Typical(ActorClass.Car));
        Assert.True(box.Contains(10, 22.24) && box.Contains(10.89, 20));
        Assert.False(box.Contains(10, 22.26));
        Assert.False(box.Contains(10.91, 20));
    }

    [Fact]
    public void Non_finite_or_negative_boxes_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OrientedBox(double.NaN, 0, 1, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OrientedBox(0, 0, 1, 1, double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OrientedBox(0, 0, -1, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OrientedBox(0, 0, 1, double.NaN, 0));
    }

    [Fact]
    public void Overlap_centroid_is_the_centre_of_the_shared_rectangle()
    {
        var a = new OrientedBox(0, 0, 2, 1, 0);
        var b = new OrientedBox(3, 0.5, 2, 1, Math.PI); // shares x ∈ [1, 2], y ∈ [−0.5, 1]
        Assert.True(OrientedBox.OverlapCentroid(a, b, out double x, out double y, out double area));
        Assert.Equal(1.5, x, 1e-12);
        Assert.Equal(0.25, y, 1e-12);
        Assert.Equal(1.5, area, 1e-12);

        // A diamond poking 0.2 m into a face: the shared triangle has its centroid a third of the way in.
        var diamond = new OrientedBox(2 - 0.2 + (Math.Sqrt(2) * 0.5), 0, 0.5, 0.5, Math.PI / 4);
        Assert.True(OrientedBox.OverlapCentroid(a, diamond, out x, out y, out area));
        Assert.Equal(2 - (0.2 / 3), x, 1e-12);
        Assert.Equal(0, y, 1e-12);
        Assert.Equal(0.04, area, 1e-12);

        Assert.False(OrientedBox.OverlapCentroid(a, new OrientedBox(10, 0, 1, 1, 0), out x, out _, out area));
        Assert.Equal(5, x);
        Assert.Equal(0, area);
    }

    /// <summary>The brute-force reference, written independently of <see cref="OrientedBox"/>'s internals.</summary>
    internal static class Reference
    {
        /// <summary>Boundary points of <paramref name="box"/>, at most <paramref name="spacing"/> apart, corners included.</summary>
        public static IEnumerable<(double X, double Y)> Boundary(OrientedBox box, double spacing)
        {
            double c = Math.Cos(box.Heading), s = Math.Sin(box.Heading);
            (double U, double V)[] corners = [(box.HalfLength, box.HalfWidth), (-box.HalfLength, box.HalfWidth), (-box.HalfLength, -box.HalfWidth), (box.HalfLength, -box.HalfWidth)];
            for (int k = 0; k < 4; k++)
            {
                (double u0, double v0) = corners[k];
                (double u1, double v1) = corners[(k + 1) % 4];
                double length = Math.Sqrt(((u1 - u0) * (u1 - u0)) + ((v1 - v0) * (v1 - v0)));
                int n = Math.Max(1, (int)Math.Ceiling(length / spacing));
                for (int i = 0; i < n; i++)
                {
                    double f = (double)i / n, u = u0 + (f * (u1 - u0)), v = v0 + (f * (v1 - v0));
                    yield return (box.X + (u * c) - (v * s), box.Y + (u * s) + (v * c));
                }
            }
        }

        /// <summary>Whether any boundary sample of <paramref name="of"/> lies in <paramref name="box"/> grown by
        /// <paramref name="margin"/> on every side.</summary>
        public static bool AnySampleInside(OrientedBox of, OrientedBox box, double margin, double spacing)
        {
            double c = Math.Cos(box.Heading), s = Math.Sin(box.Heading), hl = box.HalfLength + margin, hw = box.HalfWidth + margin;
            foreach ((double x, double y) in Boundary(of, spacing))
            {
                double dx = x - box.X, dy = y - box.Y;
                if (Math.Abs((dx * c) + (dy * s)) <= hl && Math.Abs((-dx * s) + (dy * c)) <= hw)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Least distance from a boundary sample of <paramref name="of"/> to <paramref name="box"/> (clamped local offsets).</summary>
        public static double SampledDistance(OrientedBox of, OrientedBox box, double spacing)
        {
            double c = Math.Cos(box.Heading), s = Math.Sin(box.Heading), best = double.PositiveInfinity;
            foreach ((double x, double y) in Boundary(of, spacing))
            {
                double dx = x - box.X, dy = y - box.Y;
                double u = Math.Max(Math.Abs((dx * c) + (dy * s)) - box.HalfLength, 0), v = Math.Max(Math.Abs((-dx * s) + (dy * c)) - box.HalfWidth, 0);
                best = Math.Min(best, (u * u) + (v * v));
            }

            return Math.Sqrt(best);
        }
    }
}
