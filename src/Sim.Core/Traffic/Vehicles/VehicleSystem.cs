using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic.Roads;

namespace Sim.Core.Traffic.Vehicles;

/// <summary>
/// Moves every vehicle one step: longitudinal IDM with a ballistic update, MOBIL lane changes, lateral motion by a
/// kinematic bicycle model in lane (Frenet) coordinates, stops for red signals, occupied crosswalks, yield conflicts
/// and lane occupants, routes through junctions, and despawns at network exits. Writes <see cref="LaneMotion"/> and
/// <see cref="ActorPose"/>. Run in <see cref="Phase.Physics"/>.
/// </summary>
/// <remarks>
/// Each step first snapshots all vehicles and lane occupants into a <see cref="LaneIndex"/> (per-lane lists sorted by
/// s, O(N)); then every vehicle decides and moves from that snapshot in parallel chunks. Every decision reads only
/// the snapshot and the vehicle's own components, and randomness (route choice) comes from the counter-based RNG
/// keyed by the vehicle's <see cref="StableId"/>, so the result does not depend on thread count.
/// </remarks>
public sealed class VehicleSystem : ISystem
{
    /// <summary>The components every vehicle has (see <see cref="VehicleFactory"/>).</summary>
    public static readonly QueryDescription Vehicles = new QueryDescription()
        .WithAll<StableId, LaneMotion, ActorBody, IdmParameters>()
        .WithAll<MobilParameters, VehicleDynamics, VehicleNav, VehicleControl>()
        .WithAll<ActorPose>();

    /// <summary>Non-vehicle actors that vehicles brake for while they stand on a drivable lane.</summary>
    public static readonly QueryDescription Occupants = new QueryDescription().WithAll<LaneOccupancy, ActorBody>().WithNone<LaneMotion>();

    /// <summary>RNG stream of route choices at junctions.</summary>
    public const uint RouteStream = 0x70757465; // "rout"

    private readonly LaneIndex _index = new();
    private readonly List<Chunk> _chunks = [];
    private CurveSpeedAdvisory? _curves;
    private int[] _chunkRowStart = new int[16];

    /// <summary>How often each vehicle considers a MOBIL lane change, s (staggered across vehicles by stable id).</summary>
    public double LaneChangeInterval { get; init; } = 1.0;

    /// <summary>How far ahead vehicles look for leaders and stop lines across lane connections, s of travel (at least 100 m).</summary>
    public double LookaheadTime { get; init; } = 8.0;

    /// <summary>Comfortable lateral acceleration that sets the speed drivers slow to for curves, m/s² (default 2;
    /// +∞ turns curve slowing off, e.g. for a ring that stands in for an endless straight road).</summary>
    public double CurveLateralAcceleration
    {
        get;
        init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(CurveLateralAcceleration), value, "Must be positive (m/s²), or +∞ for no slowing in curves.");
    } = CurveSpeedAdvisory.DefaultLateralAcceleration;

    /// <summary>Critical gap for yielding at junction conflicts: a priority vehicle closer than this many seconds makes a yielding vehicle wait.</summary>
    public double CriticalGap { get; init; } = 4.0;

    /// <inheritdoc/>
    public void Update(SystemContext context)
    {
        World world = context.World;
        RoadNetwork network = world.GetManagedResource<RoadNetwork>();
        CrosswalkState? crosswalks = world.HasResource<CrosswalkState>() ? world.GetManagedResource<CrosswalkState>() : null;
        SimulationClock clock = context.Clock;
        if (_curves?.Network != network)
        {
            _curves = new CurveSpeedAdvisory(network, CurveLateralAcceleration);
        }

        Gather(world, network, _curves);
        _index.Build();
        int interval = Math.Max(1, (int)Math.Round(LaneChangeInterval / clock.Dt));
        var step = new VehicleStep(
            new StepContext(_index, network, crosswalks, _chunkRowStart, context.Seed, clock.Tick, clock.Dt, clock.Time, interval, LookaheadTime, CriticalGap));
        world.ParallelQuery(Vehicles, step);
    }

    private void Gather(World world, RoadNetwork network, CurveSpeedAdvisory curves)
    {
        Query vehicles = world.Query(Vehicles);
        Query occupants = world.Query(Occupants);
        _index.Begin(vehicles.Count + occupants.Count, network.Lanes.Count);
        vehicles.CollectChunks(_chunks);
        if (_chunkRowStart.Length < _chunks.Count + 1)
        {
            _chunkRowStart = new int[Math.Max(_chunks.Count + 1, _chunkRowStart.Length * 2)];
        }

        int r = 0;
        for (int k = 0; k < _chunks.Count; k++)
        {
            _chunkRowStart[k] = r;
            r += _chunks[k].Count;
        }

        _chunkRowStart[_chunks.Count] = r;

        // Each chunk fills its own rows: parallel, and the same rows whatever the thread count.
        world.ParallelQuery(Vehicles, new GatherJob(_index, _chunkRowStart, network, curves));

        _index.VehicleRows = r;
        foreach (Chunk chunk in occupants.GetChunks())
        {
            ReadOnlySpan<Entity> entities = chunk.Entities;
            Span<LaneOccupancy> occupancy = chunk.GetSpan<LaneOccupancy>();
            Span<ActorBody> body = chunk.GetSpan<ActorBody>();
            for (int i = 0; i < chunk.Count; i++)
            {
                if (occupancy[i].Lane < 0 || !network.Lanes[occupancy[i].Lane].IsDrivable)
                {
                    continue;
                }

                _index.Entity[r] = entities[i];
                _index.Lane[r] = _index.TargetLane[r] = _index.SecondLane[r] = occupancy[i].Lane;
                _index.NextLane[r] = _index.AfterNextLane[r] = -1;
                _index.S[r] = occupancy[i].S;
                _index.Speed[r] = 0;
                _index.HalfLength[r] = Math.Max(body[i].Length, body[i].Width) * 0.5;
                _index.Lateral[r] = 0;
                _index.HalfWidth[r] = double.PositiveInfinity;
                _index.Filtering[r] = false;
                _index.Idm[r] = default;
                _index.DesiredSpeed[r] = 0;
                _index.Advisory[r] = double.PositiveInfinity;
                r++;
            }
        }

        _index.Rows = r;
    }

    private readonly struct GatherJob(LaneIndex index, int[] chunkRowStart, RoadNetwork network, CurveSpeedAdvisory curves) : IChunkJob
    {
        public void Execute(in Chunk chunk, CommandBuffer commands)
        {
            ReadOnlySpan<Entity> entities = chunk.Entities;
            Span<LaneMotion> motion = chunk.GetSpan<LaneMotion>();
            Span<ActorBody> body = chunk.GetSpan<ActorBody>();
            Span<IdmParameters> idm = chunk.GetSpan<IdmParameters>();
            Span<VehicleNav> nav = chunk.GetSpan<VehicleNav>();
            Span<VehicleControl> control = chunk.GetSpan<VehicleControl>();
            // Arrays in locals: the JIT then keeps them in registers instead of reloading the fields per row.
            Entity[] entity = index.Entity;
            int[] laneOf = index.Lane, targetOf = index.TargetLane, secondOf = index.SecondLane, nextOf = index.NextLane, afterOf = index.AfterNextLane;
            double[] sOf = index.S, speedOf = index.Speed, halfOf = index.HalfLength, desiredOf = index.DesiredSpeed, advisoryOf = index.Advisory;
            IdmParameters[] idmOf = index.Idm;
            IReadOnlyList<Lane> lanes = network.Lanes;
            int r = chunkRowStart[chunk.Index];
            for (int i = 0; i < chunk.Count; i++, r++)
            {
                ref LaneMotion m = ref motion[i];
                Lane lane = lanes[m.Lane];
                entity[r] = entities[i];
                laneOf[r] = m.Lane;
                targetOf[r] = m.TargetLane;
                secondOf[r] = m.TargetLane != m.Lane ? m.TargetLane : Overhang(lane, m, body[i]);
                nextOf[r] = nav[i].NextLane;
                afterOf[r] = nav[i].AfterNextLane;
                sOf[r] = m.S;
                speedOf[r] = m.Speed;
                halfOf[r] = body[i].Length * 0.5;
                index.Lateral[r] = lane.Offset + m.T;
                index.HalfWidth[r] = body[i].Width * 0.5;
                index.Filtering[r] = control[i].LaneOffset != 0;
                idmOf[r] = idm[i];
                double limit = lane.SpeedLimit;
                double v0 = control[i].HasTargetSpeed != 0 ? control[i].TargetSpeed : Math.Min(idm[i].DesiredSpeed, limit > 0 ? limit : double.MaxValue);
                double advisory = curves.At(m.Lane, m.S, nav[i].NextLane, nav[i].AfterNextLane);
                advisoryOf[r] = advisory;
                desiredOf[r] = Math.Min(v0, advisory);
            }
        }
    }

    /// <summary>The neighbouring drivable lane the body reaches into (|t| plus the half extent of the rotated box beyond
    /// the half lane width), or the lane itself.</summary>
    private static int Overhang(Lane lane, in LaneMotion m, ActorBody body)
    {
        // Cheap bound first (|sin ψ| ≤ |ψ|, cos ψ ≤ 1): most vehicles are well inside their lane.
        if (Math.Abs(m.T) + (body.Width / 2) + (body.Length / 2 * Math.Abs(m.Heading)) <= lane.Width / 2)
        {
            return lane.Id;
        }

        (double sin, double cos) = Math.SinCos(m.Heading);
        double reach = (body.Width / 2 * Math.Abs(cos)) + (body.Length / 2 * Math.Abs(sin));
        double left = m.T + reach - (lane.Width / 2), right = -m.T + reach - (lane.Width / 2);
        int side = left >= right ? (left > 0 ? lane.Left : -1) : (right > 0 ? lane.Right : -1);
        return side >= 0 ? side : lane.Id;
    }
}
