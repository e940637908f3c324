using Sim.Core.Ecs;

namespace Sim.Core.Tests.Ecs;

public class CommandBufferPlaybackTests
{
    [Fact]
    public void Playback_applies_commands_in_recording_order_including_pending_entities()
    {
        var world = new World();
        Entity existing = world.Create(new Health { Value = 1 });
        var buffer = new CommandBuffer();
        Entity pending = buffer.Create();
        buffer.Add(pending, new Health { Value = 10 });
        buffer.Add(pending, new Tag { Value = 20 });
        buffer.Set(existing, new Health { Value = 2 });
        buffer.Set(existing, new Health { Value = 3 });
        buffer.Add<Tag>(existing);
        buffer.Remove<Tag>(pending);
        Assert.True(pending.IsPending);
        Assert.Equal(7, buffer.Count);
        Assert.Equal(1, world.Count);

        buffer.Playback(world);

        Assert.Equal(0, buffer.Count);
        Entity created = Assert.Single(buffer.Created);
        Assert.Equal(10, world.Get<Health>(created).Value);
        Assert.False(world.Has<Tag>(created));
        Assert.Equal(3, world.Get<Health>(existing).Value);
        Assert.Equal(0, world.Get<Tag>(existing).Value);
    }

    [Fact]
    public void A_failing_command_names_its_index_and_entity()
    {
        var world = new World();
        Entity e = world.Create();
        var buffer = new CommandBuffer();
        buffer.Destroy(e);
        buffer.Destroy(e);
        var ex = Assert.Throws<CommandPlaybackException>(() => buffer.Playback(world));
        Assert.Equal(1, ex.Index);
        Assert.Contains("Command #1 (Destroy)", ex.Message, StringComparison.Ordinal);
        Assert.Contains(e.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, buffer.Count);
    }

    [Fact]
    public void A_pending_entity_is_not_usable_directly_on_the_world()
    {
        var world = new World();
        Entity pending = new CommandBuffer().Create();
        var ex = Assert.Throws<EntityNotAliveException>(() => world.Get<Health>(pending));
        Assert.Contains("command buffer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recording_during_iteration_then_playing_back_after_it_works()
    {
        var world = new World();
        for (int i = 0; i < 100; i++)
        {
            world.Create(new Health { Value = i });
        }

        var buffer = new CommandBuffer();
        world.Query(new QueryDescription().WithAll<Health>(), (Entity e, ref Health h) =>
        {
            if (h.Value % 2 == 0)
            {
                buffer.Destroy(e);
            }
            else
            {
                buffer.Add(e, new Tag { Value = h.Value });
            }
        });
        buffer.Playback(world);

        Assert.Equal(50, world.Count);
        Assert.Equal(50, world.CountEntities(new QueryDescription().WithAll<Health, Tag>()));
    }
}
