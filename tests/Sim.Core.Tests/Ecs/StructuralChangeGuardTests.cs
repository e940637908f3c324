using Sim.Core.Ecs;

namespace Sim.Core.Tests.Ecs;

public class StructuralChangeGuardTests
{
    private static readonly QueryDescription WithHealth = new QueryDescription().WithAll<Health>();

    [Fact]
    public void Structural_changes_inside_any_iteration_throw_and_the_guard_lifts_afterwards()
    {
        var world = new World();
        Entity e = world.Create(new Health { Value = 1 });
        Action<Action>[] iterations =
        [
            body =>
            {
                foreach (Chunk chunk in world.Query(WithHealth).GetChunks())
                {
                    body();
                }
            },
            body => world.Query(WithHealth, (ref Health h) => body()),
            body => world.Query(WithHealth, (Entity _, ref Health h) => body()),
        ];
        Action[] changes =
        [
            () => world.Create(),
            () => world.Create(new Tag()),
            () => world.Destroy(e),
            () => world.Add(e, new Tag()),
            () => world.Remove<Health>(e),
            () => new CommandBuffer().Also(b => b.Destroy(e)).Playback(world),
        ];

        foreach (Action<Action> iterate in iterations)
        {
            foreach (Action change in changes)
            {
                Exception ex = Record.Exception(() => iterate(change))!;
                Assert.True(ex is StructuralChangeException or CommandPlaybackException { InnerException: StructuralChangeException }, ex.ToString());
                Assert.Contains("CommandBuffer", ex.Message + ex.InnerException?.Message, StringComparison.Ordinal);
                Assert.False(world.IsIterating);
            }
        }

        Assert.True(world.IsAlive(e));
        world.Add(e, new Tag());
        Assert.True(world.Has<Tag>(e));
    }

    [Fact]
    public void Setting_values_during_iteration_is_allowed()
    {
        var world = new World();
        Entity e = world.Create(new Health { Value = 1 });
        world.Query(WithHealth, (ref Health h) => world.Set(e, new Health { Value = 5 }));
        Assert.Equal(5, world.Get<Health>(e).Value);
    }
}

internal static class TestExtensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}

public class DeferredPlaybackDuringIterationTests
{
    [Fact]
    public void Playback_during_iteration_is_refused_before_anything_is_applied_and_keeps_the_commands()
    {
        var world = new World();
        Entity e = world.Create(new Health { Value = 1 });
        var buffer = new CommandBuffer();
        buffer.Add(e, new Tag { Value = 2 });
        buffer.Destroy(world.Create());
        world.Query(new QueryDescription().WithAll<Health>(), (ref Health h) =>
            Assert.Throws<StructuralChangeException>(() => buffer.Playback(world)));
        Assert.Equal(2, buffer.Count);
        buffer.Playback(world);
        Assert.Equal(2, world.Get<Tag>(e).Value);
        Assert.Equal(1, world.Count);
    }

    [Fact]
    public void A_parallel_query_inside_a_sequential_iteration_is_refused_up_front()
    {
        var world = new World();
        world.Create(new Health { Value = 1 });
        var ex = Assert.Throws<StructuralChangeException>(() =>
        {
            foreach (Chunk chunk in world.Query(new QueryDescription().WithAll<Health>()).GetChunks())
            {
                world.ParallelQuery(new QueryDescription().WithAll<Health>(), default(NoOp));
            }
        });
        Assert.Contains("another query iterates", ex.Message, StringComparison.Ordinal);
        Assert.False(world.IsIterating);
    }

    private struct NoOp : IChunkJob
    {
        public readonly void Execute(in Chunk chunk, CommandBuffer commands)
        {
        }
    }
}
