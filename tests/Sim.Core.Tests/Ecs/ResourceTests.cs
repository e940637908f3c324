using Sim.Core.Ecs;

namespace Sim.Core.Tests.Ecs;

public class ResourceTests
{
    private sealed class RoadNetwork
    {
        public int Lanes { get; init; }
    }

    [Fact]
    public void Resources_are_per_world_and_writable_by_reference()
    {
        var a = new World();
        var b = new World();
        a.SetResource(new Health { Value = 1 });
        b.SetResource(new Health { Value = 2 });
        a.GetResource<Health>().Value += 10;

        Assert.Equal(11, a.GetResource<Health>().Value);
        Assert.Equal(2, b.GetResource<Health>().Value);
        Assert.True(a.RemoveResource<Health>());
        var ex = Assert.Throws<KeyNotFoundException>(() => a.GetResource<Health>());
        Assert.Contains("no Health resource", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unmanaged_resources_are_in_the_hash_and_the_snapshot_managed_ones_are_not()
    {
        var world = new World();
        world.SetResource(new Tag { Value = 5 });
        world.SetManagedResource(new RoadNetwork { Lanes = 3 });
        ulong before = world.ComputeHash();
        world.GetResource<Tag>().Value = 6;
        Assert.NotEqual(before, world.ComputeHash());
        world.SetManagedResource(new RoadNetwork { Lanes = 4 });
        ulong withOtherRoads = world.ComputeHash();
        world.SetManagedResource(new RoadNetwork { Lanes = 5 });
        Assert.Equal(withOtherRoads, world.ComputeHash());

        World restored = World.Restore(world.Snapshot());
        Assert.Equal(6, restored.GetResource<Tag>().Value);
        Assert.False(restored.HasResource<RoadNetwork>());
        Assert.Equal(5, world.GetManagedResource<RoadNetwork>().Lanes);
    }
}
