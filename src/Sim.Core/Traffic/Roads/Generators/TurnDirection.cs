namespace Sim.Core.Traffic.Roads.Generators;

/// <summary>Which way a road bends or a movement turns, seen by a driver travelling along it.</summary>
public enum TurnDirection
{
    /// <summary>Counter-clockwise (positive curvature).</summary>
    Left = 0,

    /// <summary>Clockwise (negative curvature).</summary>
    Right = 1,
}
