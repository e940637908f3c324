using Sim.Core.Ecs;

namespace Sim.Core.Tests.Ecs;

public class ParallelQueryTests
{
    private static readonly QueryDescription Moving = new QueryDescription().WithAll<Position, Velocity>();

    private static World Build(int threads)
    {
        var world = new World { WorkerThreads = threads };
        for (int i = 0; i < 3 * World.ChunkRows + 123; i++)
        {
            Entity e = world.Create(new Position { X = i }, new Velocity { X = 1f / (i + 1), Y = i % 11 });
            if (i % 4 == 0)
            {
                world.Add(e, new Health { Value = i });
            }
        }

        return world;
    }

    [Fact]
    public void Parallel_inline_query_gives_the_same_world_for_any_thread_count()
    {
        ulong? reference = null;
        foreach (int threads in new[] { 1, 2, 4, 7 })
        {
            World world = Build(threads);
            for (int step = 0; step < 3; step++)
            {
                world.ParallelInlineQuery<Integrate, Position, Velocity>(Moving, new Integrate { Dt = 0.1f });
            }

            reference ??= world.ComputeHash();
            Assert.Equal(reference, world.ComputeHash());
        }
    }

    [Fact]
    public void Chunk_jobs_record_commands_that_play_back_in_chunk_order_whatever_the_thread_count()
    {
        ulong? reference = null;
        List<Entity>? order = null;
        foreach (int threads in new[] { 1, 4 })
        {
            World world = Build(threads);
            var sums = new double[world.Query(Moving).ChunkCount];
            world.ParallelQuery(Moving, new SpawnAndSum { Sums = sums });
            int n = (3 * World.ChunkRows) + 123;
            Assert.Equal(n + ((n - 1) / 1000) + 1, world.Count);
            Assert.All(sums, s => Assert.True(s > 0));
            reference ??= world.ComputeHash();
            order ??= world.GetEntities();
            Assert.Equal(reference, world.ComputeHash());
            Assert.Equal(order, world.GetEntities());
        }
    }

    private struct Integrate : IForEach<Position, Velocity>
    {
        public float Dt;

        public void Update(ref Position p, ref Velocity v)
        {
            p.X += v.X * Dt;
            p.Y += v.Y * Dt;
        }
    }

    private struct SpawnAndSum : IChunkJob
    {
        public double[] Sums;

        public readonly void Execute(in Chunk chunk, CommandBuffer commands)
        {
            Span<Position> positions = chunk.GetSpan<Position>();
            double sum = 0;
            for (int i = 0; i < chunk.Count; i++)
            {
                sum += positions[i].X;
                if ((int)positions[i].X % 1000 == 0)
                {
                    Entity child = commands.Create();
                    commands.Add(child, new Marker { Value = (int)positions[i].X });
                }
            }

            Sums[chunk.Index] = sum;
        }
    }
}

public class NestedParallelQueryTests
{
    [Fact]
    public void A_parallel_query_inside_another_is_refused_clearly()
    {
        var world = new World { WorkerThreads = 2 };
        world.Create(new Health { Value = 1 });
        var ex = Assert.Throws<ChunkJobException>(() => world.ParallelQuery(new QueryDescription().WithAll<Health>(), new Nested(world)));
        Assert.IsType<InvalidOperationException>(ex.InnerException);
        Assert.Contains("inside another parallel query", ex.Message, StringComparison.Ordinal);
        Assert.False(world.IsIterating);
    }

    private struct Bump : IForEach<Health>
    {
        public readonly void Update(ref Health h) => h.Value++;
    }

    private readonly struct Nested(World world) : IChunkJob
    {
        public void Execute(in Chunk chunk, CommandBuffer commands) =>
            world.ParallelInlineQuery<Bump, Health>(new QueryDescription().WithAll<Health>(), default(Bump));
    }
}
