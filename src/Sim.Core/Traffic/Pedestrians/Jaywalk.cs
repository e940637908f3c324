using Sim.Core.Ecs;

namespace Sim.Core.Traffic.Pedestrians;

/// <summary>Jaywalk: walk (at the desired speed) to <paramref name="From"/>, then cross straight to
/// <paramref name="To"/> at <paramref name="Speed"/> ignoring gaps, then walk on along the sidewalk there (or stand).</summary>
/// <param name="Pedestrian">The pedestrian.</param>
/// <param name="From">Where it steps off, world frame, m (typically the kerb-side of its sidewalk).</param>
/// <param name="To">Where it ends up, world frame, m (typically on the opposite sidewalk).</param>
/// <param name="Speed">Crossing speed, m/s (0.1–12).</param>
public sealed record Jaywalk(Entity Pedestrian, (double X, double Y) From, (double X, double Y) To, double Speed) : IPedestrianAction
{
    /// <inheritdoc/>
    public void Apply(World world)
    {
        ArgumentNullException.ThrowIfNull(world);
        ref PedestrianState ped = ref PedestrianActionChecks.State(world, Pedestrian, nameof(Jaywalk));
        PedestrianActionChecks.Point(From, nameof(From), Pedestrian);
        PedestrianActionChecks.Point(To, nameof(To), Pedestrian);
        PedestrianActionChecks.Speed(Speed, nameof(Speed), Pedestrian);
        ActorPose pose = world.Get<ActorPose>(Pedestrian);
        bool there = Math.Abs(pose.X - From.X) < 1e-6 && Math.Abs(pose.Y - From.Y) < 1e-6;
        PedestrianActionChecks.Start(world, Pedestrian, ref ped, new PedestrianScript
        {
            AX = From.X, AY = From.Y, BX = To.X, BY = To.Y,
            Speed = Speed, Acceleration = double.PositiveInfinity, CurrentSpeed = ped.DesiredSpeed,
            Kind = ScriptKind.Jaywalk, Stage = there ? ScriptStage.Main : ScriptStage.Approach, Direction = 1,
            OnArrival = ScriptArrival.WalkOn,
        });
    }
}
