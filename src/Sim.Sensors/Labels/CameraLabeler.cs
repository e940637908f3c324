using System.Numerics;
using Sim.Sensors.Camera;
using Sim.Sensors.Geometry;

namespace Sim.Sensors.Labels;

/// <summary>
/// Labels every box-shaped instance of a scene for one camera frame. Visible pixels and the tight box come from the
/// frame's instance image; the unoccluded pixel count from casting the pixels of the object's amodal box against the
/// object alone; the amodal box from projecting the box's 12 edges, clipped at the near plane, then to the image;
/// truncation is the share of that projection's area outside the image.
/// </summary>
public static class CameraLabeler
{
    private static readonly (int, int)[] Edges = [(0, 1), (1, 2), (2, 3), (3, 0), (4, 5), (5, 6), (6, 7), (7, 4), (0, 4), (1, 5), (2, 6), (3, 7)];

    /// <summary>Labels for the instances the frame's camera could see (in front of it), in instance order.</summary>
    public static IReadOnlyList<ObjectLabel> Label(PinholeCamera camera, Scene scene, CameraFrame frame)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(frame);
        int n = scene.Boxes.Count;
        var visible = new int[n];
        var left = new int[n];
        var top = new int[n];
        var right = new int[n];
        var bottom = new int[n];
        Array.Fill(left, int.MaxValue);
        Array.Fill(top, int.MaxValue);
        for (int v = 0; v < frame.Height; v++)
        {
            for (int u = 0; u < frame.Width; u++)
            {
                uint id = frame.Instance[(v * frame.Width) + u];
                if (id == 0 || id > n)
                {
                    continue;
                }

                int i = (int)id - 1;
                visible[i]++;
                left[i] = Math.Min(left[i], u);
                top[i] = Math.Min(top[i], v);
                right[i] = Math.Max(right[i], u + 1);
                bottom[i] = Math.Max(bottom[i], v + 1);
            }
        }

        (Vector3 ax, Vector3 ay, Vector3 az) = camera.Axes();
        var origin = new Vector3((float)camera.X, (float)camera.Y, (float)camera.Z);
        var labels = new List<ObjectLabel>();
        for (int i = 0; i < n; i++)
        {
            Box3 box = scene.Boxes[i];
            Box2? projected = Project(camera, box);
            if (projected is not { } full)
            {
                continue; // wholly behind the camera
            }

            var clipped = new Box2(Math.Max(0, full.Left), Math.Max(0, full.Top), Math.Min(camera.Width, full.Right), Math.Min(camera.Height, full.Bottom));
            double truncation = full.Area > 0 ? 1 - (clipped.Area / full.Area) : 1;
            Box2? amodal = clipped.Area > 0 ? clipped : null;
            int unoccluded = amodal is { } a ? Unoccluded(camera, scene, i, a) : 0;
            Vector3 d = new Vector3((float)box.X, (float)box.Y, (float)box.Z) - origin;
            Vector3 heading = new((float)Math.Cos(box.Yaw), (float)Math.Sin(box.Yaw), 0);
            double rotationY = -Math.Atan2(Vector3.Dot(heading, az), Vector3.Dot(heading, ax));
            double visibility = unoccluded == 0 ? 0 : visible[i] / (double)unoccluded;
            int occlusion = visible[i] == 0 ? 3 : visibility >= 0.95 ? 0 : visibility >= 0.5 ? 1 : 2;
            SceneInstance owner = scene.Instances[i];
            labels.Add(new ObjectLabel(
                i, owner.Id, owner.Semantic, box,
                (Vector3.Dot(d, ax), Vector3.Dot(d, ay), Vector3.Dot(d, az)), rotationY,
                visible[i] > 0 ? new Box2(left[i], top[i], right[i], bottom[i]) : null,
                amodal, visible[i], unoccluded, Math.Clamp(truncation, 0, 1), occlusion));
        }

        return labels;
    }

    /// <summary>The bounding box of the 3D box's projection (edges clipped at the near plane), unclipped to the image;
    /// null when no part is in front of the near plane.</summary>
    public static Box2? Project(PinholeCamera camera, Box3 box)
    {
        ArgumentNullException.ThrowIfNull(camera);
        Vector3[] corners = box.Corners();
        (double U, double V, double Depth)[] p = [.. corners.Select(camera.Project)];
        double minU = double.MaxValue, minV = double.MaxValue, maxU = double.MinValue, maxV = double.MinValue;
        bool any = false;

        void Add(Vector3 world)
        {
            (double u, double v, _) = camera.Project(world);
            (minU, maxU, minV, maxV) = (Math.Min(minU, u), Math.Max(maxU, u), Math.Min(minV, v), Math.Max(maxV, v));
            any = true;
        }

        foreach ((int a, int b) in Edges)
        {
            bool inA = p[a].Depth >= camera.Near, inB = p[b].Depth >= camera.Near;
            if (inA)
            {
                Add(corners[a]);
            }

            if (inA != inB)
            {
                double t = (camera.Near - p[a].Depth) / (p[b].Depth - p[a].Depth);
                Add(Vector3.Lerp(corners[a], corners[b], (float)t));
            }
        }

        return any ? new Box2(minU, minV, maxU, maxV) : null;
    }

    /// <summary>Pixels of <paramref name="area"/> whose centre ray hits instance <paramref name="instance"/> alone.</summary>
    private static int Unoccluded(PinholeCamera camera, Scene scene, int instance, Box2 area)
    {
        Vector3[] vertices = scene.TrianglesOf(instance);
        var alone = new Bvh(vertices, [.. Enumerable.Repeat(instance, vertices.Length / 3)]);
        (Vector3 right, Vector3 down, Vector3 forward) = camera.Axes();
        var origin = new Vector3((float)camera.X, (float)camera.Y, (float)camera.Z);
        int count = 0;
        for (int v = (int)Math.Floor(area.Top); v < (int)Math.Ceiling(area.Bottom); v++)
        {
            for (int u = (int)Math.Floor(area.Left); u < (int)Math.Ceiling(area.Right); u++)
            {
                Vector3 along = ((float)((u + 0.5 - camera.Cx) / camera.Fx) * right) + ((float)((v + 0.5 - camera.Cy) / camera.Fy) * down) + forward;
                float length = along.Length();
                if (alone.Intersect(new Ray(origin, along / length), (float)camera.Near * length, (float)camera.Far * length, out _))
                {
                    count++;
                }
            }
        }

        return count;
    }
}
