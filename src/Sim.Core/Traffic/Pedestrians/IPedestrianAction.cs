using Sim.Core.Ecs;

namespace Sim.Core.Traffic.Pedestrians;

/// <summary>
/// A scripted pedestrian behaviour that a scenario triggers: a plain record of its parameters, applied to the
/// world with <see cref="Apply"/>. It takes effect from the next pedestrian system update and ignores traffic.
/// </summary>
public interface IPedestrianAction
{
    /// <summary>The pedestrian entity the action is for.</summary>
    Entity Pedestrian { get; }

    /// <summary>Applies the action (writes the pedestrian's components; no structural change, so it may be called
    /// from a system while the world is being iterated, though not from a parallel job).</summary>
    /// <exception cref="EntityNotAliveException">The entity is not alive.</exception>
    /// <exception cref="ArgumentException">The entity is not a pedestrian, or a parameter is out of range.</exception>
    void Apply(World world);
}
