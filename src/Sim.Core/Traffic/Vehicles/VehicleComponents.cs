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

/// <summary>Route state, two lanes ahead so that a vehicle knows which junction movement it will make before it
/// reaches the stop line: the lane it takes at the end of its current one, and the one after (−1: none, it leaves
/// the network).</summary>
public struct VehicleNav
{
    /// <summary>The successor of the current lane the vehicle will take, or −1.</summary>
    public int NextLane;

    /// <summary>The successor of <see cref="NextLane"/> it will take, or −1.</summary>
    public int AfterNextLane;

    /// <summary>Chooses both from <paramref name="lane"/>: each uniformly among the successors the vehicle can steer
    /// through (lane curvature at most <paramref name="maxCurvature"/>, 1/m), with the counter-based RNG keyed by the
    /// vehicle's stable id and the tick (streams <see cref="VehicleSystem.RouteStream"/> and +1).</summary>
    public static VehicleNav From(Roads.RoadNetwork network, int lane, ulong seed, ulong stableId, long tick, double maxCurvature)
    {
        ArgumentNullException.ThrowIfNull(network);
        int next = VehicleStep.ChooseSuccessor(network, network.Lanes[lane], seed, stableId, tick, VehicleSystem.RouteStream, maxCurvature);
        int after = next < 0 ? -1 : VehicleStep.ChooseSuccessor(network, network.Lanes[next], seed, stableId, tick, VehicleSystem.RouteStream + 1, maxCurvature);
        return new VehicleNav { NextLane = next, AfterNextLane = after };
    }
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

    /// <summary>Lateral offset from the lane centre the vehicle keeps while it is not changing lanes, m (left
    /// positive): 0 normally; half a lane width for a motorcycle filtering along the lane line.</summary>
    public double LaneOffset;
}
