using Sim.Core.Ecs;

namespace Sim.Core.Traffic.Pedestrians;

/// <summary>Validation and common steps of the pedestrian actions.</summary>
internal static class PedestrianActionChecks
{
    public static ref PedestrianState State(World world, Entity pedestrian, string action)
    {
        if (!world.IsAlive(pedestrian))
        {
            // Let the world raise its own EntityNotAliveException, which names the entity and why.
            world.Get<PedestrianState>(pedestrian);
        }

        if (!world.Has<PedestrianState>(pedestrian) || !world.Has<PedestrianScript>(pedestrian) || !world.Has<CrossingState>(pedestrian)
            || !world.Has<ActorPose>(pedestrian))
        {
            throw new ArgumentException($"{action}: {pedestrian} is not a pedestrian (spawn it with PedestrianSpawner).", nameof(pedestrian));
        }

        return ref world.Get<PedestrianState>(pedestrian);
    }

    public static void Point((double X, double Y) point, string name, Entity pedestrian)
    {
        if (!double.IsFinite(point.X) || !double.IsFinite(point.Y))
        {
            throw new ArgumentException($"{pedestrian}: {name} = {point} is not a finite point.", name);
        }
    }

    public static void Speed(double speed, string name, Entity pedestrian)
    {
        if (!(speed is >= 0.1 and <= 12))
        {
            throw new ArgumentException($"{pedestrian}: {name} = {speed} m/s is outside 0.1–12 m/s.", name);
        }
    }

    /// <summary>Hands the pedestrian over to its script: it leaves any crosswalk or kerb it was at.</summary>
    public static void Start(World world, Entity pedestrian, ref PedestrianState ped, in PedestrianScript script)
    {
        world.Get<PedestrianScript>(pedestrian) = script;
        world.Get<CrossingState>(pedestrian).Crosswalk = -1;
        ped.PendingCrosswalk = -1;
        ped.Activity = PedestrianActivity.Scripted;
    }
}
