using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Random;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Safety;

namespace Sim.Core.Tests.Traffic;

/// <summary>Straight-line motion for tests: the pose at the end of step k is start + velocity × (k + 1) × dt, exactly.</summary>
public struct StraightLine
{
    public double X0;
    public double Y0;
    public double Vx;
    public double Vy;
}

/// <summary>Constant-speed motion along a lane for tests: S at the end of step k is S0 + Speed × (k + 1) × dt.</summary>
public struct LaneScript
{
    public double S0;
    public double Speed;
    public int Lane;
    public int Reserved;
}

/// <summary>Builders and motion systems shared by the safety tests (the real vehicle models are written elsewhere).</summary>
public static class SafetyScenes
{
    public static Entity AddActor(World world, ulong id, ActorClass kind, double x, double y, double heading, double vx = 0, double vy = 0)
    {
        Entity e = world.Create(
            new StableId(id),
            new ActorPose { X = x, Y = y, Heading = heading, Vx = vx, Vy = vy },
            ActorDimensions.Typical(kind));
        world.Add(e, new StraightLine { X0 = x, Y0 = y, Vx = vx, Vy = vy });
        return e;
    }

    public static Entity AddLaneVehicle(World world, RoadNetwork network, ulong id, int lane, double s0, double speed, bool ego = false)
    {
        Pose2 p = network.ToWorld(new LanePosition(lane, s0, 0));
        Entity e = world.Create(
            new StableId(id),
            new ActorPose { X = p.X, Y = p.Y, Heading = p.Heading, Vx = speed * Math.Cos(p.Heading), Vy = speed * Math.Sin(p.Heading) },
            ActorDimensions.Typical(ActorClass.Car),
            new LaneMotion { Lane = lane, TargetLane = lane, S = s0, Speed = speed });
        world.Add(e, new LaneScript { S0 = s0, Speed = speed, Lane = lane });
        if (ego)
        {
            world.Add(e, new Ego());
        }

        return e;
    }

    /// <summary>A random scene: actors of every class, uniformly placed in a square, random headings and velocities.</summary>
    public static void AddRandomActors(World world, ulong seed, int count, double centreX, double centreY, double side, IReadOnlyList<int>? order = null)
    {
        ActorClass[] classes = Enum.GetValues<ActorClass>();
        for (int k = 0; k < count; k++)
        {
            int i = order?[k] ?? k;
            RandomStream rng = new CounterRng(seed).Stream((ulong)i, stream: 7, tick: 0);
            ActorClass kind = classes[rng.NextInt(classes.Length)];
            double heading = rng.Uniform(-Math.PI, Math.PI);
            double speed = rng.Uniform(0, 15);
            AddActor(world, (ulong)(1000 + i), kind, centreX + rng.Uniform(-side / 2, side / 2), centreY + rng.Uniform(-side / 2, side / 2), heading,
                speed * Math.Cos(heading), speed * Math.Sin(heading));
        }
    }

    /// <summary>Overlapping pairs by testing every pair: the reference the grid must match.</summary>
    public static List<ContactPair> BruteForcePairs(World world, CollisionOptions options)
    {
        var actors = new List<(ulong Id, ActorClass Kind, OrientedBox Box)>();
        world.Query(new QueryDescription().WithAll<ActorPose, ActorBody, StableId>(), (ref ActorPose p, ref ActorBody b, ref StableId id) =>
            actors.Add((id.Value, b.Class, OrientedBox.Of(p, b))));
        var pairs = new List<ContactPair>();
        for (int i = 0; i < actors.Count; i++)
        {
            for (int j = i + 1; j < actors.Count; j++)
            {
                if (options.Records(actors[i].Kind, actors[j].Kind) && OrientedBox.Overlap(actors[i].Box, actors[j].Box))
                {
                    pairs.Add(ContactPair.Of(actors[i].Id, actors[j].Id));
                }
            }
        }

        pairs.Sort();
        return pairs;
    }

    /// <summary>Moves <see cref="StraightLine"/> actors (Physics phase).</summary>
    public sealed class StraightLineMotion : ISystem
    {
        private static readonly QueryDescription Movers = new QueryDescription().WithAll<StraightLine, ActorPose>();

        public void Update(SystemContext context)
        {
            double t = (context.Clock.Tick + 1) * context.Clock.Dt;
            foreach (Chunk chunk in context.World.Query(Movers).GetChunks())
            {
                Span<StraightLine> lines = chunk.GetSpan<StraightLine>();
                Span<ActorPose> poses = chunk.GetSpan<ActorPose>();
                for (int i = 0; i < chunk.Count; i++)
                {
                    poses[i].X = lines[i].X0 + (lines[i].Vx * t);
                    poses[i].Y = lines[i].Y0 + (lines[i].Vy * t);
                }
            }
        }
    }

    /// <summary>Moves <see cref="LaneScript"/> vehicles along their lanes and keeps their poses on the lane centre (Physics phase).</summary>
    public sealed class LaneScriptMotion : ISystem
    {
        private static readonly QueryDescription Movers = new QueryDescription().WithAll<LaneScript, LaneMotion, ActorPose>();

        public void Update(SystemContext context)
        {
            RoadNetwork network = context.World.GetManagedResource<RoadNetwork>();
            double t = (context.Clock.Tick + 1) * context.Clock.Dt;
            foreach (Chunk chunk in context.World.Query(Movers).GetChunks())
            {
                Span<LaneScript> scripts = chunk.GetSpan<LaneScript>();
                Span<LaneMotion> motions = chunk.GetSpan<LaneMotion>();
                Span<ActorPose> poses = chunk.GetSpan<ActorPose>();
                for (int i = 0; i < chunk.Count; i++)
                {
                    double s = scripts[i].S0 + (scripts[i].Speed * t);
                    motions[i].S = s;
                    motions[i].Speed = scripts[i].Speed;
                    Pose2 p = network.ToWorld(new LanePosition(scripts[i].Lane, s, 0));
                    poses[i] = new ActorPose { X = p.X, Y = p.Y, Heading = p.Heading, Vx = scripts[i].Speed * Math.Cos(p.Heading), Vy = scripts[i].Speed * Math.Sin(p.Heading) };
                }
            }
        }
    }
}
