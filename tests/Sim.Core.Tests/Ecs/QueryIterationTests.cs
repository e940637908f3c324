using Sim.Core.Ecs;

namespace Sim.Core.Tests.Ecs;

public class QueryIterationTests
{
    private static readonly QueryDescription Moving = new QueryDescription().WithAll<Position, Velocity>();

    private static World MixedWorld(int n)
    {
        var world = new World();
        for (int i = 0; i < n; i++)
        {
            var p = new Position { X = i };
            var v = new Velocity { X = 1, Y = i % 7 };
            Entity e = (i % 3) switch
            {
                0 => world.Create(p, v),
                1 => world.Create(p, v, new Health { Value = i }),
                _ => world.Create(p),
            };
            if (i % 5 == 0)
            {
                world.Add(e, new Tag { Value = i });
            }
        }

        return world;
    }

    [Fact]
    public void All_any_none_select_the_right_archetypes()
    {
        World world = MixedWorld(300);
        int expectedMoving = Enumerable.Range(0, 300).Count(i => i % 3 != 2);
        Assert.Equal(expectedMoving, world.CountEntities(Moving));
        Assert.Equal(
            Enumerable.Range(0, 300).Count(i => i % 3 == 0 && i % 5 != 0),
            world.CountEntities(new QueryDescription().WithAll<Position, Velocity>().WithNone<Health, Tag>()));
        Assert.Equal(
            Enumerable.Range(0, 300).Count(i => i % 3 == 1 || i % 5 == 0),
            world.CountEntities(new QueryDescription().WithAny<Health, Tag>()));
        Assert.Equal(300, world.CountEntities(new QueryDescription()));
    }

    [Fact]
    public void Cached_query_picks_up_archetypes_created_after_it()
    {
        var world = new World();
        world.Create(new Position(), new Velocity());
        Query query = world.Query(Moving);
        Assert.Equal(1, query.Count);
        Entity later = world.Create(new Position(), new Velocity(), new Marker());
        Assert.Same(query, world.Query(new QueryDescription().WithAll<Position, Velocity>()));
        Assert.Equal(2, query.Count);
        Assert.Contains(world.GetArchetype(later), query.Archetypes);
    }

    [Fact]
    public void Chunk_spans_lambda_and_job_visit_every_entity_once_and_agree()
    {
        World spans = MixedWorld(10_000);
        World jobs = MixedWorld(10_000);
        World lambdas = MixedWorld(10_000);
        const float dt = 0.5f;

        int visited = 0;
        foreach (Chunk chunk in spans.Query(Moving).GetChunks())
        {
            Span<Position> p = chunk.GetSpan<Position>();
            Span<Velocity> v = chunk.GetSpan<Velocity>();
            Assert.True(chunk.Count <= World.ChunkRows);
            for (int i = 0; i < chunk.Count; i++)
            {
                p[i].X += v[i].X * dt;
                p[i].Y += v[i].Y * dt;
            }

            visited += chunk.Count;
        }

        var job = new Integrate { Dt = dt };
        jobs.InlineQuery<Integrate, Position, Velocity>(Moving, ref job);
        lambdas.Query(Moving, (ref Position p, ref Velocity v) =>
        {
            p.X += v.X * dt;
            p.Y += v.Y * dt;
        });

        Assert.Equal(spans.CountEntities(Moving), visited);
        Assert.Equal(visited, job.Visited);
        Assert.Equal(spans.ComputeHash(), jobs.ComputeHash());
        Assert.Equal(spans.ComputeHash(), lambdas.ComputeHash());
        Assert.NotEqual(MixedWorld(10_000).ComputeHash(), spans.ComputeHash());
    }

    [Fact]
    public void Every_arity_from_one_to_four_reaches_the_right_values()
    {
        var world = new World();
        Entity e = world.Create(new Position { X = 1 }, new Velocity { X = 2 }, new Health { Value = 3 }, new Tag { Value = 4 });
        var q = new QueryDescription().WithAll<Position, Velocity, Health, Tag>();
        var sums = new List<double>();
        world.Query(q, (ref Position p) => sums.Add(p.X));
        world.Query(q, (ref Position p, ref Velocity v) => sums.Add(p.X + v.X));
        world.Query(q, (ref Position p, ref Velocity v, ref Health h) => sums.Add(p.X + v.X + h.Value));
        world.Query(q, (ref Position p, ref Velocity v, ref Health h, ref Tag t) => sums.Add(p.X + v.X + h.Value + t.Value));
        world.Query(q, (Entity entity, ref Tag t) => sums.Add(entity == e ? t.Value * 10 : -1));
        var job = new SumAll();
        world.InlineQuery<SumAll, Position, Velocity, Health, Tag>(q, ref job);
        var entityJob = new CountEntity { Expected = e };
        world.InlineEntityQuery<CountEntity, Health>(q, ref entityJob);

        Assert.Equal([1, 3, 6, 10, 40], sums);
        Assert.Equal(10, job.Sum);
        Assert.Equal(1, entityJob.Matches);
    }

    [Fact]
    public void A_job_over_a_type_the_query_does_not_require_fails_clearly()
    {
        var world = new World();
        world.Create(new Position());
        var job = new Integrate();
        var ex = Assert.Throws<ComponentMismatchException>(() =>
            world.InlineQuery<Integrate, Position, Velocity>(new QueryDescription().WithAll<Position>(), ref job));
        Assert.Contains("no Velocity column", ex.Message, StringComparison.Ordinal);
        Assert.False(world.IsIterating);
    }

    private struct Integrate : IForEach<Position, Velocity>
    {
        public float Dt;
        public int Visited;

        public void Update(ref Position p, ref Velocity v)
        {
            p.X += v.X * Dt;
            p.Y += v.Y * Dt;
            Visited++;
        }
    }

    private struct SumAll : IForEach<Position, Velocity, Health, Tag>
    {
        public double Sum;

        public void Update(ref Position p, ref Velocity v, ref Health h, ref Tag t) => Sum += p.X + v.X + h.Value + t.Value;
    }

    private struct CountEntity : IForEachWithEntity<Health>
    {
        public Entity Expected;
        public int Matches;

        public void Update(Entity entity, ref Health h) => Matches += entity == Expected && h.Value == 3 ? 1 : 0;
    }
}
