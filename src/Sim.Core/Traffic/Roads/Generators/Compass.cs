namespace Sim.Core.Traffic.Roads.Generators;

/// <summary>A side of a junction or block, by compass direction in the world frame (x east, y north).</summary>
public enum Compass
{
    /// <summary>+y.</summary>
    North = 0,

    /// <summary>+x.</summary>
    East = 1,

    /// <summary>−y.</summary>
    South = 2,

    /// <summary>−x.</summary>
    West = 3,
}
