using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Vehicles;

namespace Sim.Core.Tests.Traffic;

public class LaneChangeTests
{
    private readonly record struct Snapshot(Entity Entity, int Lane, int TargetLane, double S, double Speed, double Length, IdmParameters Idm, double V0);

    private static List<Snapshot> Take(World world)
    {
        var list = new List<Snapshot>();
        RoadNetwork network = world.GetManagedResource<RoadNetwork>();
        world.Query(VehicleSystem.Vehicles, (Entity e, ref LaneMotion m, ref ActorBody b, ref IdmParameters idm) =>
            list.Add(new Snapshot(e, m.Lane, m.TargetLane, m.S, m.Speed, b.Length, idm, Math.Min(idm.DesiredSpeed, network.Lanes[m.Lane].SpeedLimit))));
        return list;
    }

    /// <summary>Dense three-lane traffic with mixed desired speeds: every lane change MOBIL starts leaves the new
    /// follower needing at most b_safe of braking, computed from the state the decision saw.</summary>
    [Fact]
    public void Mobil_never_enters_a_gap_that_makes_the_new_follower_brake_harder_than_its_safe_limit()
    {
        Simulation sim = TrafficTestWorlds.Simulation(TrafficTestWorlds.Ring(3, 1500, 300), seed: 7);
        var rng = new Sim.Core.Random.CounterRng(7);
        MobilParameters mobil = MobilParameters.Default with { SafeBraking = 2.5 };
        for (int i = 0; i < 180; i++)
        {
            var r = rng.Stream((ulong)i, 0, 0);
            IdmParameters idm = IdmParameters.Car with { DesiredSpeed = r.Uniform(18, 38), TimeHeadway = r.Uniform(0.8, 1.8) };
            TrafficTestWorlds.Car(sim, i % 3, i / 3 * 80.0, r.Uniform(10, 25), (ulong)i, idm, mobil);
        }

        int changes = 0;
        for (int step = 0; step < 1500; step++)
        {
            List<Snapshot> before = Take(sim.World);
            sim.Step();
            foreach (Snapshot v in before)
            {
                if (v.TargetLane != v.Lane || !sim.World.IsAlive(v.Entity))
                {
                    continue;
                }

                LaneMotion after = sim.World.Get<LaneMotion>(v.Entity);
                if (after.TargetLane == after.Lane || after.Lane != v.Lane)
                {
                    continue;
                }

                changes++;
                // The new follower: the nearest vehicle at or behind the changer in the target lane, before the step.
                Snapshot? follower = before.Where(o => o.Entity != v.Entity && (o.Lane == after.TargetLane || o.TargetLane == after.TargetLane) && o.S <= v.S)
                    .OrderByDescending(o => o.S).Cast<Snapshot?>().FirstOrDefault();
                if (follower is { } f)
                {
                    double gap = v.S - f.S - ((v.Length + f.Length) / 2);
                    double braking = f.Idm.Acceleration(f.Speed, f.V0, gap, v.Speed);
                    Assert.True(braking >= -mobil.SafeBraking - 1e-9, $"step {step}: the new follower of {v.Entity} must brake at {braking:0.###} m/s²");
                }
            }
        }

        Assert.True(changes > 20, $"only {changes} lane changes happened: the test proves nothing");
    }

    [Fact]
    public void A_lane_change_is_a_smooth_path_within_the_bicycle_models_maximum_curvature()
    {
        Simulation sim = TrafficTestWorlds.Simulation(TrafficTestWorlds.Straight(2, 3000));
        Entity car = TrafficTestWorlds.Car(sim, 1, 10, 25, 1);
        sim.World.Get<VehicleControl>(car).NoLaneChanges = 1;
        sim.Run(10);
        VehicleDynamics dyn = sim.World.Get<VehicleDynamics>(car);
        sim.World.Get<LaneMotion>(car).TargetLane = 0;
        var poses = new List<ActorPose>();
        for (int i = 0; i < 100; i++)
        {
            sim.Step();
            poses.Add(sim.World.Get<ActorPose>(car));
        }

        LaneMotion final = sim.World.Get<LaneMotion>(car);
        Assert.Equal(0, final.Lane);
        Assert.InRange(final.T, -0.05, 0.05);
        double maxCurvature = 0, maxRate = 0, previousCurvature = 0;
        for (int i = 1; i < poses.Count; i++)
        {
            double distance = Math.Sqrt(Math.Pow(poses[i].X - poses[i - 1].X, 2) + Math.Pow(poses[i].Y - poses[i - 1].Y, 2));
            double curvature = Pose2.WrapAngle(poses[i].Heading - poses[i - 1].Heading) / distance;
            maxCurvature = Math.Max(maxCurvature, Math.Abs(curvature));
            if (i > 1)
            {
                maxRate = Math.Max(maxRate, Math.Abs(curvature - previousCurvature) / 0.1);
            }

            previousCurvature = curvature;
        }

        Assert.True(maxCurvature <= dyn.MaxCurvature * 1.001, $"path curvature {maxCurvature:0.#####} 1/m exceeds {dyn.MaxCurvature:0.#####}");
        Assert.True(maxRate <= dyn.MaxCurvatureRate * 1.01, $"curvature changed at {maxRate:0.#####} 1/(m·s)");
        Assert.True(maxCurvature > 0.001, "no lateral motion was observed");
    }

    [Fact]
    public void Lane_keeping_on_a_curve_follows_the_lane_centre()
    {
        Simulation sim = TrafficTestWorlds.Simulation(TrafficTestWorlds.Ring(2, 200, 120));
        Entity car = TrafficTestWorlds.Car(sim, 1, 0, 15, 1);
        sim.World.Get<VehicleControl>(car).NoLaneChanges = 1;
        double worst = 0;
        for (int i = 0; i < 1200; i++)
        {
            sim.Step();
            worst = Math.Max(worst, Math.Abs(sim.World.Get<LaneMotion>(car).T));
        }

        Assert.True(worst < 0.25, $"drifted {worst:0.###} m off the lane centre");
    }

    [Fact]
    public void Traffic_with_lane_changes_is_identical_for_1_and_4_worker_threads()
    {
        ulong Run(int threads)
        {
            // 6,000 vehicles (several chunks) 11 m apart per lane on a 23 km three-lane ring.
            Simulation sim = TrafficTestWorlds.Simulation(TrafficTestWorlds.Ring(3, 10_000, 500), seed: 3, threads: threads);
            var rng = new Sim.Core.Random.CounterRng(3);
            for (int i = 0; i < 6000; i++)
            {
                var r = rng.Stream((ulong)i, 0, 0);
                TrafficTestWorlds.Car(sim, i % 3, (i / 3) * 11.0, r.Uniform(5, 20), (ulong)i, IdmParameters.Car with { DesiredSpeed = r.Uniform(20, 35) });
            }

            Assert.True(sim.World.Query(VehicleSystem.Vehicles).ChunkCount > 1);
            sim.Run(30);
            return sim.World.ComputeHash();
        }

        Assert.Equal(Run(1), Run(4));
    }
}
