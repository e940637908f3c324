using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Random;
using Sim.Core.Traffic.Roads;

namespace Sim.Core.Traffic.Pedestrians;

/// <summary>
/// Moves <see cref="PedestrianActivity.Scripted"/> pedestrians along their <see cref="PedestrianScript"/>: first
/// straight to the leg's start A at the desired speed, then along A → B accelerating to the script's speed (or back
/// to A after a <see cref="TurnBack"/>), ignoring traffic. At the end of the leg the pedestrian walks on along the
/// sidewalk it reached (either way, at random) or stands. Also holds <see cref="PedestrianActivity.Standing"/>
/// pedestrians still. Writes <see cref="ActorPose"/> and <see cref="LaneOccupancy"/> for both.
/// </summary>
public sealed class ScriptedPedestrianSystem : ISystem
{
    /// <inheritdoc/>
    public void Update(SystemContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        PedestrianMap map = PedestrianMap.For(context.World);
        SimulationClock clock = context.Clock;
        context.World.ParallelQuery(PedestrianQueries.Pedestrians, new ScriptJob(map, new CounterRng(context.Seed), clock.Tick, clock.Dt));
    }

    private readonly struct ScriptJob(PedestrianMap map, CounterRng rng, long tick, double dt) : IChunkJob
    {
        public void Execute(in Chunk chunk, CommandBuffer commands)
        {
            Span<PedestrianState> states = chunk.GetSpan<PedestrianState>();
            Span<PedestrianScript> scripts = chunk.GetSpan<PedestrianScript>();
            Span<StableId> ids = chunk.GetSpan<StableId>();
            Span<ActorPose> poses = chunk.GetSpan<ActorPose>();
            Span<LaneOccupancy> occupancies = chunk.GetSpan<LaneOccupancy>();
            for (int i = 0; i < chunk.Count; i++)
            {
                ref PedestrianState ped = ref states[i];
                if (ped.Activity == PedestrianActivity.Scripted)
                {
                    Follow(ref ped, ref scripts[i], ids[i].Value, ref poses[i]);
                }
                else if (ped.Activity == PedestrianActivity.Standing)
                {
                    ActorKinematics.Stop(ref poses[i]);
                }
                else
                {
                    continue;
                }

                occupancies[i] = map.OccupancyAt(poses[i].X, poses[i].Y);
            }
        }

        private void Follow(ref PedestrianState ped, ref PedestrianScript script, ulong id, ref ActorPose pose)
        {
            if (script.Stage == ScriptStage.Approach)
            {
                double dx = script.AX - pose.X, dy = script.AY - pose.Y;
                double distance = Math.Sqrt((dx * dx) + (dy * dy));
                double step = ped.DesiredSpeed * dt;
                if (step < distance)
                {
                    ActorKinematics.Write(ref pose, pose.X + (step * dx / distance), pose.Y + (step * dy / distance), Math.Atan2(dy, dx), ped.DesiredSpeed);
                    return;
                }

                script.Stage = ScriptStage.Main;
                script.Progress = 0;
                script.CurrentSpeed = ped.DesiredSpeed;
            }

            double lx = script.BX - script.AX, ly = script.BY - script.AY;
            double length = Math.Sqrt((lx * lx) + (ly * ly));
            double heading = Math.Atan2(ly, lx) + (script.Direction < 0 ? Math.PI : 0);
            script.CurrentSpeed = script.CurrentSpeed < script.Speed
                ? Math.Min(script.Speed, script.CurrentSpeed + (script.Acceleration * dt))
                : script.Speed;
            script.Progress += script.Direction * script.CurrentSpeed * dt;
            bool arrived = script.Direction > 0 ? script.Progress >= length : script.Progress <= 0;
            script.Progress = Math.Clamp(script.Progress, 0, length);
            double f = length > 0 ? script.Progress / length : 1;
            double x = script.AX + (f * lx), y = script.AY + (f * ly);
            ActorKinematics.Write(ref pose, x, y, heading, script.CurrentSpeed);
            if (!arrived)
            {
                return;
            }

            script.Kind = ScriptKind.None;
            if (script.OnArrival == ScriptArrival.WalkOn && map.TryLocateSidewalk(x, y, out LanePosition at))
            {
                ped.Activity = PedestrianActivity.Walking;
                ped.Lane = at.Lane;
                ped.S = at.S;
                ped.T = at.T;
                ped.Direction = rng.Stream(id, PedestrianRandomStreams.WalkDirection, tick).NextInt(2) == 0 ? 1 : -1;
                ped.PendingCrosswalk = -1;
                ped.PassedCrosswalk = -1;
            }
            else
            {
                ped.Activity = PedestrianActivity.Standing;
                ActorKinematics.Stop(ref pose);
            }
        }
    }
}
