using Sim.Sensors;
using Sim.Sensors.Camera;
using Sim.Sensors.Geometry;
using Sim.Sensors.Labels;
using Sim.Sensors.Lidar;

namespace Sim.Export.Frames;

/// <summary>The ego vehicle at a frame: position (m, world frame), heading (rad CCW from east) and velocity (m/s).</summary>
/// <param name="X">East, m.</param>
/// <param name="Y">North, m.</param>
/// <param name="Z">Height of the vehicle frame's origin (the ground under its box centre), m.</param>
/// <param name="Yaw">Heading, rad.</param>
/// <param name="Vx">Velocity east, m/s.</param>
/// <param name="Vy">Velocity north, m/s.</param>
public readonly record struct EgoState(double X, double Y, double Z, double Yaw, double Vx, double Vy);

/// <summary>An actor in the world at a frame, whether or not a sensor sees it: the ground truth of every pose.</summary>
/// <param name="Id">Stable id (the track id).</param>
/// <param name="Class">Semantic class.</param>
/// <param name="Box">Its 3D box in the world.</param>
/// <param name="Vx">Velocity east, m/s.</param>
/// <param name="Vy">Velocity north, m/s.</param>
public readonly record struct ActorSnapshot(ulong Id, SemanticClass Class, Box3 Box, double Vx, double Vy);

/// <summary>
/// One captured frame, everything the writers need: when it was taken, the ego and every actor, the camera (posed in the
/// world at capture) with its image and labels, and the LiDAR sweep (points in the LiDAR frame) with points per object.
/// </summary>
/// <param name="Index">Frame number in the sequence, from 0.</param>
/// <param name="Tick">Simulation tick of the capture.</param>
/// <param name="Time">Simulated time of the capture, s.</param>
/// <param name="Ego">The ego vehicle.</param>
/// <param name="Actors">Every actor in the world (ground truth), in stable-id order.</param>
/// <param name="Camera">The camera as posed in the world for this frame.</param>
/// <param name="Image">Its RGB, depth, semantic and instance buffers.</param>
/// <param name="Labels">Its object labels.</param>
/// <param name="Points">The LiDAR sweep.</param>
/// <param name="PointsPerObject">LiDAR returns per stable id.</param>
public sealed record DatasetFrame(
    int Index,
    long Tick,
    double Time,
    EgoState Ego,
    IReadOnlyList<ActorSnapshot> Actors,
    PinholeCamera Camera,
    CameraFrame Image,
    IReadOnlyList<ObjectLabel> Labels,
    LidarPoint[] Points,
    IReadOnlyDictionary<ulong, int> PointsPerObject);
