using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic.Roads;

namespace Sim.Core.Traffic.Safety;

/// <summary>
/// Measures the ego vehicle (the one entity tagged <see cref="Ego"/>, with <see cref="ActorPose"/>,
/// <see cref="ActorBody"/> and <see cref="StableId"/>) every step and writes the world's <see cref="EgoMetrics"/>
/// resource (creating it from <see cref="EgoMetrics.Initial"/> when missing); conflict-point encounters also go to the
/// <see cref="PostEncroachmentLog"/>. Runs in <see cref="Phase.Events"/>, on the state the motion systems produced.
/// </summary>
/// <remarks>
/// <para>Definitions, with L the lengths, s the centres' positions along the lane and v the lane speeds
/// (<see cref="LaneMotion"/>); the leader is the vehicle with the least s greater than the ego's on the ego's lane:</para>
/// <list type="bullet">
/// <item>Gap g = s_leader − s_ego − (L_leader + L_ego)/2: bumper to bumper.</item>
/// <item>Time headway THW = g / v_ego, +∞ for a stopped ego. Strictly this is the time gap (rear of the leader to front
/// of the ego); Vogel's headway ("A comparison of headway and time to collision as safety indicators", Accident Analysis
/// and Prevention 35(3), 2003) runs front to front and exceeds it by L_leader / v_ego. Vogel contrasts the two measures:
/// headway reflects the potential danger of following closely, TTC the actual danger of closing in.</item>
/// <item>Time to collision TTC = g / (v_ego − v_leader) while v_ego &gt; v_leader, else +∞: the time until the two
/// would collide if both kept their speeds (Hayward, "Near-miss determination through use of a scale of danger",
/// Highway Research Record 384, 1972).</item>
/// <item>g ≤ 0 (boxes overlapping along the lane) gives THW = TTC = 0.</item>
/// <item>Nearest distance: the least box-to-box distance (<see cref="OrientedBox.Distance"/>) to any other actor.</item>
/// <item>Post-encroachment time PET = t_enter(second) − t_exit(first): from the first vehicle leaving a conflict area
/// to the second entering it (Allen, Shin and Cooper, "Analysis of traffic conflicts and collisions", Transportation
/// Research Record 667, 1978), for the ego on one lane of a <see cref="ConflictPoint"/> and another vehicle on the other.
/// A vehicle occupies the area while its centre is within half its length of the conflict's s on its lane; 0 when both
/// occupied it at once. Passages more than <see cref="EgoMetricsOptions.PostEncroachmentHorizon"/> apart are not
/// encounters. Needs the <see cref="RoadNetwork"/> managed resource; without it no PET is measured.</item>
/// </list>
/// <para>The running minima (<see cref="EgoMetrics.MinDistance"/>, …) cover every step since the resource was created.
/// One step costs O(N) over the actors; nothing is allocated in steady state except the log's growth.</para>
/// </remarks>
public sealed class EgoMetricsSystem : ISystem
{
    private static readonly QueryDescription Egos = new QueryDescription().WithAll<Ego, ActorPose, ActorBody, StableId>();
    private static readonly QueryDescription Tagged = new QueryDescription().WithAll<Ego>();
    private static readonly QueryDescription Vehicles = new QueryDescription().WithAll<LaneMotion, ActorBody, StableId>();

    /// <summary>Creates the system.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The PET horizon is not a positive number of seconds.</exception>
    public EgoMetricsSystem(EgoMetricsOptions? options = null)
    {
        Options = options ?? new EgoMetricsOptions();
        if (!(Options.PostEncroachmentHorizon > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.PostEncroachmentHorizon, "EgoMetricsOptions.PostEncroachmentHorizon must be positive.");
        }
    }

    /// <summary>The settings.</summary>
    public EgoMetricsOptions Options { get; }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">Several egos, an ego without pose, body or stable id, or a vehicle on
    /// a lane the road network does not have.</exception>
    public void Update(SystemContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        World world = context.World;
        SimulationClock clock = context.Clock;
        if (!world.HasResource<EgoMetrics>())
        {
            world.SetResource(EgoMetrics.Initial);
        }

        ref EgoMetrics m = ref world.GetResource<EgoMetrics>();
        m.Tick = clock.Tick;
        m.Time = (clock.Tick + 1) * clock.Dt;
        m.Flags = EgoMetricsFlags.None;
        m.NearestDistance = m.LeaderGap = m.TimeHeadway = m.TimeToCollision = double.PositiveInfinity;
        m.ClosingSpeed = 0;
        m.NearestId = m.LeaderId = 0;
        if (!FindEgo(world, out EgoState ego))
        {
            return;
        }

        m.Flags = EgoMetricsFlags.Ego;
        m.EgoId = ego.Id;
        MeasureNearest(world, ego, ref m);
        if (ego.HasLane)
        {
            MeasureLeaderAndConflicts(world, ego, clock, ref m);
        }

        m.MinDistance = Math.Min(m.MinDistance, m.NearestDistance);
        m.MinTimeHeadway = Math.Min(m.MinTimeHeadway, m.TimeHeadway);
        m.MinTimeToCollision = Math.Min(m.MinTimeToCollision, m.TimeToCollision);
    }

    private static bool FindEgo(World world, out EgoState ego)
    {
        ego = default;
        Query query = world.Query(Egos);
        int count = query.Count;
        if (count != world.CountEntities(Tagged))
        {
            SafetyThrowHelper.IncompleteEgo(world.CountEntities(Tagged) - count);
        }

        if (count == 0)
        {
            return false;
        }

        bool found = false;
        foreach (Chunk chunk in query.GetChunks())
        {
            Span<StableId> ids = chunk.GetSpan<StableId>();
            if (found || chunk.Count > 1)
            {
                SafetyThrowHelper.SeveralEgos(found ? ego.Id : ids[0].Value, ids[found ? 0 : 1].Value);
            }

            found = true;
            ActorPose pose = chunk.GetSpan<ActorPose>()[0];
            ActorBody body = chunk.GetSpan<ActorBody>()[0];
            ego = new EgoState
            {
                Entity = chunk.Entities[0],
                Id = ids[0].Value,
                Body = body,
                Box = BoxOf(ids[0].Value, pose, body),
                HasLane = chunk.Has<LaneMotion>(),
                Lane = chunk.Has<LaneMotion>() ? chunk.GetSpan<LaneMotion>()[0] : default,
            };
        }

        return true;
    }

    private static void MeasureNearest(World world, in EgoState ego, ref EgoMetrics m)
    {
        double radius = ego.Box.BoundingRadius;
        foreach (Chunk chunk in world.Query(ActorBoxes.Query).GetChunks())
        {
            ReadOnlySpan<Entity> entities = chunk.Entities;
            Span<ActorPose> poses = chunk.GetSpan<ActorPose>();
            Span<ActorBody> bodies = chunk.GetSpan<ActorBody>();
            Span<StableId> ids = chunk.GetSpan<StableId>();
            for (int r = 0; r < poses.Length; r++)
            {
                if (entities[r] == ego.Entity)
                {
                    continue;
                }

                // Centre distance minus both bounding radii is a lower bound: skip the exact test when it cannot win.
                double dx = poses[r].X - ego.Box.X, dy = poses[r].Y - ego.Box.Y;
                double reach = radius + (0.5 * Math.Sqrt((bodies[r].Length * (double)bodies[r].Length) + (bodies[r].Width * (double)bodies[r].Width)));
                double lower = Math.Sqrt((dx * dx) + (dy * dy)) - reach;
                if (lower > m.NearestDistance || (lower == m.NearestDistance && ids[r].Value > m.NearestId))
                {
                    continue;
                }

                double d = OrientedBox.Distance(ego.Box, BoxOf(ids[r].Value, poses[r], bodies[r]));
                if (d < m.NearestDistance || (d == m.NearestDistance && ids[r].Value < m.NearestId))
                {
                    m.NearestDistance = d;
                    m.NearestId = ids[r].Value;
                    m.Flags |= EgoMetricsFlags.Nearest;
                }
            }
        }
    }

    private void MeasureLeaderAndConflicts(World world, in EgoState ego, SimulationClock clock, ref EgoMetrics m)
    {
        LaneMotion own = ego.Lane;
        double t = m.Time, dt = clock.Dt;
        ConflictPassageTracker? tracker = Tracker(world, out PostEncroachmentLog? log);
        tracker?.BeginStep();
        // The leader: the nearest vehicle ahead on the ego's lane, cutting into it from a neighbouring lane of the same
        // road, or on the next two lanes of the ego's route; distance measured along the route.
        RoadNetwork? network = world.HasResource<RoadNetwork>() ? world.GetManagedResource<RoadNetwork>() : null;
        int next = -1, afterNext = -1;
        double toNext = double.PositiveInfinity, toAfterNext = double.PositiveInfinity;
        if (network is not null && world.TryGet(ego.Entity, out Vehicles.VehicleNav nav) && (uint)own.Lane < (uint)network.Lanes.Count)
        {
            next = nav.NextLane;
            afterNext = nav.AfterNextLane;
            toNext = network.Lanes[own.Lane].Length - own.S;
            toAfterNext = next >= 0 ? toNext + network.Lanes[next].Length : double.PositiveInfinity;
        }

        double leaderDistance = double.PositiveInfinity, leaderSpeed = 0, leaderLength = 0;
        foreach (Chunk chunk in world.Query(Vehicles).GetChunks())
        {
            ReadOnlySpan<Entity> entities = chunk.Entities;
            Span<LaneMotion> motions = chunk.GetSpan<LaneMotion>();
            Span<ActorBody> bodies = chunk.GetSpan<ActorBody>();
            Span<StableId> ids = chunk.GetSpan<StableId>();
            for (int r = 0; r < motions.Length; r++)
            {
                if (entities[r] == ego.Entity)
                {
                    continue;
                }

                ref LaneMotion v = ref motions[r];
                tracker?.ObserveOther(ids[r].Value, v.Lane, v.S, v.Speed, bodies[r].Length, t, dt);
                double distance = (v.Lane == own.Lane || v.TargetLane == own.Lane) && v.S > own.S ? v.S - own.S
                    : v.Lane == next && next != own.Lane ? toNext + v.S
                    : v.Lane == afterNext && afterNext != own.Lane ? toAfterNext + v.S
                    : double.PositiveInfinity;
                if (distance < leaderDistance || (distance == leaderDistance && distance < double.PositiveInfinity && ids[r].Value < m.LeaderId))
                {
                    leaderDistance = distance;
                    leaderSpeed = v.Speed;
                    leaderLength = bodies[r].Length;
                    m.LeaderId = ids[r].Value;
                    m.Flags |= EgoMetricsFlags.Leader;
                }
            }
        }

        if (m.Has(EgoMetricsFlags.Leader))
        {
            double gap = leaderDistance - (0.5 * (leaderLength + ego.Body.Length));
            double closing = own.Speed - leaderSpeed;
            m.LeaderGap = gap;
            m.ClosingSpeed = closing;
            m.TimeHeadway = gap <= 0 ? 0 : own.Speed > 0 ? gap / own.Speed : double.PositiveInfinity;
            m.TimeToCollision = gap <= 0 ? 0 : closing > 0 ? gap / closing : double.PositiveInfinity;
        }

        if (tracker is not null)
        {
            int before = log!.Encounters.Count;
            tracker.ObserveEgo(ego.Id, own.Lane, own.S, own.Speed, ego.Body.Length, clock.Tick, t, dt, log);
            for (int k = before; k < log.Encounters.Count; k++)
            {
                double pet = log.Encounters[k].Seconds;
                m.LastPostEncroachmentTime = pet;
                m.MinPostEncroachmentTime = Math.Min(m.MinPostEncroachmentTime, pet);
                m.Encounters++;
            }
        }
    }

    /// <summary>The tracker for the world's road network (made on first use and when the network changes), or null
    /// when the world has no road network.</summary>
    private ConflictPassageTracker? Tracker(World world, out PostEncroachmentLog? log)
    {
        log = null;
        if (!world.HasResource<RoadNetwork>())
        {
            return null;
        }

        RoadNetwork network = world.GetManagedResource<RoadNetwork>();
        if (!world.HasResource<PostEncroachmentLog>())
        {
            world.SetManagedResource(new PostEncroachmentLog());
        }

        log = world.GetManagedResource<PostEncroachmentLog>();
        if (log.Tracker is null || !ReferenceEquals(log.Tracker.Network, network))
        {
            log.Tracker = new ConflictPassageTracker(network, Options.PostEncroachmentHorizon);
        }

        return log.Tracker;
    }

    private static OrientedBox BoxOf(ulong id, in ActorPose pose, in ActorBody body)
    {
        try
        {
            return OrientedBox.Of(pose, body);
        }
        catch (ArgumentOutOfRangeException e)
        {
            SafetyThrowHelper.BadActor(id, pose, body, nameof(EgoMetricsSystem), e);
            return default;
        }
    }

    private struct EgoState
    {
        public Entity Entity;
        public ulong Id;
        public ActorBody Body;
        public OrientedBox Box;
        public bool HasLane;
        public LaneMotion Lane;
    }
}
