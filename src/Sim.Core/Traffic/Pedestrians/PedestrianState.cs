namespace Sim.Core.Traffic.Pedestrians;

/// <summary>
/// A pedestrian's walking state and personal parameters: the sidewalk lane it walks on, where (s, t), which way,
/// how fast it wants to walk, how likely it crosses at a crosswalk it meets, and its current
/// <see cref="PedestrianActivity"/>. Lane, s and t are meaningful while <see cref="Activity"/> is
/// <see cref="PedestrianActivity.Walking"/> or <see cref="PedestrianActivity.WaitingToCross"/>.
/// </summary>
public struct PedestrianState
{
    /// <summary>s along <see cref="Lane"/> (the road's s), m.</summary>
    public double S;

    /// <summary>Lateral offset from the sidewalk lane's centre, m (left of the lane's +s direction positive).</summary>
    public double T;

    /// <summary>Desired (free) walking speed, m/s; drawn per pedestrian at spawn.</summary>
    public double DesiredSpeed;

    /// <summary>Probability, in [0, 1], of crossing at each crosswalk the pedestrian walks up to.</summary>
    public double CrossingProbability;

    /// <summary>HCM's pedestrian start-up and end clearance time t_s, s: the margin added to the time needed to
    /// clear a lane before a vehicle's arrival (see <see cref="GapAcceptance"/>).</summary>
    public double StartUpAndClearance;

    /// <summary>Time spent waiting at the kerb for the current crossing, s.</summary>
    public double WaitedTime;

    /// <summary>The sidewalk lane id.</summary>
    public int Lane;

    /// <summary>+1 to walk along +s, −1 along −s.</summary>
    public int Direction;

    /// <summary>What the pedestrian is doing.</summary>
    public PedestrianActivity Activity;

    /// <summary>The crosswalk ahead that the pedestrian has decided to cross, or −1.</summary>
    public int PendingCrosswalk;

    /// <summary>The crosswalk ahead that the pedestrian has decided not to cross (or just crossed), or −1.</summary>
    public int PassedCrosswalk;

    /// <summary>Padding made explicit (components must have none).</summary>
    public int Reserved;
}
