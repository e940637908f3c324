namespace Sim.Core.Kernel;

/// <summary>The run's seed as a world resource, for code that draws random numbers outside a system (spawning,
/// actions). <see cref="Simulation"/> sets it.</summary>
/// <param name="Value">The seed.</param>
public readonly record struct SimulationSeed(ulong Value);
