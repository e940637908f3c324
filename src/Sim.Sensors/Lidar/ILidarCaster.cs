using Sim.Sensors.Geometry;

namespace Sim.Sensors.Lidar;

/// <summary>
/// The casting half of a LiDAR sweep: finds, for every ray of a <see cref="LidarRays"/>, the closest hit in a
/// <see cref="Scene"/> (its instances' triangles and the ground plane z = 0). <see cref="LidarScanner"/> does the rest
/// (noise, dropout, weather, intensity) the same way whichever caster found the hits, so two casters that agree on the
/// hits give the same points. Implementations: <see cref="CpuLidarCaster"/> (the reference) and
/// <see cref="Gl.GlLidar"/> (an OpenGL compute shader traversing the same hierarchy).
/// </summary>
public interface ILidarCaster
{
    /// <summary>What casts the rays, for logs and manifests: "cpu: …" or "gl: " and the GL_RENDERER string.</summary>
    string Renderer { get; }

    /// <summary>Fills <paramref name="hits"/>[slot] for every ray slot (column × rings + ring) of
    /// <paramref name="rays"/>: the closest hit at a distance in (<paramref name="near"/>, <paramref name="far"/>) m,
    /// the ground plane intersected first and bounding the search as <see cref="Scene.Intersect"/> does, or
    /// <see cref="LidarHit.Miss"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="hits"/> is shorter than the sweep.</exception>
    void Cast(Scene scene, LidarRays rays, float near, float far, Memory<LidarHit> hits);
}
