using System.Numerics;

namespace Sim.Sensors.Geometry;

/// <summary>A ray in the world frame (m): origin and unit direction.</summary>
/// <param name="Origin">Where it starts.</param>
/// <param name="Direction">Unit direction.</param>
public readonly record struct Ray(Vector3 Origin, Vector3 Direction);

/// <summary>The closest hit of a ray: distance along it (m), the triangle's unit normal (facing the ray), and what was
/// hit (index into the scene's instances, −1 for the ground plane).</summary>
/// <param name="Distance">Metres along the ray.</param>
/// <param name="Normal">Unit surface normal, facing back along the ray.</param>
/// <param name="Instance">Scene instance index, or −1 for the ground.</param>
public readonly record struct Hit(float Distance, Vector3 Normal, int Instance);
