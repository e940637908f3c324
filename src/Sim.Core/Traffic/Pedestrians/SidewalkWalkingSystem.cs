using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Random;
using Sim.Core.Traffic.Roads;

namespace Sim.Core.Traffic.Pedestrians;

/// <summary>
/// Moves <see cref="PedestrianActivity.Walking"/> pedestrians along their sidewalk lanes at their desired speed. At
/// a lane's end a pedestrian walks on onto a connected sidewalk (one chosen at random when there are several), or
/// turns around where there is none. When a crosswalk end comes within <see cref="LookAhead"/> ahead, it decides
/// once (with its <see cref="PedestrianState.CrossingProbability"/>) whether to cross there; if so it drifts
/// sideways to the crosswalk's waiting point and stops there, <see cref="PedestrianActivity.WaitingToCross"/>.
/// Writes <see cref="ActorPose"/> and <see cref="LaneOccupancy"/> (−1: sidewalks are not drivable).
/// </summary>
public sealed class SidewalkWalkingSystem : ISystem
{
    /// <summary>How far ahead a pedestrian looks for a crosswalk to decide whether to cross there, m.</summary>
    public const double LookAhead = 3.0;

    /// <inheritdoc/>
    public void Update(SystemContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        World world = context.World;
        PedestrianMap map = PedestrianMap.For(world);
        SimulationClock clock = context.Clock;
        world.ParallelQuery(PedestrianQueries.Pedestrians, new WalkJob(map, new CounterRng(context.Seed), clock.Tick, clock.Dt));
    }

    private readonly struct WalkJob(PedestrianMap map, CounterRng rng, long tick, double dt) : IChunkJob
    {
        public void Execute(in Chunk chunk, CommandBuffer commands)
        {
            Span<PedestrianState> states = chunk.GetSpan<PedestrianState>();
            Span<CrossingState> crossings = chunk.GetSpan<CrossingState>();
            Span<StableId> ids = chunk.GetSpan<StableId>();
            Span<ActorPose> poses = chunk.GetSpan<ActorPose>();
            Span<LaneOccupancy> occupancies = chunk.GetSpan<LaneOccupancy>();
            for (int i = 0; i < chunk.Count; i++)
            {
                ref PedestrianState ped = ref states[i];
                if (ped.Activity != PedestrianActivity.Walking)
                {
                    continue;
                }

                Walk(ref ped, ref crossings[i], ids[i].Value);
                occupancies[i] = new LaneOccupancy { Lane = -1 };
                if (ped.Activity == PedestrianActivity.WaitingToCross)
                {
                    CrosswalkGeometry crosswalk = map.Crosswalks[crossings[i].Crosswalk];
                    (double x, double y) = crosswalk.PointAt(crossings[i].U);
                    ActorKinematics.Write(ref poses[i], x, y, crosswalk.Heading + (crossings[i].Direction < 0 ? Math.PI : 0), 0);
                }
                else
                {
                    Pose2 p = map.Network.ToWorld(new LanePosition(ped.Lane, ped.S, ped.T));
                    ActorKinematics.Write(ref poses[i], p.X, p.Y, p.Heading + (ped.Direction < 0 ? Math.PI : 0), ped.DesiredSpeed);
                }
            }
        }

        private void Walk(ref PedestrianState ped, ref CrossingState crossing, ulong id)
        {
            Lane lane = map.Network.Lanes[ped.Lane];
            if (ped.PendingCrosswalk < 0)
            {
                ConsiderCrosswalkAhead(ref ped, ref crossing, id);
            }

            // s runs along the reference line: a lane offset t from a line of curvature κ moves (1 − κ t) m per m of s.
            double factor = Math.Max(0.1, 1 - (lane.Road.Reference.CurvatureAt(ped.S) * (lane.Offset + ped.T)));
            double ds = ped.DesiredSpeed * dt / factor;
            if (ped.PendingCrosswalk >= 0)
            {
                CrosswalkEnd end = map.Crosswalks[crossing.Crosswalk].End(crossing.Direction > 0 ? 0 : 1);
                double remaining = ped.Direction * (end.S - ped.S);
                if (ds >= remaining)
                {
                    ped.S = end.S;
                    ped.T = end.T;
                    ped.PendingCrosswalk = -1;
                    ped.WaitedTime = 0;
                    ped.Activity = PedestrianActivity.WaitingToCross;
                    return;
                }

                ped.T += (end.T - ped.T) * ds / remaining; // drift sideways to the waiting point, linearly in s
                ped.S += ped.Direction * ds;
                return;
            }

            double s = ped.S + (ped.Direction * ds);
            if (s >= 0 && s <= lane.Length)
            {
                ped.S = s;
                return;
            }

            bool atEnd = s > lane.Length;
            double overflow = atEnd ? s - lane.Length : -s;
            ReadOnlySpan<SidewalkContinuation> next = map.ContinuationsAt(ped.Lane, atEnd);
            ped.PassedCrosswalk = -1;
            if (next.Length == 0)
            {
                ped.Direction = -ped.Direction;
                ped.S = atEnd ? Math.Max(0, lane.Length - overflow) : Math.Min(lane.Length, overflow);
                return;
            }

            int pick = next.Length == 1 ? 0 : rng.Stream(id, PedestrianRandomStreams.SidewalkChoice, tick).NextInt(next.Length);
            SidewalkContinuation c = next[pick];
            Lane to = map.Network.Lanes[c.Lane];
            int direction = c.AtStart ? 1 : -1;
            ped.T = Math.Clamp(ped.T * ped.Direction * direction, -to.Width / 2, to.Width / 2); // same side of the walker
            ped.Lane = c.Lane;
            ped.Direction = direction;
            ped.S = c.AtStart ? Math.Min(overflow, to.Length) : Math.Max(0, to.Length - overflow);
        }

        /// <summary>Decides, once per crosswalk met, whether to cross at the nearest crosswalk end ahead.</summary>
        private void ConsiderCrosswalkAhead(ref PedestrianState ped, ref CrossingState crossing, ulong id)
        {
            ReadOnlySpan<SidewalkAttachment> attachments = map.AttachmentsOn(ped.Lane);
            int nearest = -1;
            double nearestDistance = LookAhead;
            for (int k = 0; k < attachments.Length; k++)
            {
                double ahead = ped.Direction * (attachments[k].S - ped.S);
                if (ahead > 1e-9 && ahead <= nearestDistance)
                {
                    nearest = k;
                    nearestDistance = ahead;
                }
            }

            if (nearest < 0 || attachments[nearest].Crosswalk == ped.PassedCrosswalk)
            {
                return;
            }

            SidewalkAttachment a = attachments[nearest];
            RandomStream random = rng.Stream(id, PedestrianRandomStreams.CrossingDecision, tick);
            if (random.NextDouble() < ped.CrossingProbability)
            {
                CrosswalkGeometry crosswalk = map.Crosswalks[a.Crosswalk];
                ped.PendingCrosswalk = a.Crosswalk;
                crossing.Crosswalk = a.Crosswalk;
                crossing.Direction = a.End == 0 ? 1 : -1;
                crossing.U = crosswalk.End(a.End).U;
                crossing.Speed = ped.DesiredSpeed;
            }
            else
            {
                ped.PassedCrosswalk = a.Crosswalk;
            }
        }
    }
}
