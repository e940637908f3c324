using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Vehicles;

namespace Sim.Core.Tests.Traffic;

public class TrafficActionTests
{
    [Fact]
    public void Brake_hard_decelerates_at_exactly_the_given_rate_until_standstill()
    {
        Simulation sim = TrafficTestWorlds.Simulation(TrafficTestWorlds.Straight(1, 2000));
        Entity car = TrafficTestWorlds.Car(sim, 0, 10, 24, 1);
        TrafficActions.BrakeHard(sim.World, car, 6);
        sim.Run(20); // 2 s at 6 m/s²: 24 → 12 m/s
        Assert.Equal(12, sim.World.Get<LaneMotion>(car).Speed, 9);
        double s0 = sim.World.Get<LaneMotion>(car).S;
        sim.Run(40);
        LaneMotion m = sim.World.Get<LaneMotion>(car);
        Assert.Equal(0, m.Speed);
        Assert.Equal(12 * 12 / (2.0 * 6), m.S - s0, 6); // stopping distance v²/2a
    }

    [Fact]
    public void Set_target_speed_and_stop_are_followed()
    {
        Simulation sim = TrafficTestWorlds.Simulation(TrafficTestWorlds.Straight(1, 5000));
        Entity car = TrafficTestWorlds.Car(sim, 0, 10, 10, 1);
        TrafficActions.SetTargetSpeed(sim.World, car, 15);
        sim.Run(600);
        Assert.InRange(sim.World.Get<LaneMotion>(car).Speed, 14.7, 15.0);
        TrafficActions.Stop(sim.World, car);
        sim.Run(200);
        Assert.Equal(0, sim.World.Get<LaneMotion>(car).Speed);
        Assert.True(sim.World.Get<LaneMotion>(car).Acceleration >= -IdmParameters.Car.ComfortableDeceleration);
    }

    [Fact]
    public void Cut_in_moves_into_the_target_lane_abruptly_but_within_the_curvature_limit()
    {
        Simulation sim = TrafficTestWorlds.Simulation(TrafficTestWorlds.Straight(2, 2000));
        Entity cutter = TrafficTestWorlds.Car(sim, 1, 100, 25, 1);
        Entity normal = TrafficTestWorlds.Car(sim, 1, 300, 25, 2);
        foreach (Entity e in new[] { cutter, normal })
        {
            sim.World.Get<VehicleControl>(e).NoLaneChanges = 1;
        }

        TrafficActions.CutIn(sim.World, cutter, left: true);
        TrafficActions.ChangeLane(sim.World, normal, left: true);
        int cutterDone = -1, normalDone = -1;
        double maxCurvature = 0;
        for (int i = 0; i < 150; i++)
        {
            sim.Step();
            maxCurvature = Math.Max(maxCurvature, Math.Abs(sim.World.Get<VehicleDynamics>(cutter).Curvature));
            if (cutterDone < 0 && sim.World.Get<LaneMotion>(cutter).Lane == 0)
            {
                cutterDone = i;
            }

            if (normalDone < 0 && sim.World.Get<LaneMotion>(normal).Lane == 0)
            {
                normalDone = i;
            }
        }

        Assert.True(cutterDone > 0 && normalDone > 0);
        Assert.True(cutterDone < normalDone, $"cut-in crossed the line at step {cutterDone}, a normal change at {normalDone}");
        Assert.True(maxCurvature <= sim.World.Get<VehicleDynamics>(cutter).MaxCurvature);
        Assert.Equal(0, sim.World.Get<VehicleControl>(cutter).Forced);
    }

    [Fact]
    public void Actions_refuse_impossible_requests_naming_the_vehicle()
    {
        Simulation sim = TrafficTestWorlds.Simulation(TrafficTestWorlds.Straight(1, 500));
        Entity car = TrafficTestWorlds.Car(sim, 0, 10, 10, 1);
        var ex = Assert.Throws<InvalidOperationException>(() => TrafficActions.ChangeLane(sim.World, car, left: true));
        Assert.Contains(car.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => TrafficActions.BrakeHard(sim.World, car, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrafficActions.SetTargetSpeed(sim.World, car, double.NaN));
        Assert.Throws<ArgumentException>(() => TrafficActions.Teleport(sim.World, car, new LanePosition(0, 900, 0), 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrafficTestWorlds.Car(sim, 0, 600, 10, 2));
        Assert.Throws<ArgumentException>(() => VehicleFactory.Spawn(sim.World, new VehicleSpec(ActorClass.Deer), new LanePosition(0, 10, 0), 0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => VehicleFactory.Spawn(sim.World, new VehicleSpec(ActorClass.Car, Idm: IdmParameters.Car with { TimeHeadway = -1 }), new LanePosition(0, 10, 0), 0, 3));
    }

    [Fact]
    public void Teleport_spawn_and_despawn_through_a_command_buffer()
    {
        Simulation sim = TrafficTestWorlds.Simulation(TrafficTestWorlds.Straight(2, 1000));
        Entity car = TrafficTestWorlds.Car(sim, 0, 10, 10, 1);
        TrafficActions.Teleport(sim.World, car, new LanePosition(1, 500, 0.5), 3);
        Assert.Equal(500, sim.World.Get<LaneMotion>(car).S);
        Assert.Equal(sim.World.GetManagedResource<RoadNetwork>().ToWorld(new LanePosition(1, 500, 0.5)).X, sim.World.Get<ActorPose>(car).X, 9);

        var buffer = new CommandBuffer();
        VehicleFactory.Spawn(buffer, sim.World, new VehicleSpec(ActorClass.Truck), new LanePosition(0, 100, 0), 15, 2);
        TrafficActions.Despawn(buffer, car);
        buffer.Playback(sim.World);
        Entity truck = Assert.Single(sim.World.GetEntities());
        Assert.Equal(ActorClass.Truck, sim.World.Get<ActorBody>(truck).Class);
        sim.Run(10);
        Assert.True(sim.World.Get<LaneMotion>(truck).S > 100);
    }

    [Fact]
    public void Vehicles_leave_the_network_at_an_exit()
    {
        Simulation sim = TrafficTestWorlds.Simulation(TrafficTestWorlds.Straight(1, 200));
        TrafficTestWorlds.Car(sim, 0, 150, 20, 1);
        sim.Run(50);
        Assert.Equal(0, sim.World.Count);
    }
}
