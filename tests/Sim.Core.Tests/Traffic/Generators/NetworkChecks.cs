using Sim.Core.Traffic.Roads;

namespace Sim.Core.Tests.Traffic.Generators;

/// <summary>Assertions over whole road networks.</summary>
internal static class NetworkChecks
{
    /// <summary>Position tolerance of a connection, m.</summary>
    public const double Position = 0.01;

    /// <summary>Heading tolerance of a connection, rad.</summary>
    public const double Heading = 0.01;

    /// <summary>Asserts that every connection (lane → successor) joins the end pose of the lane's centre line to the
    /// start pose of the successor's; returns how many connections there are.</summary>
    public static int AssertConnectionsContinuous(RoadNetwork network)
    {
        int connections = 0;
        foreach (Lane lane in network.Lanes)
        {
            foreach (int next in lane.Successors)
            {
                Pose2 end = network.ToWorld(new LanePosition(lane.Id, lane.Length, 0));
                Pose2 start = network.ToWorld(new LanePosition(next, 0, 0));
                double gap = Math.Sqrt(((end.X - start.X) * (end.X - start.X)) + ((end.Y - start.Y) * (end.Y - start.Y)));
                double kink = Math.Abs(Pose2.WrapAngle(end.Heading - start.Heading));
                Assert.True(gap <= Position, $"{lane} ends at {end} but its successor {network.Lanes[next]} starts at {start}: {gap:0.####} m apart.");
                Assert.True(kink <= Heading, $"{lane} ends heading {end.Heading:0.####} rad but its successor {network.Lanes[next]} starts heading {start.Heading:0.####} rad.");
                connections++;
            }
        }

        return connections;
    }

    /// <summary>Distance from a lane-centre point at s to (x, y), m.</summary>
    public static double DistanceTo(RoadNetwork network, int lane, double s, (double X, double Y) point)
    {
        Pose2 p = network.ToWorld(new LanePosition(lane, s, 0));
        return Math.Sqrt(((p.X - point.X) * (p.X - point.X)) + ((p.Y - point.Y) * (p.Y - point.Y)));
    }

    /// <summary>Whether following first successors from <paramref name="lane"/> returns to it within
    /// <paramref name="maxSteps"/> steps (every lane on the way must have a successor).</summary>
    public static bool ReturnsTo(RoadNetwork network, int lane, int maxSteps)
    {
        int current = lane;
        for (int step = 0; step < maxSteps; step++)
        {
            IReadOnlyList<int> next = network.Lanes[current].Successors;
            if (next.Count == 0)
            {
                return false;
            }

            current = next[0];
            if (current == lane)
            {
                return true;
            }
        }

        return false;
    }
}
