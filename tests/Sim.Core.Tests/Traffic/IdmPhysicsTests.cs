using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Vehicles;

namespace Sim.Core.Tests.Traffic;

public class IdmPhysicsTests
{
    [Fact]
    public void On_a_free_road_a_car_accelerates_monotonically_towards_v0_and_never_beyond()
    {
        Simulation sim = TrafficTestWorlds.Simulation(TrafficTestWorlds.Straight(1, 20_000));
        IdmParameters idm = IdmParameters.Car with { DesiredSpeed = 30 };
        Entity car = TrafficTestWorlds.Car(sim, 0, 10, 0, 1, idm);
        double previous = 0;
        for (int i = 0; i < 2000; i++)
        {
            sim.Step();
            double v = sim.World.Get<LaneMotion>(car).Speed;
            Assert.True(v >= previous - 1e-12, $"speed fell from {previous} to {v} at step {i}");
            Assert.True(v <= 30 + 1e-9);
            previous = v;
        }

        Assert.InRange(previous, 29.7, 30); // within 1 % of v0 after 200 s
    }

    [Theory]
    [InlineData(10.0)]
    [InlineData(20.0)]
    [InlineData(25.0)]
    public void The_equilibrium_gap_behind_a_steady_leader_matches_the_formula_within_1_percent(double speed)
    {
        Simulation sim = TrafficTestWorlds.Simulation(TrafficTestWorlds.Straight(1, 50_000));
        IdmParameters idm = IdmParameters.Car;
        Entity follower = TrafficTestWorlds.Car(sim, 0, 0, speed, 1, idm, MobilParameters.Default);
        Entity leader = TrafficTestWorlds.Car(sim, 0, 60, speed, 2, idm);
        sim.World.Get<VehicleControl>(leader) = new VehicleControl { HasTargetSpeed = 1, TargetSpeed = speed, NoLaneChanges = 1 };
        // The leader's own IDM never quite reaches its target, so compare against the formula at its actual speed.
        sim.Run(6000);
        double v = sim.World.Get<LaneMotion>(leader).Speed;
        double expected = (idm.MinimumGap + (v * idm.TimeHeadway)) / Math.Sqrt(1 - Math.Pow(v / idm.DesiredSpeed, idm.Exponent));
        Assert.Equal(expected, idm.EquilibriumGap(v, idm.DesiredSpeed), 9);
        double gap = TrafficTestWorlds.Gap(sim.World, follower, leader);
        Assert.True(Math.Abs(gap - expected) / expected < 0.01, $"gap {gap:0.###} m, formula {expected:0.###} m at v = {v:0.###} m/s");
        Assert.Equal(v, sim.World.Get<LaneMotion>(follower).Speed, 2);
    }

    [Fact]
    public void A_platoon_behind_a_leader_braking_at_8_m_s2_stops_without_collision()
    {
        Simulation sim = TrafficTestWorlds.Simulation(TrafficTestWorlds.Straight(1, 5_000));
        IdmParameters idm = IdmParameters.Car;
        const double v = 30;
        double spacing = idm.EquilibriumGap(v, idm.DesiredSpeed) + 4.5;
        var platoon = new List<Entity>();
        for (int i = 0; i < 10; i++)
        {
            Entity car = TrafficTestWorlds.Car(sim, 0, 2000 - (i * spacing), v, (ulong)i, idm);
            sim.World.Get<VehicleControl>(car).NoLaneChanges = 1;
            platoon.Add(car);
        }

        sim.Run(50);
        sim.World.Get<VehicleControl>(platoon[0]).ForcedDeceleration = 8;
        double minGap = double.MaxValue;
        double hardest = 0;
        for (int step = 0; step < 600; step++)
        {
            sim.Step();
            for (int i = 1; i < platoon.Count; i++)
            {
                minGap = Math.Min(minGap, TrafficTestWorlds.Gap(sim.World, platoon[i], platoon[i - 1]));
                hardest = Math.Min(hardest, sim.World.Get<LaneMotion>(platoon[i]).Acceleration);
            }
        }

        Assert.True(minGap > 0, $"collision: minimum gap {minGap:0.###} m");
        Assert.All(platoon, car => Assert.Equal(0, sim.World.Get<LaneMotion>(car).Speed));
        Assert.True(hardest >= -IdmParameters.PhysicalMaxDeceleration);
    }

    [Fact]
    public void Stopping_for_a_standing_obstacle_ends_at_the_minimum_gap()
    {
        Simulation sim = TrafficTestWorlds.Simulation(TrafficTestWorlds.Straight(1, 2_000));
        Entity car = TrafficTestWorlds.Car(sim, 0, 0, 20, 1);
        Entity stalled = TrafficTestWorlds.Car(sim, 0, 500, 0, 2);
        sim.World.Get<VehicleControl>(stalled) = new VehicleControl { HasTargetSpeed = 1, TargetSpeed = 0 };
        sim.Run(1200);
        Assert.Equal(0, sim.World.Get<LaneMotion>(car).Speed, 3);
        Assert.InRange(TrafficTestWorlds.Gap(sim.World, car, stalled), IdmParameters.Car.MinimumGap * 0.9, IdmParameters.Car.MinimumGap * 1.1);
    }
}
