using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Pedestrians;
using Sim.Core.Traffic.Safety;

namespace Sim.Scenarios.Tests.Model;

public class TrafficFillTests
{
    private const string Highway = """
        meta:
          name: f
          duration: 30
        world:
          road:
            type: highway
            lanes: 3
            length: 3000
          traffic:
            vehicles_per_km_per_lane: 20
            mix:
              car: 3
              truck: 1
        actors:
          ego:
            lane: 1
            s: 500
            speed_kmh: 100
        """;

    private static readonly QueryDescription Vehicles = new QueryDescription().WithAll<LaneMotion, ActorBody, StableId>();

    private static List<(int Lane, double S, ActorClass Class, ulong Id)> Cars(World w)
    {
        var cars = new List<(int, double, ActorClass, ulong)>();
        foreach (Chunk chunk in w.Query(Vehicles).GetChunks())
        {
            for (int i = 0; i < chunk.Count; i++)
            {
                cars.Add((chunk.GetSpan<LaneMotion>()[i].Lane, chunk.GetSpan<LaneMotion>()[i].S, chunk.GetSpan<ActorBody>()[i].Class, chunk.GetSpan<StableId>()[i].Value));
            }
        }

        return cars;
    }

    [Fact]
    public void The_fill_puts_the_density_on_every_lane_without_overlaps_and_flows_without_crashes()
    {
        BuiltScenario b = WorldBuilder.Build(SpecText.Instance(Highway));
        World w = b.Simulation.World;
        List<(int Lane, double S, ActorClass Class, ulong Id)> cars = Cars(w);
        // 3 lanes × 3 km × 20 /km = 180 slots; a few are skipped next to the ego and where a truck does not fit.
        Assert.InRange(cars.Count, 160, 181);
        double trucks = cars.Count(c => c.Class == ActorClass.Truck) / (double)cars.Count;
        Assert.InRange(trucks, 0.25 - 0.1, 0.25 + 0.1); // mix 3:1
        foreach (IGrouping<int, (int Lane, double S, ActorClass Class, ulong Id)> lane in cars.GroupBy(c => c.Lane))
        {
            var ordered = lane.OrderBy(c => c.S).ToList();
            for (int i = 1; i < ordered.Count; i++)
            {
                double gap = ordered[i].S - ordered[i - 1].S - ((ActorDimensions.Typical(ordered[i].Class).Length + ActorDimensions.Typical(ordered[i - 1].Class).Length) / 2);
                Assert.True(gap >= 2 - 1e-9, $"lane {lane.Key}: {gap:0.##} m between vehicles at s {ordered[i - 1].S:0.#} and {ordered[i].S:0.#}");
            }
        }

        b.Simulation.Run(400);
        Assert.Empty(w.GetManagedResource<CollisionLog>().Events);
    }

    [Fact]
    public void The_fill_is_the_same_on_a_rerun_and_differs_between_variations()
    {
        List<(int, double, ActorClass, ulong)> a = Cars(WorldBuilder.Build(SpecText.Instance(Highway, 0)).Simulation.World);
        List<(int, double, ActorClass, ulong)> again = Cars(WorldBuilder.Build(SpecText.Instance(Highway, 0)).Simulation.World);
        List<(int, double, ActorClass, ulong)> other = Cars(WorldBuilder.Build(SpecText.Instance(Highway, 1)).Simulation.World);
        Assert.Equal(a, again);
        Assert.NotEqual(a.Select(c => c.Item2), other.Select(c => c.Item2));
    }

    [Fact]
    public void Sidewalks_get_walkers_at_their_density()
    {
        BuiltScenario b = WorldBuilder.Build(SpecText.Instance("""
            meta:
              name: f
              duration: 10
            world:
              road:
                type: urban_block
              traffic:
                pedestrians_per_100m: 2
            """));
        int walkers = 0;
        foreach (Chunk chunk in b.Simulation.World.Query(new QueryDescription().WithAll<PedestrianState>()).GetChunks())
        {
            walkers += chunk.Count;
        }

        double sidewalks = b.Simulation.World.GetManagedResource<Sim.Core.Traffic.Roads.RoadNetwork>().Lanes.Where(l => l.Kind == Sim.Core.Traffic.Roads.LaneKind.Sidewalk).Sum(l => l.Length);
        Assert.InRange(walkers, (sidewalks / 100 * 2) - 8, (sidewalks / 100 * 2) + 1);
        b.Simulation.Run(100);
    }

    [Theory]
    [InlineData("type: ring\n    lanes: 2\n    circumference: 800", 60)]
    [InlineData("type: urban_block", 40)]
    [InlineData("type: intersection\n    lanes: 2", 40)]
    [InlineData("type: curve\n    two_way: true\n    radius: 150\n    angle: 90", 50)]
    public void A_dense_fill_starts_as_flowing_traffic_across_lane_seams_loops_and_signals(string road, int density)
    {
        for (int variation = 0; variation < 5; variation++)
        {
            BuiltScenario b = WorldBuilder.Build(SpecText.Instance($"meta:\n  name: f\n  duration: 10\nworld:\n  road:\n    {road}\n  traffic:\n    vehicles_per_km_per_lane: {density}\n", variation));
            Assert.True(Cars(b.Simulation.World).Count > 10);
            b.Simulation.Run(100);
            Assert.Empty(b.Simulation.World.GetManagedResource<CollisionLog>().Events);
        }
    }

    [Theory]
    [InlineData("    vehicles_per_km_per_lane: 200\n", "s.yaml:9:31: world.traffic.vehicles_per_km_per_lane: 200 vehicles/km/lane is out of range; expected 0–150 vehicles/km/lane")]
    [InlineData("    mix:\n      tank: 1\n", "s.yaml:10:7: world.traffic.mix.tank: unknown key 'tank'")]
    [InlineData("    mix:\n      car: 0\n", "s.yaml:10:7: world.traffic.mix: the mix's weights add up to 0")]
    [InlineData("    vehicles_per_km_per_lane: 150\n", "s.yaml:9:5: world.traffic: this fills the road with up to about 45,000 vehicles")]
    public void Fill_mistakes_and_huge_fills_are_refused(string traffic, string expected) =>
        SpecText.Refused("meta:\n  name: f\n  duration: 10\nworld:\n  road:\n    type: highway\n    length: 100000\n  traffic:\n" + traffic, expected);
}
