using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Random;

namespace Sim.Core.Traffic.Pedestrians;

/// <summary>
/// Crosswalk use. A <see cref="PedestrianActivity.WaitingToCross"/> pedestrian steps off when
/// <see cref="GapAcceptance"/> accepts the current gaps (from the next step on it walks); a
/// <see cref="PedestrianActivity.Crossing"/> pedestrian walks the crosswalk's centre line at its crossing speed and,
/// at the far waiting point, walks on along that sidewalk (either way, at random) or stands where there is none.
/// Writes <see cref="ActorPose"/> and <see cref="LaneOccupancy"/> for both, and afterwards the world's
/// <see cref="CrosswalkState"/>: a crosswalk is occupied exactly while some pedestrian is
/// <see cref="PedestrianActivity.Crossing"/> it (from the step it commits until it reaches the other end).
/// </summary>
public sealed class CrosswalkCrossingSystem : ISystem
{
    private readonly LaneVehicleIndex _vehicles = new();

    /// <inheritdoc/>
    public void Update(SystemContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        World world = context.World;
        PedestrianMap map = PedestrianMap.For(world);
        CrosswalkState occupied = EnsureCrosswalkState(world, map);
        SimulationClock clock = context.Clock;
        _vehicles.Rebuild(world, map.Network.Lanes.Count);
        world.ParallelQuery(PedestrianQueries.Pedestrians, new CrossJob(map, _vehicles, new CounterRng(context.Seed), clock.Tick, clock.Dt));

        Array.Clear(occupied.Occupied);
        Array.Clear(occupied.Waiting);
        foreach (Chunk chunk in world.Query(PedestrianQueries.Pedestrians).GetChunks())
        {
            Span<PedestrianState> states = chunk.GetSpan<PedestrianState>();
            Span<CrossingState> crossings = chunk.GetSpan<CrossingState>();
            for (int i = 0; i < chunk.Count; i++)
            {
                if (states[i].Activity == PedestrianActivity.Crossing)
                {
                    occupied.Occupied[crossings[i].Crosswalk] = true;
                }
                else if (states[i].Activity == PedestrianActivity.WaitingToCross && crossings[i].Crosswalk >= 0)
                {
                    occupied.Waiting[crossings[i].Crosswalk] = true;
                }
            }
        }
    }

    /// <summary>The world's <see cref="CrosswalkState"/>, created (all free) when missing or sized for another network.</summary>
    internal static CrosswalkState EnsureCrosswalkState(World world, PedestrianMap map)
    {
        if (world.HasResource<CrosswalkState>())
        {
            CrosswalkState state = world.GetManagedResource<CrosswalkState>();
            if (state.Occupied.Length == map.Crosswalks.Count)
            {
                return state;
            }
        }

        var fresh = new CrosswalkState(map.Crosswalks.Count);
        world.SetManagedResource(fresh);
        return fresh;
    }

    private readonly struct CrossJob(PedestrianMap map, LaneVehicleIndex vehicles, CounterRng rng, long tick, double dt) : IChunkJob
    {
        public void Execute(in Chunk chunk, CommandBuffer commands)
        {
            Span<PedestrianState> states = chunk.GetSpan<PedestrianState>();
            Span<CrossingState> crossings = chunk.GetSpan<CrossingState>();
            Span<StableId> ids = chunk.GetSpan<StableId>();
            Span<ActorBody> bodies = chunk.GetSpan<ActorBody>();
            Span<ActorPose> poses = chunk.GetSpan<ActorPose>();
            Span<LaneOccupancy> occupancies = chunk.GetSpan<LaneOccupancy>();
            for (int i = 0; i < chunk.Count; i++)
            {
                ref PedestrianState ped = ref states[i];
                ref CrossingState crossing = ref crossings[i];
                if (ped.Activity == PedestrianActivity.WaitingToCross)
                {
                    Wait(ref ped, ref crossing, bodies[i], ref poses[i]);
                }
                else if (ped.Activity == PedestrianActivity.Crossing)
                {
                    Cross(ref ped, ref crossing, ids[i].Value, ref poses[i]);
                }
                else
                {
                    continue;
                }

                occupancies[i] = map.OccupancyAt(poses[i].X, poses[i].Y);
            }
        }

        private void Wait(ref PedestrianState ped, ref CrossingState crossing, in ActorBody body, ref ActorPose pose)
        {
            CrosswalkGeometry crosswalk = map.Crosswalks[crossing.Crosswalk];
            crossing.Speed = ped.DesiredSpeed;
            if (GapAcceptance.Accepts(crosswalk, crossing.U, crossing.Direction, crossing.Speed, body.Length / 2.0, ped.StartUpAndClearance, vehicles, map.Network))
            {
                ped.Activity = PedestrianActivity.Crossing;
            }
            else
            {
                ped.WaitedTime += dt;
            }

            (double x, double y) = crosswalk.PointAt(crossing.U);
            ActorKinematics.Write(ref pose, x, y, crosswalk.Heading + (crossing.Direction < 0 ? Math.PI : 0), 0);
        }

        private void Cross(ref PedestrianState ped, ref CrossingState crossing, ulong id, ref ActorPose pose)
        {
            CrosswalkGeometry crosswalk = map.Crosswalks[crossing.Crosswalk];
            int endIndex = crossing.Direction > 0 ? 1 : 0;
            CrosswalkEnd end = crosswalk.End(endIndex);
            double heading = crosswalk.Heading + (crossing.Direction < 0 ? Math.PI : 0);
            crossing.U += crossing.Direction * crossing.Speed * dt / crosswalk.Length;
            if (crossing.Direction * (crossing.U - end.U) < 0)
            {
                (double x, double y) = crosswalk.PointAt(crossing.U);
                ActorKinematics.Write(ref pose, x, y, heading, crossing.Speed);
                return;
            }

            crossing.U = end.U;
            (double ex, double ey) = crosswalk.PointAt(end.U);
            int crosswalkId = crossing.Crosswalk;
            crossing.Crosswalk = -1;
            if (end.Lane < 0)
            {
                ped.Activity = PedestrianActivity.Standing;
                ActorKinematics.Write(ref pose, ex, ey, heading, 0);
                return;
            }

            ped.Activity = PedestrianActivity.Walking;
            ped.Lane = end.Lane;
            ped.S = end.S;
            ped.T = end.T;
            ped.Direction = rng.Stream(id, PedestrianRandomStreams.WalkDirection, tick).NextInt(2) == 0 ? 1 : -1;
            ped.PassedCrosswalk = crosswalkId;
            ped.PendingCrosswalk = -1;
            ActorKinematics.Write(ref pose, ex, ey, heading, crossing.Speed);
        }
    }
}
