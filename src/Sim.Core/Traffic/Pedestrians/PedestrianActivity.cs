namespace Sim.Core.Traffic.Pedestrians;

/// <summary>What a pedestrian is doing; selects the system that moves it this step. The numeric values are stable
/// (snapshots store them).</summary>
public enum PedestrianActivity
{
    /// <summary>Walking along a sidewalk lane (<see cref="SidewalkWalkingSystem"/>).</summary>
    Walking = 0,

    /// <summary>Standing at the kerb end of a crosswalk, waiting for an acceptable gap (<see cref="CrosswalkCrossingSystem"/>).</summary>
    WaitingToCross = 1,

    /// <summary>On a crosswalk, committed to crossing (<see cref="CrosswalkCrossingSystem"/>).</summary>
    Crossing = 2,

    /// <summary>Following a scripted path: jaywalk, run out, walk to a lane position (<see cref="ScriptedPedestrianSystem"/>).</summary>
    Scripted = 3,

    /// <summary>Standing still wherever it is, e.g. in a lane after a stop-in-lane script (<see cref="ScriptedPedestrianSystem"/>).</summary>
    Standing = 4,
}
