using Sim.Core.Ecs;
using Sim.Core.Kernel;

namespace Sim.Core.Traffic.Pedestrians;

/// <summary>The queries of the pedestrian and animal systems.</summary>
public static class PedestrianQueries
{
    /// <summary>Pedestrians: every component that <see cref="PedestrianSpawner"/> gives them.</summary>
    public static readonly QueryDescription Pedestrians = new QueryDescription()
        .WithAll<StableId, PedestrianState, CrossingState, PedestrianScript>()
        .WithAll<ActorBody, ActorPose, LaneOccupancy>();

    /// <summary>Crossing animals: every component that <see cref="DeerSpawner"/> gives them.</summary>
    public static readonly QueryDescription Deer = new QueryDescription()
        .WithAll<StableId, DeerCrossing, ActorPose, LaneOccupancy>();
}
