using CsCheck;
using Sim.Core.Traffic.Safety;
using static Sim.Core.Tests.Traffic.OrientedBoxOverlapTests;

namespace Sim.Core.Tests.Traffic;

/// <summary>The box-to-box distance against sampling: the least distance from boundary samples of each box (every
/// 5 mm) to the other box. Sampling can only overestimate, by at most half the spacing.</summary>
public class OrientedBoxDistanceTests
{
    private const double Spacing = 0.005;

    [Fact]
    public void Distance_matches_boundary_sampling_within_a_centimetre()
    {
        Gen.Select(Boxes, Boxes, Gen.Double[0, 6], Gen.Double[-Math.PI, Math.PI]).Sample((a, b, push, direction) =>
        {
            // Push b away along a random direction so that most pairs are apart, some by a little.
            var far = new OrientedBox(b.X + (push * Math.Cos(direction)), b.Y + (push * Math.Sin(direction)), b.HalfLength, b.HalfWidth, b.Heading);
            double exact = OrientedBox.Distance(a, far);
            double sampled = Math.Min(Reference.SampledDistance(a, far, Spacing), Reference.SampledDistance(far, a, Spacing));
            if (OrientedBox.Overlap(a, far))
            {
                Assert.Equal(0, exact);
            }
            else
            {
                Assert.True(exact > 0);
                Assert.InRange(sampled - exact, -1e-9, Spacing / 2); // well within the 1 cm asked for
            }

            Assert.Equal(exact, OrientedBox.Distance(far, a), 1e-12);
        }, iter: 1000);
    }

    [Fact]
    public void Parallel_boxes_side_by_side_are_their_lateral_gap_apart()
    {
        var a = new OrientedBox(0, 0, 2.25, 0.9, 0.3);
        (double x, double y) = a.ToWorld(1, 1.9);
        Assert.Equal(0.1, OrientedBox.Distance(a, new OrientedBox(x, y, 2.25, 0.9, 0.3 + Math.PI)), 1e-12);
        (x, y) = a.ToWorld(4.5 + 3, 1.8 + 4);
        Assert.Equal(5, OrientedBox.Distance(a, new OrientedBox(x, y, 2.25, 0.9, 0.3)), 1e-12);
    }
}
