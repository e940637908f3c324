using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Safety;
using Sim.Core.Weather;
using Sim.Scenarios.Model;
using Sim.Scenarios.Yaml;
using Sim.Tests.Infrastructure;

namespace Sim.Scenarios.Tests;

public class WorldBuilderTests
{
    private static ScenarioInstance Shipped(int index)
    {
        var d = new List<ScenarioDiagnostic>();
        ScenarioSpec? spec = ScenarioSpec.Load(RepositoryRoot.Combine("scenarios", "highway-merge-fog-dusk.yaml"), d);
        Assert.True(spec is not null, string.Join("\n", d));
        return spec.Instantiate(null, index, d) ?? throw new InvalidOperationException(string.Join("\n", d));
    }

    [Fact]
    public void The_built_world_starts_where_the_file_says_and_drives_without_collisions()
    {
        ScenarioInstance instance = Shipped(0);
        BuiltScenario built = WorldBuilder.Build(instance);
        World world = built.Simulation.World;
        foreach (VehiclePlacement a in instance.Actors.OfType<VehiclePlacement>())
        {
            LaneMotion m = world.Get<LaneMotion>(built.Actors[a.Name]);
            Assert.Equal((a.Position.Lane, a.Position.S), (m.Lane, m.S));
            Assert.Equal(WorldBuilder.ActorId(a.Name), world.Get<StableId>(built.Actors[a.Name]).Value);
        }

        double egoX = world.Get<ActorPose>(built.Actors["ego"]).X;
        built.Simulation.Run(20 * 20); // 20 s at 0.05 s
        Assert.InRange(world.Get<ActorPose>(built.Actors["ego"]).X - egoX, 20 * 15.0, 20 * 36.0); // moving east at 54–130 km/h
        Assert.True(world.HasResource<CollisionLog>(), "the collision system ran");
        Assert.Empty(world.GetManagedResource<CollisionLog>().Events);
        // The weather follows the timeline (which the scenario's fog event has since rewritten from the merge on).
        WeatherTimeline now = world.GetManagedResource<WeatherTimeline>();
        Assert.NotSame(instance.Weather, now);
        Assert.Equal(now.At(built.Simulation.Clock.Time - instance.Meta.Dt).FogVisibility, world.GetResource<WeatherState>().FogVisibility, 9);
        Assert.Equal(instance.Weather!.At(5).FogVisibility, now.At(5).FogVisibility, 9); // before the event, unchanged
    }

    [Fact]
    public void Same_variation_gives_a_byte_identical_run_whatever_the_threads_and_variations_differ()
    {
        byte[] Run(int index, int threads)
        {
            BuiltScenario b = WorldBuilder.Build(Shipped(index), threads);
            b.Simulation.Run(200);
            return b.Simulation.World.Snapshot();
        }

        byte[] one = Run(3, 1);
        Assert.Equal(one, Run(3, 1));
        Assert.Equal(one, Run(3, 2));
        Assert.NotEqual(one, Run(4, 1));
    }
}
