using Sim.Core.Ecs;
using Sim.Core.Traffic.Roads;

namespace Sim.Core.Traffic.Pedestrians;

/// <summary>Stop in the lane: walk straight to <paramref name="Where"/> (a lane position of the world's road network)
/// at <paramref name="Speed"/> (default: the desired speed), ignoring traffic, and stand there.</summary>
/// <param name="Pedestrian">The pedestrian.</param>
/// <param name="Where">Lane position to stand at.</param>
/// <param name="Speed">Walking speed, m/s (0.1–12), or null for the pedestrian's desired speed.</param>
public sealed record StopInLane(Entity Pedestrian, LanePosition Where, double? Speed = null) : IPedestrianAction
{
    /// <inheritdoc/>
    public void Apply(World world)
    {
        ArgumentNullException.ThrowIfNull(world);
        ref PedestrianState ped = ref PedestrianActionChecks.State(world, Pedestrian, nameof(StopInLane));
        RoadNetwork network = world.GetManagedResource<RoadNetwork>();
        if ((uint)Where.Lane >= (uint)network.Lanes.Count || !double.IsFinite(Where.S) || !double.IsFinite(Where.T))
        {
            throw new ArgumentException($"StopInLane for {Pedestrian}: {Where} is not a position on the road network's lanes 0–{network.Lanes.Count - 1}.", nameof(Where));
        }

        double speed = Speed ?? ped.DesiredSpeed;
        PedestrianActionChecks.Speed(speed, nameof(Speed), Pedestrian);
        Pose2 target = network.ToWorld(Where);
        ActorPose pose = world.Get<ActorPose>(Pedestrian);
        PedestrianActionChecks.Start(world, Pedestrian, ref ped, new PedestrianScript
        {
            AX = pose.X, AY = pose.Y, BX = target.X, BY = target.Y,
            Speed = speed, Acceleration = double.PositiveInfinity, CurrentSpeed = speed,
            Kind = ScriptKind.StopInLane, Stage = ScriptStage.Main, Direction = 1, OnArrival = ScriptArrival.Stand,
        });
    }
}
