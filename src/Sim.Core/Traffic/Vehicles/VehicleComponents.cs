namespace Sim.Core.Traffic.Vehicles;

/// <summary>
/// Lateral dynamics of a vehicle as a kinematic bicycle model: the path curvature κ = tan(δ)/L is limited to
/// <see cref="MaxCurvature"/> (the steering lock) and changes at most <see cref="MaxCurvatureRate"/> per second (the
/// steering rate), so lane changes are smooth, curvature-limited paths. <see cref="Curvature"/> is the state.
/// </summary>
public struct VehicleDynamics
{
    /// <summary>Current path curvature, 1/m (positive: turning left).</summary>
    public double Curvature;

    /// <summary>|κ| ≤ this, 1/m: tan(max steering angle) / wheelbase.</summary>
    public double MaxCurvature;

    /// <summary>|dκ/dt| ≤ this, 1/(m·s).</summary>
    public double MaxCurvatureRate;

    /// <summary>Lateral aggressiveness of lane changes: lookahead time of the lateral controller, s (shorter = sharper).</summary>
    public double LookaheadTime;

    /// <summary>Dynamics from a body: steering lock 35° over the wheelbase, steering rate such that full lock takes 1 s,
    /// a 1.5 s lookahead.</summary>
    public static VehicleDynamics For(ActorBody body)
    {
        double wheelbase = Math.Max(body.Wheelbase, 0.5);
        double max = Math.Tan(35 * Math.PI / 180) / wheelbase;
        return new VehicleDynamics { MaxCurvature = max, MaxCurvatureRate = max, LookaheadTime = 1.5 };
    }
}

/// <summary>Route state: the lane the vehicle takes at the end of its current one (−1: none, it leaves the network).</summary>
public struct VehicleNav
{
    /// <summary>Successor lane chosen on entering the current lane, or −1.</summary>
    public int NextLane;

    /// <summary>Unused; components must have no padding.</summary>
    public int Reserved;
}

/// <summary>
/// What scenario actions impose on a vehicle, on top of IDM and MOBIL: a target-speed override, hard braking, a
/// forced lane change (cut-in) and a hold on lane changes. Zero means "nothing imposed".
/// </summary>
public struct VehicleControl
{
    /// <summary>Desired speed override, m/s, used when <see cref="HasTargetSpeed"/> is 1.</summary>
    public double TargetSpeed;

    /// <summary>Braking at this deceleration (m/s², positive) while &gt; 0, regardless of IDM, until stopped.</summary>
    public double ForcedDeceleration;

    /// <summary>1 when <see cref="TargetSpeed"/> applies.</summary>
    public int HasTargetSpeed;

    /// <summary>1 while a forced lane change (cut-in) is under way: MOBIL's incentive and safety checks are skipped.</summary>
    public int Forced;

    /// <summary>1 to suppress MOBIL's own lane changes (scripted vehicles).</summary>
    public int NoLaneChanges;

    /// <summary>Unused; components must have no padding.</summary>
    public int Reserved;
}
