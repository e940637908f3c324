using Sim.Core.Ecs;

namespace Sim.Core.Kernel;

/// <summary>
/// A simulation system: logic run once per step in its <see cref="Phase"/>. Systems hold no simulation state
/// (only caches); state lives in components and world resources so that snapshots capture it.
/// </summary>
public interface ISystem
{
    /// <summary>Advances the system's part of the world by one step.</summary>
    void Update(SystemContext context);
}

/// <summary>What a system sees during a step.</summary>
public sealed class SystemContext
{
    internal SystemContext(World world, ulong seed)
    {
        World = world;
        Seed = seed;
    }

    /// <summary>The world being stepped.</summary>
    public World World { get; }

    /// <summary>The run's seed: the root of every random draw.</summary>
    public ulong Seed { get; }

    /// <summary>The clock at the start of this step.</summary>
    public SimulationClock Clock => World.GetResource<SimulationClock>();

    /// <summary>This system's command buffer, played back right after the system returns (system order).</summary>
    public CommandBuffer Commands { get; } = new();
}
