namespace Sim.Core.Traffic.Pedestrians;

/// <summary>
/// The <see cref="Sim.Core.Random.CounterRng"/> streams that pedestrians and animals draw from, keyed by their
/// <see cref="Sim.Core.Kernel.StableId"/> and the tick of the draw. Fixed as part of the dataset contract: changing
/// one changes every dataset that uses it.
/// </summary>
public static class PedestrianRandomStreams
{
    /// <summary>Desired walking speed and other per-pedestrian draws at spawn.</summary>
    public const uint Spawn = 0x5045_4400;

    /// <summary>Whether to cross at a crosswalk coming up.</summary>
    public const uint CrossingDecision = 0x5045_4401;

    /// <summary>Which connected sidewalk to walk on at a sidewalk's end.</summary>
    public const uint SidewalkChoice = 0x5045_4402;

    /// <summary>Which way to walk after stepping onto a sidewalk from a crossing or a script.</summary>
    public const uint WalkDirection = 0x5045_4403;

    /// <summary>Deer start time and cruise speed at spawn.</summary>
    public const uint DeerSpawn = 0x4445_4500;

    /// <summary>Deer hesitation events and their lengths.</summary>
    public const uint DeerHesitation = 0x4445_4501;
}
