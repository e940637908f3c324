using Sim.Core.Ecs;
using Sim.Core.Traffic.Roads;

namespace Sim.Core.Traffic.Pedestrians;

/// <summary>
/// Turn back: reverse direction. On a crosswalk the pedestrian walks back to the end it came from (the crosswalk
/// stays occupied until it gets there) and walks on along that sidewalk; on a scripted leg it heads back to the
/// leg's start A; on a sidewalk it walks the other way; waiting at a kerb it gives up and walks away the way it came.
/// A standing pedestrian turns to face the other way.
/// </summary>
/// <param name="Pedestrian">The pedestrian.</param>
/// <param name="Speed">New speed on the crosswalk or scripted leg, m/s (0.1–12), or null to keep the current one.</param>
public sealed record TurnBack(Entity Pedestrian, double? Speed = null) : IPedestrianAction
{
    /// <inheritdoc/>
    public void Apply(World world)
    {
        ArgumentNullException.ThrowIfNull(world);
        ref PedestrianState ped = ref PedestrianActionChecks.State(world, Pedestrian, nameof(TurnBack));
        if (Speed is { } speed)
        {
            PedestrianActionChecks.Speed(speed, nameof(Speed), Pedestrian);
        }

        switch (ped.Activity)
        {
            case PedestrianActivity.Crossing:
                ref CrossingState crossing = ref world.Get<CrossingState>(Pedestrian);
                crossing.Direction = -crossing.Direction;
                crossing.Speed = Speed ?? crossing.Speed;
                break;
            case PedestrianActivity.Scripted:
                ref PedestrianScript script = ref world.Get<PedestrianScript>(Pedestrian);
                if (script.Stage == ScriptStage.Approach)
                {
                    // Still walking to the leg's start: there is no leg to walk back along, so it stops where it is.
                    script.Kind = ScriptKind.None;
                    ped.Activity = PedestrianActivity.Standing;
                }
                else
                {
                    script.Direction = -script.Direction;
                    script.Speed = Speed ?? script.Speed;
                    script.OnArrival = ScriptArrival.WalkOn;
                }

                break;
            case PedestrianActivity.WaitingToCross:
                ref CrossingState waiting = ref world.Get<CrossingState>(Pedestrian);
                waiting.Crosswalk = -1;
                ped.PassedCrosswalk = -1;
                ped.Activity = PedestrianActivity.Walking;
                ped.Direction = -ped.Direction;
                break;
            case PedestrianActivity.Walking:
                ped.Direction = -ped.Direction;
                ped.PendingCrosswalk = -1;
                ped.PassedCrosswalk = -1;
                world.Get<CrossingState>(Pedestrian).Crosswalk = -1;
                break;
            default:
                ref ActorPose pose = ref world.Get<ActorPose>(Pedestrian);
                pose.Heading = Pose2.WrapAngle(pose.Heading + Math.PI);
                break;
        }
    }
}
