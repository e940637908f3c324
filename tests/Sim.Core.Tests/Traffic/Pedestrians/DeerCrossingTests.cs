using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Pedestrians;

namespace Sim.Core.Tests.Traffic.Pedestrians;

public class DeerCrossingTests
{
    [Fact]
    public void A_deer_waits_on_the_verge_until_its_start_time_crosses_every_lane_and_leaves()
    {
        Simulation sim = StreetFixture.Create(seed: 31);
        var parameters = new DeerParameters(StartTime: 2, MinSpeed: 5, MaxSpeed: 5, HesitationRate: 0, Acceleration: 6, LeaveDistance: 15);
        Entity deer = DeerSpawner.Spawn(sim.World, 31, new StableId(100), (300, -12), (300, 12), parameters);
        Assert.Equal(ActorClass.Deer, sim.World.Get<ActorBody>(deer).Class);
        const double tv = 5.0 / 6.0; // at cruise speed after 0.83 s and 2.08 m
        var lanes = new HashSet<int>();
        bool gone = false;
        double goneAt = double.NaN;
        sim.RunFor(12, () =>
        {
            double t = sim.Clock.Time;
            if (!sim.World.IsAlive(deer))
            {
                gone = true;
                goneAt = double.IsNaN(goneAt) ? t : goneAt;
                return;
            }

            ActorPose p = sim.World.Get<ActorPose>(deer);
            double moving = Math.Max(0, t - 2);
            double expected = -12 + (moving < tv ? 3 * moving * moving : (3 * tv * tv) + (5 * (moving - tv)));
            Assert.Equal(300, p.X, 1e-9);
            Assert.Equal(expected, p.Y, 0.15); // semi-implicit Euler leads by a·dt·t/2 ≤ 0.13 m
            Assert.Equal(Math.PI / 2, p.Heading, 1e-9);
            LaneOccupancy occupancy = sim.World.Get<LaneOccupancy>(deer);
            if (occupancy.Lane >= 0)
            {
                lanes.Add(occupancy.Lane);
                Assert.Equal(occupancy.Lane is StreetFixture.EastNear or StreetFixture.EastFar ? 300 : 500, occupancy.S, 0.01);
            }
        });

        Assert.True(gone);
        // 24 m across plus 15 m away = 39 m: 2 s + 0.83 s + (39 − 2.08) m / 5 m/s = 10.22 s.
        Assert.InRange(goneAt, 10.2, 10.3);
        Assert.Equal([StreetFixture.EastNear, StreetFixture.EastFar, StreetFixture.WestNear, StreetFixture.WestFar], lanes.Order());
    }

    [Fact]
    public void A_hesitant_deer_freezes_on_its_way_yet_still_leaves()
    {
        Simulation sim = StreetFixture.Create(seed: 32);
        var parameters = new DeerParameters(StartTime: 0, MinSpeed: 4, MaxSpeed: 4, HesitationRate: 2, MinHesitation: 0.5, MaxHesitation: 1.5, LeaveDistance: 5);
        Entity deer = DeerSpawner.Spawn(sim.World, 32, new StableId(101), (300, -12), (300, 12), parameters);
        int frozenSteps = 0;
        double leftAt = double.NaN;
        sim.RunFor(120, () =>
        {
            if (!sim.World.IsAlive(deer))
            {
                leftAt = double.IsNaN(leftAt) ? sim.Clock.Time : leftAt;
                return;
            }

            frozenSteps += sim.World.Get<DeerCrossing>(deer).Phase == DeerPhase.Hesitating ? 1 : 0;
            ActorPose p = sim.World.Get<ActorPose>(deer);
            Assert.True(sim.World.Get<DeerCrossing>(deer).Phase != DeerPhase.Hesitating || (p.Vx == 0 && p.Vy == 0));
        });

        Assert.False(double.IsNaN(leftAt));
        // At 2 hesitations/s over a ≥ 7 s crossing, freezing is all but certain; an unhesitant deer needs 29 m / 4 m/s ≈ 7.6 s.
        Assert.True(frozenSteps >= 10, $"{frozenSteps} frozen steps");
        Assert.True(leftAt > 7.6 + (frozenSteps * 0.05) - 0.5);
    }

    [Fact]
    public void Random_start_times_and_speeds_fall_in_their_ranges_and_vary_between_deer()
    {
        Simulation sim = StreetFixture.Create(seed: 33);
        var parameters = new DeerParameters(EarliestStart: 1, LatestStart: 5);
        var deer = Enumerable.Range(0, 200).Select(i => sim.World.Get<DeerCrossing>(
            DeerSpawner.Spawn(sim.World, 33, new StableId((ulong)i), (100 + i, -12), (100 + i, 12), parameters))).ToList();
        Assert.All(deer, d => Assert.InRange(d.StartTime, 1, 5));
        Assert.All(deer, d => Assert.InRange(d.CruiseSpeed, 3, 8));
        Assert.True(deer.Select(d => d.StartTime).Distinct().Count() > 190);
        Assert.InRange(deer.Average(d => d.CruiseSpeed), 5.5 - 0.5, 5.5 + 0.5); // uniform mean 5.5, σ/√200 ≈ 0.1
    }
}
