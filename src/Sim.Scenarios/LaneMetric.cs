using Sim.Core.Traffic.Roads;

namespace Sim.Scenarios;

/// <summary>
/// Real distances along a lane. A lane's s is measured along its road's reference line, so on the inside of a curve the
/// lane is shorter than its s span: one metre of s is 1 − κ·offset metres of lane (κ the reference curvature, offset
/// the lane centre's lateral offset, left positive). Start-overlap checks and the traffic fill compare bodies with this.
/// </summary>
public static class LaneMetric
{
    /// <summary>Metres of lane per metre of s at <paramref name="s"/> on <paramref name="lane"/>.</summary>
    public static double Scale(RoadNetwork network, int lane, double s)
    {
        ArgumentNullException.ThrowIfNull(network);
        Lane l = network.Lane(lane);
        return Math.Clamp(1 - (l.Road.Reference.CurvatureAt(Math.Clamp(s, 0, l.Length)) * l.Offset), 0.05, 20);
    }

    /// <summary>Metres along <paramref name="lane"/> between <paramref name="from"/> and <paramref name="to"/> (s values,
    /// either order): the scale integrated by the midpoint rule over at most 16 steps of at least 1 m.</summary>
    public static double Distance(RoadNetwork network, int lane, double from, double to)
    {
        (double a, double b) = from <= to ? (from, to) : (to, from);
        int steps = Math.Clamp((int)Math.Ceiling(b - a), 1, 16);
        double h = (b - a) / steps, sum = 0;
        for (int i = 0; i < steps; i++)
        {
            sum += Scale(network, lane, a + ((i + 0.5) * h)) * h;
        }

        return sum;
    }
}
