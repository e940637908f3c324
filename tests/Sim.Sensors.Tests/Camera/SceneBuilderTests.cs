using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Roads.Generators;
using Sim.Core.Traffic.Vehicles;
using Sim.Sensors.Camera;
using Sim.Sensors.Geometry;

namespace Sim.Sensors.Tests.Camera;

public class SceneBuilderTests
{
    [Fact]
    public void A_world_becomes_its_road_surfaces_and_a_box_per_body_in_stable_id_order()
    {
        HighwayLayout layout = new Highway(3, 3.75, 30, 1000).Build();
        var sim = new Simulation(new SimulationOptions(1, 0.05, 1));
        sim.World.SetManagedResource(layout.Network);
        VehicleFactory.Spawn(sim.World, new VehicleSpec(ActorClass.Truck), layout.MainLaneAt(1, 200), 20, 9);
        VehicleFactory.Spawn(sim.World, new VehicleSpec(ActorClass.Car), layout.MainLaneAt(2, 150), 20, 5);

        Scene scene = SceneBuilder.FromWorld(sim.World);
        SceneInstance[] things = [.. scene.Instances.Where(i => !i.IsStuff)];
        Assert.Equal([5UL, 9UL], things.Select(t => t.Id));
        Assert.Equal([SemanticClass.Car, SemanticClass.Truck], things.Select(t => t.Semantic));
        Assert.Equal(SemanticClass.Terrain, scene.GroundClass);

        // From 1.6 m above lane 1 at s = 100, looking along the road: road, markings, the truck ahead, terrain aside.
        Pose2 eye = layout.Network.ToWorld(layout.MainLaneAt(1, 100));
        CameraFrame frame = CpuCamera.Render(PinholeCamera.WithFov(320, 180, 90, eye.X, eye.Y, 1.6, eye.Heading), scene);
        SemanticClass[] seen = [.. frame.Semantic.Distinct()];
        Assert.Contains(SemanticClass.Road, seen);
        Assert.Contains(SemanticClass.LaneMarking, seen);
        Assert.Contains(SemanticClass.Truck, seen);
        Assert.Contains(SemanticClass.Terrain, seen);
        Assert.All(frame.Instance.Where((_, i) => frame.Semantic[i] is SemanticClass.Road or SemanticClass.LaneMarking), id => Assert.Equal(0u, id)); // stuff has no instance
    }
}
