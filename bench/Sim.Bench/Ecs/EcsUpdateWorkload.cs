using Sim.Core.Ecs;

namespace Sim.Bench.Ecs;

/// <summary>
/// Position += Velocity · dt over N entities, four ways: the plain baseline (two arrays), chunk spans, a struct
/// IForEach job and a ref lambda. The world has Position + Velocity on every entity and Mass on every other one,
/// so the query visits two archetypes.
/// </summary>
public sealed class EcsUpdateWorkload
{
    public const float Dt = 0.01f;

    public static readonly QueryDescription Moving = new QueryDescription().WithAll<Position, Velocity>();

    private readonly Position[] _positions;
    private readonly Velocity[] _velocities;

    public EcsUpdateWorkload(int entities)
    {
        World = new World();
        _positions = new Position[entities];
        _velocities = new Velocity[entities];
        for (int i = 0; i < entities; i++)
        {
            var p = new Position { X = i, Y = -i, Z = 0 };
            var v = new Velocity { X = 1, Y = 0.5f, Z = (i % 3) - 1 };
            _positions[i] = p;
            _velocities[i] = v;
            if (i % 2 == 0)
            {
                World.Create(p, v);
            }
            else
            {
                World.Create(p, v, new Mass { Kilograms = 1500 });
            }
        }

        World.Query(Moving); // build the cached query outside the timed region
    }

    public World World { get; }

    public void PlainArrays()
    {
        Position[] p = _positions;
        Velocity[] v = _velocities;
        for (int i = 0; i < p.Length; i++)
        {
            ref Position pos = ref p[i];
            Velocity vel = v[i];
            pos.X += vel.X * Dt;
            pos.Y += vel.Y * Dt;
            pos.Z += vel.Z * Dt;
        }
    }

    public void ChunkSpans()
    {
        foreach (Chunk chunk in World.Query(Moving).GetChunks())
        {
            Span<Position> p = chunk.GetSpan<Position>();
            Span<Velocity> v = chunk.GetSpan<Velocity>();
            for (int i = 0; i < p.Length; i++)
            {
                ref Position pos = ref p[i];
                Velocity vel = v[i];
                pos.X += vel.X * Dt;
                pos.Y += vel.Y * Dt;
                pos.Z += vel.Z * Dt;
            }
        }
    }

    public void InlineJob()
    {
        var job = default(Integrate);
        World.InlineQuery<Integrate, Position, Velocity>(Moving, ref job);
    }

    public void RefLambda() => World.Query(Moving, static (ref Position pos, ref Velocity vel) =>
    {
        pos.X += vel.X * Dt;
        pos.Y += vel.Y * Dt;
        pos.Z += vel.Z * Dt;
    });

    private struct Integrate : IForEach<Position, Velocity>
    {
        public readonly void Update(ref Position pos, ref Velocity vel)
        {
            pos.X += vel.X * Dt;
            pos.Y += vel.Y * Dt;
            pos.Z += vel.Z * Dt;
        }
    }
}
