using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Random;

namespace Sim.Core.Traffic.Pedestrians;

/// <summary>
/// Moves crossing deer: each waits on the verge until its start time, then crosses on a straight line to the far
/// verge point accelerating to its cruise speed, freezing now and then (a Poisson process of hesitations drawn
/// per step from <see cref="PedestrianRandomStreams.DeerHesitation"/>: probability 1 − e^(−λ dt) per step), keeps
/// going past the far verge, and is destroyed once it is <see cref="DeerCrossing.LeaveDistance"/> beyond it. Deer
/// ignore traffic. Writes <see cref="ActorPose"/> and <see cref="LaneOccupancy"/>.
/// </summary>
public sealed class DeerCrossingSystem : ISystem
{
    /// <inheritdoc/>
    public void Update(SystemContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        PedestrianMap map = PedestrianMap.For(context.World);
        SimulationClock clock = context.Clock;
        context.World.ParallelQuery(PedestrianQueries.Deer, new DeerJob(map, new CounterRng(context.Seed), clock.Tick, clock.Time, clock.Dt));
    }

    private readonly struct DeerJob(PedestrianMap map, CounterRng rng, long tick, double time, double dt) : IChunkJob
    {
        public void Execute(in Chunk chunk, CommandBuffer commands)
        {
            Span<DeerCrossing> deer = chunk.GetSpan<DeerCrossing>();
            Span<StableId> ids = chunk.GetSpan<StableId>();
            Span<ActorPose> poses = chunk.GetSpan<ActorPose>();
            Span<LaneOccupancy> occupancies = chunk.GetSpan<LaneOccupancy>();
            ReadOnlySpan<Entity> entities = chunk.Entities;
            for (int i = 0; i < chunk.Count; i++)
            {
                if (Move(ref deer[i], ids[i].Value, ref poses[i]))
                {
                    commands.Destroy(entities[i]);
                }

                occupancies[i] = map.OccupancyAt(poses[i].X, poses[i].Y);
            }
        }

        /// <summary>Advances one deer; true when it has left.</summary>
        private bool Move(ref DeerCrossing d, ulong id, ref ActorPose pose)
        {
            double dx = d.ToX - d.FromX, dy = d.ToY - d.FromY;
            double length = Math.Sqrt((dx * dx) + (dy * dy));
            double heading = Math.Atan2(dy, dx);
            switch (d.Phase)
            {
                case DeerPhase.Waiting when time + dt <= d.StartTime:
                    ActorKinematics.Write(ref pose, d.FromX, d.FromY, heading, 0);
                    return false;
                case DeerPhase.Waiting:
                    d.Phase = DeerPhase.Crossing;
                    break;
                case DeerPhase.Hesitating when time + dt <= d.ResumeTime:
                    ActorKinematics.Stop(ref pose);
                    return false;
                case DeerPhase.Hesitating:
                    d.Phase = DeerPhase.Crossing;
                    break;
            }

            if (d.Phase == DeerPhase.Crossing && d.HesitationRate > 0)
            {
                RandomStream random = rng.Stream(id, PedestrianRandomStreams.DeerHesitation, tick);
                if (random.NextDouble() < 1 - Math.Exp(-d.HesitationRate * dt))
                {
                    d.Phase = DeerPhase.Hesitating;
                    d.CurrentSpeed = 0;
                    d.ResumeTime = time + dt + random.Uniform(d.MinHesitation, d.MaxHesitation);
                    ActorKinematics.Stop(ref pose);
                    return false;
                }
            }

            d.CurrentSpeed = Math.Min(d.CruiseSpeed, d.CurrentSpeed + (d.Acceleration * dt));
            d.Progress += d.CurrentSpeed * dt;
            if (d.Phase == DeerPhase.Crossing && d.Progress >= length)
            {
                d.Phase = DeerPhase.Leaving;
            }

            double f = d.Progress / length;
            ActorKinematics.Write(ref pose, d.FromX + (f * dx), d.FromY + (f * dy), heading, d.CurrentSpeed);
            return d.Progress >= length + d.LeaveDistance;
        }
    }
}
