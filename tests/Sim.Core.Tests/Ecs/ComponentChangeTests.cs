using Sim.Core.Ecs;

namespace Sim.Core.Tests.Ecs;

public class ComponentChangeTests
{
    [Fact]
    public void Add_moves_the_row_to_the_new_archetype_and_keeps_the_other_values()
    {
        var world = new World();
        Entity e = world.Create(new Position { X = 1, Y = 2, Z = 3 });
        Archetype before = world.GetArchetype(e);
        world.Add(e, new Velocity { X = 4 });
        Archetype after = world.GetArchetype(e);

        Assert.NotSame(before, after);
        Assert.Equal(0, before.Count);
        Assert.Equal(3, world.Get<Position>(e).Z);
        Assert.Equal(4, world.Get<Velocity>(e).X);
        Assert.True(after.Has<Position>() && after.Has<Velocity>());
    }

    [Fact]
    public void Remove_moves_back_and_transitions_are_cached_both_ways()
    {
        var world = new World();
        Entity a = world.Create(new Position { X = 1 });
        Entity b = world.Create(new Position { X = 2 });
        world.Add(a, new Velocity());
        int archetypes = world.Archetypes.Count;
        world.Add(b, new Velocity());
        world.Remove<Velocity>(a);
        world.Remove<Velocity>(b);

        Assert.Equal(archetypes, world.Archetypes.Count);
        Assert.False(world.Has<Velocity>(a));
        Assert.Equal(1, world.Get<Position>(a).X);
        Assert.Equal(2, world.Get<Position>(b).X);
        Assert.Same(world.GetArchetype(a), world.GetArchetype(b));
    }

    [Fact]
    public void Get_returns_a_reference_that_writes_through()
    {
        var world = new World();
        Entity e = world.Create(new Health { Value = 1 });
        world.Get<Health>(e).Value = 9;
        Assert.Equal(9, world.Get<Health>(e).Value);
        Assert.True(world.TryGet(e, out Health h) && h.Value == 9);
        Assert.False(world.TryGet(e, out Tag _));
    }

    [Fact]
    public void Adding_a_present_component_or_reading_a_missing_one_throws_naming_entity_and_type()
    {
        var world = new World();
        Entity e = world.Create(new Health());
        var duplicate = Assert.Throws<ComponentMismatchException>(() => world.Add(e, new Health()));
        Assert.Contains("Entity(0 v1)", duplicate.Message, StringComparison.Ordinal);
        Assert.Contains("already has a Health", duplicate.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<ComponentMismatchException>(() => world.Get<Tag>(e));
        Assert.Contains("has no Tag", missing.Message, StringComparison.Ordinal);
        Assert.Throws<ComponentMismatchException>(() => world.Remove<Tag>(e));
        Assert.Throws<ComponentMismatchException>(() => world.Set(e, new Tag()));
    }

    [Fact]
    public void Columns_are_contiguous_per_archetype()
    {
        var world = new World();
        for (int i = 0; i < 100; i++)
        {
            world.Create(new Health { Value = i }, new Tag { Value = i * 10 });
        }

        Archetype archetype = world.GetArchetype(world.GetEntities()[0]);
        Span<Health> health = archetype.GetSpan<Health>(0, archetype.Count);
        Span<Tag> tags = archetype.GetSpan<Tag>(0, archetype.Count);
        Assert.Equal(100, health.Length);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(i, health[i].Value);
            Assert.Equal(i * 10, tags[i].Value);
        }
    }
}
