namespace Sim.Core.Kernel;

/// <summary>
/// An entity's identity that survives id recycling, snapshots and runs: assigned by whoever spawns the entity
/// (the scenario's world builder) and used as the RNG's stable id and as the track id in labels.
/// </summary>
/// <param name="Value">The id; unique within a world.</param>
public readonly record struct StableId(ulong Value);
