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
                RoadNetwork network = world.GetManagedResource<RoadNetwork>();
                if (!network.TryToLane(p.Pose.X, p.Pose.Y, out LanePosition on, LaneKind.Sidewalk))
                {
                    throw new ArgumentException($"actor {p.Name}: ({p.Pose.X:0.##}, {p.Pose.Y:0.##}) is on no sidewalk");
                }

                // On the band's very edge the projection can land a hair outside it.
                Lane sidewalk = network.Lane(on.Lane);
                double t = Math.Clamp(on.T, -sidewalk.Width / 2, sidewalk.Width / 2), s = Math.Clamp(on.S, 0, sidewalk.Length);
                entity = PedestrianSpawner.SpawnWalker(world, seed, id, on.Lane, s, p.Walk, t, p.Parameters);
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
    /// <see cref="ActorPose"/> and the <see cref="LaneOccupancy"/> of the drivable lane it stands on (vehicles brake for
    /// it), plus a <see cref="LaneBlocker"/> on each other drivable lane its body reaches onto.</summary>
    public static Entity SpawnProp(World world, PropPlacement prop)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(prop);
        var pose = new ActorPose { X = prop.Pose.X, Y = prop.Pose.Y, Heading = prop.Pose.Heading };
        LaneOccupancy occupancy = PedestrianMap.For(world).OccupancyAt(prop.Pose.X, prop.Pose.Y);
        Entity entity = world.Create(new StaticProp(), new StableId(PropId(prop.Name)), prop.Body, pose);
        world.Add(entity, occupancy);

        // The lanes its footprint reaches onto, besides the one under its centre, get a blocker each: the footprint's
        // corners projected onto each road give an s and a lateral range; each drivable lane whose band meets the
        // lateral range is covered (four projections a road, however large the prop).
        RoadNetwork network = world.GetManagedResource<RoadNetwork>();
        var reached = new SortedDictionary<int, (double Min, double Max)>();
        (double sin, double cos) = Math.SinCos(prop.Pose.Heading);
        double hl = prop.Body.Length / 2, hw = prop.Body.Width / 2;
        (double X, double Y)[] corners = [.. new[] { (hl, hw), (hl, -hw), (-hl, hw), (-hl, -hw) }
            .Select(c => (prop.Pose.X + (c.Item1 * cos) - (c.Item2 * sin), prop.Pose.Y + (c.Item1 * sin) + (c.Item2 * cos)))];
        foreach (Road road in network.Roads)
        {
            (double S, double T)[] projected = [.. corners.Select(c => road.Reference.Project(c.X, c.Y))];
            double sMin = projected.Min(p => p.S), sMax = projected.Max(p => p.S), tMin = projected.Min(p => p.T), tMax = projected.Max(p => p.T);
            if (sMax < 0 || sMin > road.Length || sMax - sMin > prop.Body.Length + prop.Body.Width + 1)
            {
                continue; // beside neither end of the road, or folded round a bend far from it
            }

            foreach (Lane lane in road.Lanes)
            {
                if (lane.IsDrivable && lane.Id != occupancy.Lane && lane.Offset + (lane.Width / 2) > tMin && lane.Offset - (lane.Width / 2) < tMax)
                {
                    double a = Math.Clamp(sMin, 0, road.Length), b = Math.Clamp(sMax, 0, road.Length);
                    reached[lane.Id] = reached.TryGetValue(lane.Id, out (double Min, double Max) r) ? (Math.Min(r.Min, a), Math.Max(r.Max, b)) : (a, b);
                }
            }
        }

        foreach ((int lane, (double min, double max)) in reached)
        {
            world.Create(new LaneBlocker(), new LaneOccupancy { Lane = lane, S = (min + max) / 2 }, prop.Body);
        }

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
    /// 1.5 s at that vehicle's speed in front of it) or within a prop's or pedestrian's extent (at least 10 m) on it, and the
    /// last one on a lane is dropped when it would start that close to the first one beyond the lane's end. Each
    /// vehicle starts at the highest speed whose IDM desired gap fits the gap to what is ahead — the next vehicle, across
    /// lane seams, or the lane's end where a signal or a junction may stop it — and that the curves ahead allow, at
    /// most the fill's speed, so a dense fill starts as a flowing queue, not a crash. Walkers take slots of
    /// 100 m / density on each sidewalk, walking either way. Stable ids are XXH64 of <c>traffic/LANE/K</c> and
    /// <c>walker/LANE/K</c>.
    /// </summary>
    /// <returns>How many vehicles and walkers were added.</returns>
    public static (int Vehicles, int Pedestrians) FillTraffic(World world, ulong seed, TrafficFill fill)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(fill);
        RoadNetwork network = world.GetManagedResource<RoadNetwork>();
        var taken = new Dictionary<int, List<Occupant>>();
        foreach (Chunk chunk in world.Query(Vehicles).GetChunks())
        {
            Span<LaneMotion> motion = chunk.GetSpan<LaneMotion>();
            Span<ActorBody> body = chunk.GetSpan<ActorBody>();
            for (int i = 0; i < chunk.Count; i++)
            {
                // A moving vehicle needs its headway clear ahead of it: 1.5 s at its speed.
                Taken(taken, motion[i].Lane).Add(new Occupant(motion[i].S, body[i].Length / 2, 1.5 * motion[i].Speed, default, -1));
            }
        }

        foreach (Chunk chunk in world.Query(Occupants).GetChunks())
        {
            Span<LaneOccupancy> occupancy = chunk.GetSpan<LaneOccupancy>();
            Span<ActorBody> body = chunk.GetSpan<ActorBody>();
            for (int i = 0; i < chunk.Count; i++)
            {
                if (occupancy[i].Lane >= 0)
                {
                    // A prop or pedestrian on a lane: its whole extent (either way round) and at least 10 m kept clear.
                    double extent = Math.Max(body[i].Length, body[i].Width) / 2;
                    Taken(taken, occupancy[i].Lane).Add(new Occupant(occupancy[i].S, Math.Max(10, extent + MinimumGap), 0, default, -1));
                }
            }
        }

        var rng = new CounterRng(seed);
        int vehicles = 0, walkers = 0;
        if (fill.VehiclesPerKmPerLane > 0)
        {
            PlanVehicles(network, rng, fill, taken);
            SetSpeeds(network, fill, taken);
            foreach (Lane lane in network.Lanes)
            {
                foreach (Occupant o in taken.TryGetValue(lane.Id, out List<Occupant>? onLane) ? onLane : [])
                {
                    if (o.K >= 0)
                    {
                        VehicleFactory.Spawn(world, new VehicleSpec(o.Class), new LanePosition(lane.Id, o.S, 0), o.Speed, FillId("traffic", lane.Id, o.K));
                        vehicles++;
                    }
                }
            }
        }

        foreach (Lane lane in network.Lanes)
        {
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

    /// <summary>Something on a lane that the fill keeps clear of: s, half length, clearance wanted ahead of it, speed,
    /// and for a planned fill vehicle its class and slot (−1 for what is already in the world).</summary>
    private sealed record Occupant(double S, double Half, double Ahead, ActorClass Class, int K)
    {
        /// <summary>Start speed, m/s (for what is already in the world: what the headway clearance was made from).</summary>
        public double Speed { get; set; } = Ahead / 1.5;
    }

    /// <summary>
    /// Start speeds of the planned vehicles: each at most the fill's speed (90 % of the limit by default), the driver's
    /// desired speed and √(2 m/s² / κ) for the sharpest curvature κ in the next 60 m; then, from the front of each lane
    /// back (twice, so that limits propagate across lane seams), the highest speed whose IDM desired gap
    /// s* = s0 + vT + v(v − v_leader)/(2√(ab)) fits the gap to the leader — a vehicle that must stop at a signal or a
    /// junction ahead treats the lane's end as a standing leader.
    /// </summary>
    private static void SetSpeeds(RoadNetwork network, TrafficFill fill, Dictionary<int, List<Occupant>> taken)
    {
        var signalled = network.Signals.SelectMany(g => g.Groups).SelectMany(g => g.Lanes).ToHashSet();
        var caps = new Dictionary<Occupant, double>(ReferenceEqualityComparer.Instance);
        foreach ((int laneId, List<Occupant> onLane) in taken)
        {
            Lane lane = network.Lane(laneId);
            foreach (Occupant o in onLane.Where(o => o.K >= 0))
            {
                IdmParameters idm = IdmParameters.For(o.Class);
                double limit = lane.SpeedLimit > 0 ? lane.SpeedLimit : idm.DesiredSpeed;
                double wanted = Math.Min(fill.SpeedKmh is { } kmh ? kmh / 3.6 : 0.9 * limit, 0.95 * Math.Min(idm.DesiredSpeed, limit));
                double curvature = MaxCurvatureAhead(network, lane, o.S, 60);
                caps[o] = o.Speed = Math.Min(wanted, curvature > 1e-6 ? Math.Sqrt(2.0 / curvature) : double.PositiveInfinity);
            }
        }

        for (int pass = 0; pass < 2; pass++)
        {
            foreach (Lane lane in network.Lanes)
            {
                if (!taken.TryGetValue(lane.Id, out List<Occupant>? onLane))
                {
                    continue;
                }

                for (int i = onLane.Count - 1; i >= 0; i--)
                {
                    Occupant o = onLane[i];
                    if (o.K < 0)
                    {
                        continue;
                    }

                    (double gap, double leaderSpeed) = i + 1 < onLane.Count
                        ? (LaneMetric.Distance(network, lane.Id, o.S, onLane[i + 1].S) - onLane[i + 1].Half - o.Half, onLane[i + 1].Speed)
                        : Beyond(network, taken, signalled, lane, o);
                    o.Speed = SafeSpeed(IdmParameters.For(o.Class), gap, leaderSpeed, caps[o]);
                }
            }
        }
    }

    /// <summary>The gap to and speed of what is ahead of the last vehicle on a lane: the first one beyond the lane's end,
    /// or the lane's end itself (speed 0) where a signal or a junction may stop it; nothing (∞) where the road ends.</summary>
    private static (double Gap, double Speed) Beyond(RoadNetwork network, Dictionary<int, List<Occupant>> taken, HashSet<int> signalled, Lane lane, Occupant from)
    {
        if (signalled.Contains(lane.Id) || lane.Successors.Count > 1 || (lane.Successors.Count == 1 && network.Lane(lane.Successors[0]).Road.Junction >= 0))
        {
            return (LaneMetric.Distance(network, lane.Id, from.S, lane.Length) - from.Half, 0);
        }

        return FirstBeyond(network, taken, lane, from) is { } next ? (next.Gap, taken[next.Lane][0].Speed) : (double.PositiveInfinity, 0);
    }

    /// <summary>The highest speed ≤ <paramref name="cap"/> whose IDM desired gap fits <paramref name="gap"/> behind a
    /// leader at <paramref name="leaderSpeed"/> (bisection: s* grows with v).</summary>
    private static double SafeSpeed(IdmParameters idm, double gap, double leaderSpeed, double cap)
    {
        double DesiredGap(double v) => idm.MinimumGap + (v * idm.TimeHeadway) + (v * (v - leaderSpeed) / (2 * Math.Sqrt(idm.MaxAcceleration * idm.ComfortableDeceleration)));
        if (double.IsPositiveInfinity(gap) || DesiredGap(cap) <= gap)
        {
            return cap;
        }

        double lo = 0, hi = cap;
        for (int i = 0; i < 40; i++)
        {
            double mid = (lo + hi) / 2;
            (lo, hi) = DesiredGap(mid) <= gap ? (mid, hi) : (lo, mid);
        }

        return lo;
    }

    /// <summary>The sharpest lane curvature within <paramref name="distance"/> m ahead of s, along single successors.</summary>
    private static double MaxCurvatureAhead(RoadNetwork network, Lane lane, double s, double distance)
    {
        double max = 0;
        for (double d = 0; d <= distance; d += 2)
        {
            double at = s + d;
            Lane current = lane;
            while (at > current.Length && current.Successors.Count == 1)
            {
                at -= current.Length;
                current = network.Lane(current.Successors[0]);
            }

            if (at > current.Length)
            {
                break;
            }

            max = Math.Max(max, Math.Abs(network.LaneCurvature(current.Id, at)));
        }

        return max;
    }

    /// <summary>Plans the fill's slots lane by lane, then drops a planned vehicle that would start too close to the first
    /// one beyond its lane's end (seams between highway sections, round loops, into the next road).</summary>
    private static void PlanVehicles(RoadNetwork network, CounterRng rng, TrafficFill fill, Dictionary<int, List<Occupant>> taken)
    {
        double total = fill.Mix.Sum(m => m.Weight), spacing = 1000 / fill.VehiclesPerKmPerLane;
        foreach (Lane lane in network.Lanes)
        {
            if (!TrafficFill.FillsVehicles(lane))
            {
                continue;
            }

            List<Occupant> onLane = Taken(taken, lane.Id);
            for (int k = 0; (k + 0.2) * spacing < lane.Length; k++)
            {
                RandomStream r = rng.Stream(FillId("traffic", lane.Id, k), FillStream, 0);
                double s = (k + r.Uniform(0.2, 0.8)) * spacing;
                ActorClass kind = Pick(fill.Mix, total, r.NextDouble());
                double half = ActorDimensions.Typical(kind).Length / 2;
                if (s - half < 0 || s + half > lane.Length
                    || onLane.Exists(o => Clash(network, lane.Id, o, s, half)))
                {
                    continue;
                }

                onLane.Add(new Occupant(s, half, 0, kind, k));
            }
        }

        foreach (List<Occupant> list in taken.Values)
        {
            list.Sort((a, b) => a.S.CompareTo(b.S));
        }

        foreach (Lane lane in network.Lanes)
        {
            if (!taken.TryGetValue(lane.Id, out List<Occupant>? onLane) || onLane.Count == 0
                || FirstBeyond(network, taken, lane, onLane[^1]) is not { } next)
            {
                continue;
            }

            Occupant last = onLane[^1];
            List<Occupant> there = taken[next.Lane];
            if (next.Gap >= MinimumGap + last.Ahead)
            {
                continue;
            }

            if (last.K >= 0)
            {
                onLane.RemoveAt(onLane.Count - 1); // a planned vehicle too close behind the one beyond the seam
            }
            else if (there[0].K >= 0)
            {
                there.RemoveAt(0); // a planned vehicle in the headway of a moving one behind the seam
            }
        }
    }

    /// <summary>Whether a fill vehicle of half length <paramref name="half"/> at <paramref name="s"/> would come closer than
    /// <see cref="MinimumGap"/> to <paramref name="o"/> (plus its headway clearance when it is ahead of it), in real metres
    /// along the lane; s spans far beyond any clearance (even on a lane at 0.3 of its s length) are skipped unmeasured.</summary>
    private static bool Clash(RoadNetwork network, int lane, Occupant o, double s, double half)
    {
        double needed = o.Half + half + MinimumGap + (s > o.S ? o.Ahead : 0);
        return Math.Abs(o.S - s) < needed / 0.3 && LaneMetric.Distance(network, lane, o.S, s) < needed;
    }

    /// <summary>Fill vehicles keep at least this much bumper to bumper at the start, m.</summary>
    private const double MinimumGap = 2;

    /// <summary>The first occupant beyond the end of <paramref name="lane"/> along its only successors (up to three
    /// lanes on), with the gap to it from <paramref name="from"/>; null where the road forks or ends first.</summary>
    private static (double Gap, int Lane)? FirstBeyond(RoadNetwork network, Dictionary<int, List<Occupant>> taken, Lane lane, Occupant from)
    {
        double travelled = LaneMetric.Distance(network, lane.Id, from.S, lane.Length) - from.Half;
        Lane current = lane;
        for (int hop = 0; hop < 3 && current.Successors.Count == 1; hop++)
        {
            current = network.Lane(current.Successors[0]);
            if (taken.TryGetValue(current.Id, out List<Occupant>? there) && there.Count > 0)
            {
                return (travelled + LaneMetric.Distance(network, current.Id, 0, there[0].S) - there[0].Half, current.Id);
            }

            travelled += LaneMetric.Distance(network, current.Id, 0, current.Length);
        }

        return null;
    }

    private static readonly QueryDescription Vehicles = new QueryDescription().WithAll<LaneMotion, ActorBody>();
    private static readonly QueryDescription Occupants = new QueryDescription().WithAll<LaneOccupancy, ActorBody>();

    private static List<Occupant> Taken(Dictionary<int, List<Occupant>> taken, int lane)
    {
        if (!taken.TryGetValue(lane, out List<Occupant>? list))
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

}
