using Sim.Core.Kernel;
using Sim.Core.Traffic.Roads;

namespace Sim.Core.Traffic.Pedestrians;

/// <summary>Registers the pedestrian and animal systems with a simulation.</summary>
public static class PedestrianSystems
{
    /// <summary>
    /// Adds, in this order, <see cref="SidewalkWalkingSystem"/>, <see cref="CrosswalkCrossingSystem"/>,
    /// <see cref="ScriptedPedestrianSystem"/> and <see cref="DeerCrossingSystem"/> to <paramref name="phase"/>
    /// (default <see cref="Phase.Physics"/>: they integrate motion), and gives the world a
    /// <see cref="CrosswalkState"/> now if it already holds its <see cref="RoadNetwork"/> (otherwise the crossing
    /// system creates it on its first update).
    /// </summary>
    public static Simulation AddPedestrianSystems(this Simulation simulation, Phase phase = Phase.Physics)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        if (simulation.World.HasResource<RoadNetwork>())
        {
            CrosswalkCrossingSystem.EnsureCrosswalkState(simulation.World, PedestrianMap.For(simulation.World));
        }

        return simulation
            .AddSystem(phase, new SidewalkWalkingSystem())
            .AddSystem(phase, new CrosswalkCrossingSystem())
            .AddSystem(phase, new ScriptedPedestrianSystem())
            .AddSystem(phase, new DeerCrossingSystem());
    }
}
