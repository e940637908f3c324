using Sim.Core.Ecs;

namespace Sim.Core.Traffic.Pedestrians;

/// <summary>Run out: from a standstill where it is (e.g. behind a parked van), accelerate at
/// <paramref name="Acceleration"/> to running speed <paramref name="Speed"/> straight towards <paramref name="To"/>,
/// ignoring traffic, then walk on along the sidewalk there (or stand).</summary>
/// <param name="Pedestrian">The pedestrian.</param>
/// <param name="To">Where it runs to, world frame, m.</param>
/// <param name="Speed">Running speed, m/s (0.1–12; adults run out at about 3–4 m/s).</param>
/// <param name="Acceleration">m/s² (positive; <see cref="double.PositiveInfinity"/> for a step start). The default
/// 4 m/s² reaches 3.5 m/s in under 0.9 s; it is an assumption, not a measured value.</param>
public sealed record RunOut(Entity Pedestrian, (double X, double Y) To, double Speed = 3.5, double Acceleration = 4.0) : IPedestrianAction
{
    /// <inheritdoc/>
    public void Apply(World world)
    {
        ArgumentNullException.ThrowIfNull(world);
        ref PedestrianState ped = ref PedestrianActionChecks.State(world, Pedestrian, nameof(RunOut));
        PedestrianActionChecks.Point(To, nameof(To), Pedestrian);
        PedestrianActionChecks.Speed(Speed, nameof(Speed), Pedestrian);
        if (!(Acceleration > 0))
        {
            throw new ArgumentException($"RunOut for {Pedestrian}: acceleration {Acceleration} m/s² must be positive.", nameof(Acceleration));
        }

        ActorPose pose = world.Get<ActorPose>(Pedestrian);
        PedestrianActionChecks.Start(world, Pedestrian, ref ped, new PedestrianScript
        {
            AX = pose.X, AY = pose.Y, BX = To.X, BY = To.Y,
            Speed = Speed, Acceleration = Acceleration, CurrentSpeed = 0,
            Kind = ScriptKind.RunOut, Stage = ScriptStage.Main, Direction = 1, OnArrival = ScriptArrival.WalkOn,
        });
    }
}
