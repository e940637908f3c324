using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Random;

namespace Sim.Core.Tests.Determinism;

public struct Agent
{
    public double X;
    public double Y;
    public double Vx;
    public double Vy;
}

public struct Energy
{
    public double Value;
}

public struct SwarmStats
{
    public double TotalEnergy;
    public long Population;
}

/// <summary>
/// A small world driven by the counter-based RNG through parallel queries, chunk jobs that spawn and destroy
/// through command buffers, and a per-chunk reduction: everything that could make results depend on threads.
/// </summary>
public static class SwarmSimulation
{
    private static readonly QueryDescription Agents = new QueryDescription().WithAll<StableId, Agent, Energy>();

    public static Simulation Create(ulong seed, int threads, int agents = 3 * World.ChunkRows + 500)
    {
        var sim = new Simulation(new SimulationOptions(seed, Dt: 0.05, WorkerThreads: threads));
        for (int i = 0; i < agents; i++)
        {
            RandomStream rng = new CounterRng(seed).Stream((ulong)i, stream: 0, tick: 0);
            sim.World.Create(
                new StableId((ulong)i),
                new Agent { X = rng.Uniform(-100, 100), Y = rng.Uniform(-100, 100) },
                new Energy { Value = rng.Exponential(0.5) });
        }

        sim.World.SetResource(new SwarmStats());
        sim.AddSystem(Phase.Behaviour, new Wander())
           .AddSystem(Phase.Physics, new Move())
           .AddSystem(Phase.Events, new BirthAndDeath())
           .AddSystem(Phase.Output, new Census());
        return sim;
    }

    /// <summary>Runs <paramref name="ticks"/> steps and returns the world hash after each.</summary>
    public static ulong[] HashesPerTick(ulong seed, int threads, int ticks)
    {
        Simulation sim = Create(seed, threads);
        var hashes = new ulong[ticks];
        for (int t = 0; t < ticks; t++)
        {
            sim.Step();
            hashes[t] = sim.World.ComputeHash();
        }

        return hashes;
    }

    private sealed class Wander : ISystem
    {
        public void Update(SystemContext context) =>
            context.World.ParallelInlineQuery<Steer, StableId, Agent, Energy>(Agents, new Steer(context.Seed, context.Clock.Tick, context.Clock.Dt));

        private readonly struct Steer(ulong seed, long tick, double dt) : IForEach<StableId, Agent, Energy>
        {
            public void Update(ref StableId id, ref Agent agent, ref Energy energy)
            {
                RandomStream rng = new CounterRng(seed).Stream(id.Value, stream: 1, tick);
                agent.Vx += rng.Normal(0, 1.5) * dt;
                agent.Vy += rng.Normal(0, 1.5) * dt;
                energy.Value -= ((agent.Vx * agent.Vx) + (agent.Vy * agent.Vy)) * 0.01 * dt;
            }
        }
    }

    private sealed class Move : ISystem
    {
        public void Update(SystemContext context) =>
            context.World.ParallelInlineQuery<Integrate, Agent>(new QueryDescription().WithAll<Agent>(), new Integrate(context.Clock.Dt));

        private readonly struct Integrate(double dt) : IForEach<Agent>
        {
            public void Update(ref Agent agent)
            {
                agent.X += agent.Vx * dt;
                agent.Y += agent.Vy * dt;
            }
        }
    }

    /// <summary>Agents die at random or when out of energy; survivors occasionally split. Through chunk command buffers.</summary>
    private sealed class BirthAndDeath : ISystem
    {
        public void Update(SystemContext context) =>
            context.World.ParallelQuery(Agents, new Job(context.Seed, context.Clock.Tick));

        private readonly struct Job(ulong seed, long tick) : IChunkJob
        {
            public void Execute(in Chunk chunk, CommandBuffer commands)
            {
                ReadOnlySpan<Entity> entities = chunk.Entities;
                Span<StableId> ids = chunk.GetSpan<StableId>();
                Span<Agent> agents = chunk.GetSpan<Agent>();
                Span<Energy> energy = chunk.GetSpan<Energy>();
                for (int i = 0; i < chunk.Count; i++)
                {
                    RandomStream rng = new CounterRng(seed).Stream(ids[i].Value, stream: 2, tick);
                    if (energy[i].Value <= 0 || rng.Bernoulli(0.002))
                    {
                        commands.Destroy(entities[i]);
                        continue;
                    }

                    int children = rng.Poisson(0.001);
                    for (int c = 0; c < children && c < 4; c++)
                    {
                        Entity child = commands.Create();
                        commands.Add(child, new StableId(((ulong)(tick + 1) << 36) | (ids[i].Value << 2) | (uint)c));
                        commands.Add(child, agents[i]);
                        commands.Add(child, new Energy { Value = energy[i].Value / 2 });
                        energy[i].Value /= 2;
                    }
                }
            }
        }
    }

    /// <summary>A floating-point reduction: per-chunk partial sums, added in chunk order.</summary>
    private sealed class Census : ISystem
    {
        public void Update(SystemContext context)
        {
            Query query = context.World.Query(Agents);
            var partial = new double[query.ChunkCount];
            context.World.ParallelQuery(Agents, new Sum(partial));
            double total = 0;
            foreach (double p in partial)
            {
                total += p;
            }

            context.World.SetResource(new SwarmStats { TotalEnergy = total, Population = query.Count });
        }

        private readonly struct Sum(double[] partial) : IChunkJob
        {
            public void Execute(in Chunk chunk, CommandBuffer commands)
            {
                double sum = 0;
                foreach (Energy e in chunk.GetSpan<Energy>())
                {
                    sum += e.Value;
                }

                partial[chunk.Index] = sum;
            }
        }
    }
}
