using Sim.Core.Ecs;

namespace Sim.Core.Traffic.Pedestrians;

/// <summary>
/// Start crossing now: a pedestrian waiting at a crosswalk steps off at once, without waiting for an acceptable gap
/// (the scripted "pedestrian starts to cross in front of the ego"). It crosses like any other crossing pedestrian,
/// so the crosswalk is occupied and vehicles that can still stop do. To cross where there is no crosswalk, use
/// <see cref="Jaywalk"/>.
/// </summary>
/// <param name="Pedestrian">The pedestrian; it must be waiting at a crosswalk (see <see cref="PedestrianSpawner.SpawnAtCrosswalk"/>).</param>
/// <param name="Speed">Crossing speed, m/s (0.1–12), or null for its desired walking speed.</param>
public sealed record StartCrossing(Entity Pedestrian, double? Speed = null) : IPedestrianAction
{
    /// <inheritdoc/>
    public void Apply(World world)
    {
        ArgumentNullException.ThrowIfNull(world);
        ref PedestrianState ped = ref PedestrianActionChecks.State(world, Pedestrian, nameof(StartCrossing));
        if (Speed is { } speed)
        {
            PedestrianActionChecks.Speed(speed, nameof(Speed), Pedestrian);
        }

        if (ped.Activity != PedestrianActivity.WaitingToCross)
        {
            throw new InvalidOperationException(
                $"StartCrossing: {Pedestrian} is {ped.Activity}, not waiting at a crosswalk; spawn it with PedestrianSpawner.SpawnAtCrosswalk, or use Jaywalk to cross elsewhere.");
        }

        ref CrossingState crossing = ref world.Get<CrossingState>(Pedestrian);
        crossing.Speed = Speed ?? ped.DesiredSpeed;
        ped.Activity = PedestrianActivity.Crossing;
    }
}
