namespace Sim.Core.Traffic.Roads.Generators;

/// <summary>A movement through a junction, seen by the driver making it.</summary>
public enum Turn
{
    /// <summary>Straight across.</summary>
    Straight = 0,

    /// <summary>A left turn.</summary>
    Left = 1,

    /// <summary>A right turn.</summary>
    Right = 2,
}
