using System.Runtime.InteropServices;

namespace Sim.Core.Traffic;

/// <summary>An actor's class and bounding box (metres): the box is centred on the actor's pose, length along its
/// heading. Wheelbase (metres, 0 for non-vehicles) is the kinematic bicycle model's L.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct ActorBody(ActorClass Class, float Length, float Width, float Height, float Wheelbase);

/// <summary>An actor's pose and velocity in the world frame, written every step by the system that moves it, read by
/// collision checks, metrics and sensors: centre of the bounding box (m), heading (rad, CCW from +x), velocity (m/s).</summary>
public struct ActorPose
{
    /// <summary>East, m.</summary>
    public double X;

    /// <summary>North, m.</summary>
    public double Y;

    /// <summary>Heading, rad.</summary>
    public double Heading;

    /// <summary>Velocity east, m/s.</summary>
    public double Vx;

    /// <summary>Velocity north, m/s.</summary>
    public double Vy;
}

/// <summary>
/// A vehicle's motion in lane coordinates, the state IDM, MOBIL and the bicycle model integrate: the current lane,
/// s along its road (m, of the vehicle's centre), lateral offset t from the lane centre (m, left positive), heading
/// relative to the lane direction (rad), speed (m/s) and the last longitudinal acceleration (m/s²). During a lane
/// change <see cref="TargetLane"/> differs from <see cref="Lane"/>; the vehicle switches lanes when its centre
/// crosses the lane boundary.
/// </summary>
public struct LaneMotion
{
    /// <summary>Current lane id.</summary>
    public int Lane;

    /// <summary>Lane being changed to, or equal to <see cref="Lane"/>.</summary>
    public int TargetLane;

    /// <summary>s of the vehicle's centre, m.</summary>
    public double S;

    /// <summary>Lateral offset from the lane centre, m.</summary>
    public double T;

    /// <summary>Heading relative to the lane, rad.</summary>
    public double Heading;

    /// <summary>Speed, m/s.</summary>
    public double Speed;

    /// <summary>Longitudinal acceleration of the last step, m/s².</summary>
    public double Acceleration;
}

/// <summary>
/// Where a non-vehicle actor (pedestrian, animal, or a stopped obstacle) stands on a drivable lane, kept current by
/// the system that moves it so that vehicles brake for it: <see cref="Lane"/> = −1 when it is on no drivable lane.
/// </summary>
public struct LaneOccupancy
{
    /// <summary>The drivable lane it is on, or −1.</summary>
    public int Lane;

    /// <summary>Padding made explicit (components must have none).</summary>
    public int Reserved;

    /// <summary>s of its centre on that lane, m.</summary>
    public double S;
}

/// <summary>Marks a static prop (parked vehicle, tree, building, barrier): it has a <see cref="Kernel.StableId"/>, an
/// <see cref="ActorBody"/>, an <see cref="ActorPose"/> with zero velocity and a <see cref="LaneOccupancy"/>, and no
/// system moves it. Vehicles brake for one standing on their lane; collisions with it are recorded.</summary>
public struct StaticProp
{
    /// <summary>Unused; components need a field.</summary>
    public int Reserved;
}

/// <summary>Where a static prop's body reaches onto a drivable lane other than the one under its centre, an entity with
/// this, a <see cref="LaneOccupancy"/> on that lane and the prop's <see cref="ActorBody"/> (no pose: sensors and
/// collisions see the prop itself) makes vehicles on that lane stop for it too.</summary>
public struct LaneBlocker
{
    /// <summary>Unused; components need a field.</summary>
    public int Reserved;
}

/// <summary>Marks the ego vehicle, whose metrics (TTC, headway, distance, PET) are recorded.</summary>
public struct Ego
{
    /// <summary>Unused; components need a field.</summary>
    public int Reserved;
}

/// <summary>Per-crosswalk state, a managed world resource written by the pedestrian systems and read by vehicles:
/// they stop before an occupied crosswalk, and give way to pedestrians waiting at one when they can stop comfortably
/// (the zebra-crossing rule, e.g. UK Highway Code rule 195, German StVO §26).</summary>
public sealed class CrosswalkState(int crosswalks)
{
    /// <summary>Whether a pedestrian is on (or stepping onto) each crosswalk, by crosswalk id.</summary>
    public bool[] Occupied { get; } = new bool[crosswalks];

    /// <summary>Whether a pedestrian waits at the kerb to cross each crosswalk, by crosswalk id.</summary>
    public bool[] Waiting { get; } = new bool[crosswalks];
}
