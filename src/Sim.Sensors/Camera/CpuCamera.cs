using System.Numerics;
using Sim.Sensors.Geometry;

namespace Sim.Sensors.Camera;

/// <summary>
/// The reference camera: one ray per pixel centre through the scene's <see cref="Bvh"/> and ground, writing depth
/// (the hit distance times the ray's cosine to the optical axis), instance and semantic class. Rows are independent,
/// so they run in parallel and the frame is the same on any number of threads. With a <see cref="Shading"/> it also
/// shades RGB: sun, sky, the camera vehicle's headlights, the <see cref="StreetLights.MaxLit"/> street lights nearest
/// the camera, glowing luminaires and vehicle lamps (<see cref="VehicleLamps"/>), fog; then rain and snow
/// (<see cref="Precipitation"/>) over the finished image.
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
        StreetLights streetLights = StreetLights.Of(scene);
        Vector3[] lamps = shading.HasValue ? streetLights.NearestOffsets(origin) : [];

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
                    Vector3 offset = direction * hit.Distance;
                    Vector3 street = lamps.Length > 0 ? light.StreetLighting(lamps, offset, hit.Normal) : Vector3.Zero;
                    Write(frame.Rgb, i, light.Surface(frame.Semantic[i], frame.Instance[i], hit.Normal, hit.Distance, direction, forward, street, Emission(scene, streetLights, camera, hit, offset, light)));
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

        if (shading is { } weather)
        {
            Precipitation.Apply(frame, camera, weather, lamps, threads);
        }

        return frame;
    }

    /// <summary>What a hit surface emits: a luminaire's underside, or a vehicle's lamp (at night).</summary>
    private static Vector3 Emission(Scene scene, StreetLights streetLights, PinholeCamera camera, in Hit hit, Vector3 offset, Shading light)
    {
        if (hit.Instance < 0 || !(light.Darkness > 0))
        {
            return Vector3.Zero;
        }

        if (hit.Instance == streetLights.Luminaires)
        {
            return hit.Normal.Z < -0.9f ? light.Luminaire : Vector3.Zero; // the underside, seen from below
        }

        SemanticClass cls = scene.Instances[hit.Instance].Semantic;
        if (VehicleLamps.Of(cls) is null)
        {
            return Vector3.Zero;
        }

        Box3 box = scene.Boxes[hit.Instance];
        var cameraFromCentre = new Vector3((float)(camera.X - box.X), (float)(camera.Y - box.Y), (float)(camera.Z - box.Z));
        return VehicleLamps.Emission(cls, box, cameraFromCentre + offset, hit.Normal, light.Darkness);
    }

    private static void Write(byte[] rgb, int pixel, Vector3 colour)
    {
        rgb[3 * pixel] = Shading.ToSrgb(colour.X);
        rgb[(3 * pixel) + 1] = Shading.ToSrgb(colour.Y);
        rgb[(3 * pixel) + 2] = Shading.ToSrgb(colour.Z);
    }
}
