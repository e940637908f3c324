namespace Sim.Core.Traffic.Pedestrians;

/// <summary>Which scripted behaviour a pedestrian follows. Stable numeric values.</summary>
public enum ScriptKind
{
    /// <summary>No script.</summary>
    None = 0,

    /// <summary>Cross mid-block from one point to another, ignoring traffic (<see cref="Jaywalk"/>).</summary>
    Jaywalk = 1,

    /// <summary>Sudden start from standstill at running speed (<see cref="RunOut"/>).</summary>
    RunOut = 2,

    /// <summary>Walk to a lane position and stand there (<see cref="StopInLane"/>).</summary>
    StopInLane = 3,
}

/// <summary>The part of a scripted path being walked. Stable numeric values.</summary>
public enum ScriptStage
{
    /// <summary>Walking at the desired speed straight to the path's start A.</summary>
    Approach = 0,

    /// <summary>Moving along the leg A → B (or back towards A after a turn back).</summary>
    Main = 1,
}

/// <summary>What a pedestrian does at the end of a scripted path. Stable numeric values.</summary>
public enum ScriptArrival
{
    /// <summary>Stand still there.</summary>
    Stand = 0,

    /// <summary>Walk on along the sidewalk if the end point is on one; otherwise stand.</summary>
    WalkOn = 1,
}

/// <summary>
/// A scripted behaviour in progress: a straight leg from A to B (world frame, m) walked or run at
/// <see cref="Speed"/>, reached from the pedestrian's position by an approach walk at its desired speed. Written by
/// the actions (<see cref="Jaywalk"/>, <see cref="RunOut"/>, <see cref="StopInLane"/>, <see cref="TurnBack"/>),
/// advanced by <see cref="ScriptedPedestrianSystem"/> while the pedestrian's activity is
/// <see cref="PedestrianActivity.Scripted"/>.
/// </summary>
public struct PedestrianScript
{
    /// <summary>Start of the leg, east, m.</summary>
    public double AX;

    /// <summary>Start of the leg, north, m.</summary>
    public double AY;

    /// <summary>End of the leg, east, m.</summary>
    public double BX;

    /// <summary>End of the leg, north, m.</summary>
    public double BY;

    /// <summary>Target speed on the leg, m/s.</summary>
    public double Speed;

    /// <summary>Acceleration towards <see cref="Speed"/>, m/s² (<see cref="double.PositiveInfinity"/>: at once).</summary>
    public double Acceleration;

    /// <summary>Current speed on the leg, m/s.</summary>
    public double CurrentSpeed;

    /// <summary>Distance from A along A → B, m.</summary>
    public double Progress;

    /// <summary>The behaviour.</summary>
    public ScriptKind Kind;

    /// <summary>Approach or main leg.</summary>
    public ScriptStage Stage;

    /// <summary>+1 towards B, −1 back towards A (after a turn back).</summary>
    public int Direction;

    /// <summary>What happens at the end of the leg.</summary>
    public ScriptArrival OnArrival;
}
