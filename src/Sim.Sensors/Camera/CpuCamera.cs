using System.Numerics;
using Sim.Sensors.Geometry;

namespace Sim.Sensors.Camera;

/// <summary>
/// The reference camera: one ray per pixel centre through the scene's <see cref="Bvh"/> and ground, writing depth
/// (the hit distance times the ray's cosine to the optical axis), instance and semantic class. Rows are independent,
/// so they run in parallel and the frame is the same on any number of threads.
/// </summary>
public static class CpuCamera
{
    /// <summary>Renders depth, instance, semantic and (when <paramref name="shading"/> is given) RGB images of
    /// <paramref name="scene"/>.</summary>
    public static CameraFrame Render(PinholeCamera camera, Scene scene, int threads = 1, Shading? shading = null)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(scene);
        camera.Validate();
        _ = scene.Bvh;
        var frame = new CameraFrame(camera.Width, camera.Height);
        (Vector3 right, Vector3 down, Vector3 forward) = camera.Axes();
        var origin = new Vector3((float)camera.X, (float)camera.Y, (float)camera.Z);

        void Row(int v)
        {
            float yc = (float)((v + 0.5 - camera.Cy) / camera.Fy);
            for (int u = 0; u < camera.Width; u++)
            {
                float xc = (float)((u + 0.5 - camera.Cx) / camera.Fx);
                Vector3 along = (xc * right) + (yc * down) + forward; // depth 1 along the axis
                float length = along.Length();
                Vector3 direction = along / length;
                int i = (v * camera.Width) + u;
                if (!scene.Intersect(new Ray(origin, direction), (float)camera.Near * length, (float)camera.Far * length, out Hit hit))
                {
                    if (shading is { } sky)
                    {
                        Write(frame.Rgb, i, sky.Sky(direction.Z));
                    }

                    continue;
                }

                frame.Depth[i] = hit.Distance / length;
                if (hit.Instance < 0)
                {
                    frame.Semantic[i] = scene.GroundClass;
                }
                else
                {
                    SceneInstance owner = scene.Instances[hit.Instance];
                    frame.Instance[i] = owner.IsStuff ? 0 : (uint)hit.Instance + 1;
                    frame.Semantic[i] = owner.Semantic;
                }

                if (shading is { } light)
                {
                    Write(frame.Rgb, i, light.Surface(frame.Semantic[i], frame.Instance[i], hit.Normal, hit.Distance, direction, forward));
                }
            }
        }

        if (threads <= 1)
        {
            for (int v = 0; v < camera.Height; v++)
            {
                Row(v);
            }
        }
        else
        {
            Parallel.For(0, camera.Height, new ParallelOptions { MaxDegreeOfParallelism = threads }, Row);
        }

        return frame;
    }

    private static void Write(byte[] rgb, int pixel, Vector3 colour)
    {
        rgb[3 * pixel] = Shading.ToSrgb(colour.X);
        rgb[(3 * pixel) + 1] = Shading.ToSrgb(colour.Y);
        rgb[(3 * pixel) + 2] = Shading.ToSrgb(colour.Z);
    }
}
