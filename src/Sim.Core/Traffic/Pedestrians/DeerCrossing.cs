namespace Sim.Core.Traffic.Pedestrians;

/// <summary>Where a crossing animal is in its crossing. Stable numeric values.</summary>
public enum DeerPhase
{
    /// <summary>Standing on the verge until <see cref="DeerCrossing.StartTime"/>.</summary>
    Waiting = 0,

    /// <summary>Moving from the start verge to the far verge.</summary>
    Crossing = 1,

    /// <summary>Frozen on its path until <see cref="DeerCrossing.ResumeTime"/>.</summary>
    Hesitating = 2,

    /// <summary>Past the far verge, moving away; removed after <see cref="DeerCrossing.LeaveDistance"/>.</summary>
    Leaving = 3,
}

/// <summary>
/// An animal (deer) crossing the road on a straight path from one verge point to another (world frame, m), with
/// its scripted start time, cruise speed and hesitation parameters. Advanced by <see cref="DeerCrossingSystem"/>.
/// </summary>
public struct DeerCrossing
{
    /// <summary>Simulation time at which it leaves the verge, s.</summary>
    public double StartTime;

    /// <summary>Start point (on the verge), east, m.</summary>
    public double FromX;

    /// <summary>Start point, north, m.</summary>
    public double FromY;

    /// <summary>Far verge point, east, m.</summary>
    public double ToX;

    /// <summary>Far verge point, north, m.</summary>
    public double ToY;

    /// <summary>Cruise speed, m/s.</summary>
    public double CruiseSpeed;

    /// <summary>Current speed, m/s.</summary>
    public double CurrentSpeed;

    /// <summary>Distance travelled from the start point along its path, m.</summary>
    public double Progress;

    /// <summary>While hesitating: the time it moves on again, s.</summary>
    public double ResumeTime;

    /// <summary>Acceleration from a standstill to the cruise speed, m/s².</summary>
    public double Acceleration;

    /// <summary>Rate of hesitation events while crossing, 1/s (a Poisson process).</summary>
    public double HesitationRate;

    /// <summary>Shortest hesitation, s.</summary>
    public double MinHesitation;

    /// <summary>Longest hesitation, s.</summary>
    public double MaxHesitation;

    /// <summary>How far past the far verge point it goes before it leaves the world, m.</summary>
    public double LeaveDistance;

    /// <summary>The phase.</summary>
    public DeerPhase Phase;

    /// <summary>Padding made explicit (components must have none).</summary>
    public int Reserved;
}
