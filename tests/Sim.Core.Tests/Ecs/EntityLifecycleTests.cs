using Sim.Core.Ecs;

namespace Sim.Core.Tests.Ecs;

public class EntityLifecycleTests
{
    [Fact]
    public void Created_entities_are_alive_and_distinct()
    {
        var world = new World();
        Entity a = world.Create();
        Entity b = world.Create(new Position { X = 1 });
        Assert.True(world.IsAlive(a));
        Assert.True(world.IsAlive(b));
        Assert.NotEqual(a, b);
        Assert.Equal(2, world.Count);
        Assert.False(world.IsAlive(Entity.Null));
    }

    [Fact]
    public void Entities_created_after_making_room_keep_their_ids_and_values_past_the_room_made()
    {
        var world = new World();
        Entity before = world.Create(new Health { Value = -1 });
        world.EnsureCapacity(700);
        Assert.Throws<ArgumentOutOfRangeException>(() => world.EnsureCapacity(-1));
        world.EnsureCapacity(10); // less than there is: nothing changes
        Entity[] made = [.. Enumerable.Range(0, 1_000).Select(i => world.Create(new Health { Value = i }))];
        Assert.Equal(1_001, world.Count);
        Assert.Equal(-1, world.Get<Health>(before).Value);
        for (int i = 0; i < made.Length; i++)
        {
            Assert.Equal(i + 1, made[i].Id);
            Assert.Equal(i, world.Get<Health>(made[i]).Value);
        }
    }

    [Fact]
    public void Destroyed_id_is_recycled_with_a_new_version_and_the_old_handle_is_stale()
    {
        var world = new World();
        Entity first = world.Create(new Health { Value = 5 });
        world.Destroy(first);
        Entity second = world.Create(new Health { Value = 7 });

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Version + 1, second.Version);
        Assert.False(world.IsAlive(first));
        Assert.True(world.IsAlive(second));
        Assert.Equal(7, world.Get<Health>(second).Value);

        var e = Assert.Throws<EntityNotAliveException>(() => world.Get<Health>(first));
        Assert.Equal(first, e.Entity);
        Assert.Contains(first.ToString(), e.Message, StringComparison.Ordinal);
        Assert.Contains($"version {second.Version}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_operation_on_a_destroyed_entity_throws_naming_it()
    {
        var world = new World();
        Entity e = world.Create(new Health());
        world.Destroy(e);
        Action[] operations =
        [
            () => world.Destroy(e),
            () => world.Get<Health>(e),
            () => world.Set(e, new Health()),
            () => world.Add(e, new Tag()),
            () => world.Remove<Health>(e),
            () => world.Has<Health>(e),
            () => world.GetArchetype(e),
        ];
        foreach (Action operation in operations)
        {
            var ex = Assert.Throws<EntityNotAliveException>(operation);
            Assert.Contains("Entity(0 v1)", ex.Message, StringComparison.Ordinal);
            Assert.Contains("destroyed", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_handle_from_nowhere_is_reported_as_never_created()
    {
        var world = new World();
        var ex = Assert.Throws<EntityNotAliveException>(() => world.Destroy(new Entity(42, 1)));
        Assert.Contains("no entity with this id was ever created", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_are_recycled_last_destroyed_first()
    {
        var world = new World();
        Entity[] e = [world.Create(), world.Create(), world.Create()];
        world.Destroy(e[0]);
        world.Destroy(e[2]);
        Assert.Equal(e[2].Id, world.Create().Id);
        Assert.Equal(e[0].Id, world.Create().Id);
        Assert.Equal(3, world.Create().Id);
    }

    [Fact]
    public void Destroying_a_row_moves_the_last_row_and_keeps_every_other_entity_intact()
    {
        var world = new World();
        var entities = Enumerable.Range(0, 10).Select(i => world.Create(new Health { Value = i })).ToArray();
        world.Destroy(entities[3]);
        world.Destroy(entities[0]);
        for (int i = 0; i < entities.Length; i++)
        {
            if (i is 0 or 3)
            {
                continue;
            }

            Assert.Equal(i, world.Get<Health>(entities[i]).Value);
        }

        Assert.Equal(8, world.Count);
    }
}
