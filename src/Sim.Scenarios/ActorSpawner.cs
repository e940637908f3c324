using System.IO.Hashing;
using System.Text;
using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Random;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Pedestrians;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Vehicles;
using Sim.Scenarios.Model;

namespace Sim.Scenarios;

/// <summary>Puts a scenario's actors and props into a world (at the start, or when an event spawns them).</summary>
public static class ActorSpawner
{
    /// <summary>The stable id of the actor named <paramref name="name"/>: XXH64 of <c>actor/</c> + the name.</summary>
    public static ulong ActorId(string name) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes("actor/" + name));

    /// <summary>The stable id of the prop named <paramref name="name"/>: XXH64 of <c>prop/</c> + the name.</summary>
    public static ulong PropId(string name) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes("prop/" + name));

    /// <summary>Spawns <paramref name="actor"/> into <paramref name="world"/>, which holds the road network.</summary>
    /// <param name="world">The world.</param>
    /// <param name="seed">The simulation seed (pedestrian and deer draws).</param>
    /// <param name="actor">The actor.</param>
    /// <param name="isEgo">Whether to mark it as the ego.</param>
    /// <exception cref="ArgumentException">The placement is not possible on this road (the message says why).</exception>
    public static Entity Spawn(World world, ulong seed, ActorPlacement actor, bool isEgo)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(actor);
        var id = new StableId(ActorId(actor.Name));
        Entity entity;
        switch (actor)
        {
            case VehiclePlacement v:
                entity = VehicleFactory.Spawn(world, v.Spec, v.Position, v.Speed, id.Value);
                ref VehicleControl control = ref world.Get<VehicleControl>(entity);
                control.LaneOffset = v.LaneOffset;
                control.NoLaneChanges = v.Behaviour == VehicleBehaviour.Drive && v.LaneOffset == 0 ? 0 : 1;
                if (v.Behaviour == VehicleBehaviour.Stopped)
                {
                    TrafficActions.Stop(world, entity);
                }

                if (v.Route is { } route)
                {
                    world.Get<VehicleNav>(entity) = route;
                }

                break;

            case PedestrianPlacement p when p.Walk != 0:
                PedestrianMap map = PedestrianMap.For(world);
                if (!map.TryLocateSidewalk(p.Pose.X, p.Pose.Y, out LanePosition on))
                {
                    throw new ArgumentException($"actor {p.Name}: ({p.Pose.X:0.##}, {p.Pose.Y:0.##}) is on no sidewalk");
                }

                entity = PedestrianSpawner.SpawnWalker(world, seed, id, on.Lane, on.S, p.Walk, on.T, p.Parameters);
                break;

            case PedestrianPlacement p:
                entity = PedestrianSpawner.SpawnStanding(world, seed, id, p.Pose.X, p.Pose.Y, p.Pose.Heading, p.Parameters);
                break;

            case DeerPlacement d:
                entity = DeerSpawner.Spawn(world, seed, id, d.From, d.To, d.Parameters);
                break;

            default:
                throw new ArgumentException($"actor {actor.Name}: unknown kind {actor.GetType().Name}", nameof(actor));
        }

        if (isEgo)
        {
            world.Add(entity, new Ego());
        }

        return entity;
    }

    /// <summary>Places a static prop: <see cref="StaticProp"/>, <see cref="StableId"/>, <see cref="ActorBody"/>,
    /// <see cref="ActorPose"/> and the <see cref="LaneOccupancy"/> of the drivable lane it stands on (vehicles brake for it).</summary>
    public static Entity SpawnProp(World world, PropPlacement prop)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(prop);
        var pose = new ActorPose { X = prop.Pose.X, Y = prop.Pose.Y, Heading = prop.Pose.Heading };
        LaneOccupancy occupancy = PedestrianMap.For(world).OccupancyAt(prop.Pose.X, prop.Pose.Y);
        Entity entity = world.Create(new StaticProp(), new StableId(PropId(prop.Name)), prop.Body, pose);
        world.Add(entity, occupancy);
        return entity;
    }

    /// <summary>RNG stream of the background traffic fill.</summary>
    public const uint FillStream = 0x66696C6C; // "fill"

    /// <summary>
    /// Fills every driving lane outside junctions with vehicles at the fill's density and every sidewalk with walkers,
    /// keeping clear of what is already there. Lane by lane, slot k of a lane with spacing d = 1000 / density holds a
    /// vehicle at s = (k + u) d, u uniform in [0.2, 0.8), its class drawn from the mix — all from the counter-based RNG
    /// keyed by the simulation seed, the lane and k, so a fill is the same in every rerun and thread count and differs
    /// between variations. A slot is skipped when the body would come within 2 m of another vehicle on the lane (plus
    /// 1.5 s at that vehicle's speed in front of it) or within 10 m of a prop or pedestrian standing on it. Each vehicle starts at its IDM equilibrium speed for the gap ahead
    /// (at most the fill's speed), so a dense fill starts as a flowing queue, not a crash. Walkers take slots of
    /// 100 m / density on each sidewalk, walking either way. Stable ids are XXH64 of <c>traffic/LANE/K</c> and
    /// <c>walker/LANE/K</c>.
    /// </summary>
    /// <returns>How many vehicles and walkers were added.</returns>
    public static (int Vehicles, int Pedestrians) FillTraffic(World world, ulong seed, TrafficFill fill)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(fill);
        RoadNetwork network = world.GetManagedResource<RoadNetwork>();
        var taken = new Dictionary<int, List<(double S, double Half, double Ahead)>>();
        foreach (Chunk chunk in world.Query(Vehicles).GetChunks())
        {
            Span<LaneMotion> motion = chunk.GetSpan<LaneMotion>();
            Span<ActorBody> body = chunk.GetSpan<ActorBody>();
            for (int i = 0; i < chunk.Count; i++)
            {
                // A moving vehicle needs its headway clear ahead of it: 1.5 s at its speed.
                Taken(taken, motion[i].Lane).Add((motion[i].S, body[i].Length / 2, 1.5 * motion[i].Speed));
            }
        }

        foreach (Chunk chunk in world.Query(Occupants).GetChunks())
        {
            Span<LaneOccupancy> occupancy = chunk.GetSpan<LaneOccupancy>();
            for (int i = 0; i < chunk.Count; i++)
            {
                if (occupancy[i].Lane >= 0)
                {
                    Taken(taken, occupancy[i].Lane).Add((occupancy[i].S, 10, 0));
                }
            }
        }

        var rng = new CounterRng(seed);
        double total = fill.Mix.Sum(m => m.Weight);
        int vehicles = 0, walkers = 0;
        foreach (Lane lane in network.Lanes)
        {
            if (fill.VehiclesPerKmPerLane > 0 && TrafficFill.FillsVehicles(lane))
            {
                double spacing = 1000 / fill.VehiclesPerKmPerLane;
                List<(double S, double Half, double Ahead)> onLane = Taken(taken, lane.Id);
                var planned = new List<(double S, ActorClass Class)>();
                for (int k = 0; (k + 0.2) * spacing < lane.Length; k++)
                {
                    RandomStream r = rng.Stream(FillId("traffic", lane.Id, k), FillStream, 0);
                    double s = (k + r.Uniform(0.2, 0.8)) * spacing;
                    ActorClass kind = Pick(fill.Mix, total, r.NextDouble());
                    double half = ActorDimensions.Typical(kind).Length / 2;
                    if (s - half < 0 || s + half > lane.Length || onLane.Exists(o => Math.Abs(o.S - s) < o.Half + half + 2 + (s > o.S ? o.Ahead : 0)))
                    {
                        continue;
                    }

                    onLane.Add((s, half, 0));
                    planned.Add((s, kind));
                }

                foreach ((double s, ActorClass kind) in planned)
                {
                    double half = ActorDimensions.Typical(kind).Length / 2;
                    double gap = onLane.Where(o => o.S > s).Select(o => o.S - o.Half - s - half).DefaultIfEmpty(double.PositiveInfinity).Min();
                    IdmParameters idm = IdmParameters.For(kind);
                    double limit = lane.SpeedLimit > 0 ? lane.SpeedLimit : idm.DesiredSpeed;
                    double wanted = Math.Min(fill.SpeedKmh is { } kmh ? kmh / 3.6 : 0.9 * limit, 0.95 * Math.Min(idm.DesiredSpeed, limit));
                    double speed = EquilibriumSpeed(idm, Math.Min(idm.DesiredSpeed, limit), gap, wanted);
                    int k = (int)Math.Floor(s / spacing);
                    VehicleFactory.Spawn(world, new VehicleSpec(kind), new LanePosition(lane.Id, s, 0), speed, FillId("traffic", lane.Id, k));
                    vehicles++;
                }
            }

            if (fill.PedestriansPer100m > 0 && TrafficFill.FillsPedestrians(lane))
            {
                double spacing = 100 / fill.PedestriansPer100m;
                for (int k = 0; (k + 0.5) * spacing < lane.Length; k++)
                {
                    ulong id = FillId("walker", lane.Id, k);
                    RandomStream r = rng.Stream(id, FillStream, 0);
                    double s = Math.Clamp((k + r.Uniform(0.1, 0.9)) * spacing, 0, lane.Length);
                    int direction = r.NextDouble() < 0.5 ? 1 : -1;
                    PedestrianSpawner.SpawnWalker(world, seed, new StableId(id), lane.Id, s, direction);
                    walkers++;
                }
            }
        }

        return (vehicles, walkers);
    }

    private static readonly QueryDescription Vehicles = new QueryDescription().WithAll<LaneMotion, ActorBody>();
    private static readonly QueryDescription Occupants = new QueryDescription().WithAll<LaneOccupancy>();

    private static List<(double S, double Half, double Ahead)> Taken(Dictionary<int, List<(double S, double Half, double Ahead)>> taken, int lane)
    {
        if (!taken.TryGetValue(lane, out List<(double S, double Half, double Ahead)>? list))
        {
            taken[lane] = list = [];
        }

        return list;
    }

    private static ulong FillId(string kind, int lane, int k) =>
        XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{kind}/{lane}/{k}")));

    private static ActorClass Pick(IReadOnlyList<(ActorClass Class, double Weight)> mix, double total, double u)
    {
        double acc = 0;
        foreach ((ActorClass kind, double weight) in mix)
        {
            acc += weight / total;
            if (u < acc)
            {
                return kind;
            }
        }

        return mix[^1].Class;
    }

    /// <summary>The highest speed ≤ <paramref name="wanted"/> whose IDM equilibrium gap fits <paramref name="gap"/>
    /// (bisection on the monotone s_e(v)).</summary>
    private static double EquilibriumSpeed(IdmParameters idm, double desired, double gap, double wanted)
    {
        if (double.IsPositiveInfinity(gap) || idm.EquilibriumGap(wanted, desired) <= gap)
        {
            return wanted;
        }

        double lo = 0, hi = wanted;
        for (int i = 0; i < 40; i++)
        {
            double mid = (lo + hi) / 2;
            if (idm.EquilibriumGap(mid, desired) <= gap)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return gap <= idm.MinimumGap ? 0 : lo;
    }
}
