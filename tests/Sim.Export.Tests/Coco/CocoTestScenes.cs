using Sim.Core.Traffic;
using Sim.Sensors;
using Sim.Sensors.Camera;
using Sim.Sensors.Geometry;
using Sim.Sensors.Labels;

namespace Sim.Export.Tests.Coco;

/// <summary>A fresh folder under the system's temporary folder, deleted with everything in it on dispose.</summary>
internal sealed class ScratchFolder : IDisposable
{
    public ScratchFolder() => Path = Directory.CreateTempSubdirectory("sim-coco-").FullName;

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>One object painted into a synthetic instance image: its class, stable id and pixel rectangle
/// [Left, Right) × [Top, Bottom).</summary>
internal sealed record PaintedObject(SemanticClass Class, ulong Id, int Left, int Top, int Right, int Bottom);

/// <summary>Camera frames and their labels for the COCO tests.</summary>
internal static class CocoTestScenes
{
    /// <summary>A frame whose instance image holds the objects' rectangles (later ones in front), with labels computed
    /// from it as <see cref="CameraLabeler"/> does: visible pixels and tight box from the image, the whole rectangle as
    /// the unoccluded area and amodal box, and made-up but distinct 3D boxes.</summary>
    public static (CameraFrame Frame, ObjectLabel[] Labels) Paint(int width, int height, params PaintedObject[] objects)
    {
        var frame = new CameraFrame(width, height);
        for (int i = 0; i < objects.Length; i++)
        {
            PaintedObject o = objects[i];
            for (int v = o.Top; v < o.Bottom; v++)
            {
                for (int u = o.Left; u < o.Right; u++)
                {
                    frame.Instance[(v * width) + u] = (uint)i + 1;
                }
            }
        }

        return (frame, [.. objects.Select((o, i) => LabelFromImage(frame, i, o))]);
    }

    /// <summary>Three objects on a 40 × 24 image: a car, a pedestrian partly behind a van, and the van.</summary>
    public static (CameraFrame Frame, ObjectLabel[] Labels) Street(int shift = 0) => Paint(
        40, 24,
        new PaintedObject(SemanticClass.Car, 0xFEDCBA9876543210, 2 + shift, 10, 14 + shift, 18),
        new PaintedObject(SemanticClass.Pedestrian, 42, 20, 4, 24, 20),
        new PaintedObject(SemanticClass.Van, 7, 22, 8, 38, 22));

    /// <summary>A frame rendered by the CPU camera and labelled by <see cref="CameraLabeler"/>: a car, a pedestrian
    /// partly hidden behind it, a truck cut by the image's left edge and a deer far away.</summary>
    public static (CameraFrame Frame, IReadOnlyList<ObjectLabel> Labels) Rendered()
    {
        var scene = new Scene();
        scene.AddBox(new SceneInstance(ActorClass.Car, 0xA1B2C3D4E5F60718, 0.5f), 14, 0.5, 0.4, 4.5, 1.8, 1.5);
        scene.AddBox(new SceneInstance(ActorClass.Pedestrian, 11, 0.5f), 20, 1.5, 0, 0.5, 0.6, 1.8);
        scene.AddBox(new SceneInstance(ActorClass.Truck, 12, 0.5f), 9, 6.5, 0, 8, 2.5, 3.2);
        scene.AddBox(new SceneInstance(ActorClass.Deer, 13, 0.5f), 45, -4, 1.2, 1.6, 0.5, 1.2);
        PinholeCamera camera = PinholeCamera.WithFov(160, 90, 90, 0, 0, 1.6, 0);
        CameraFrame frame = CpuCamera.Render(camera, scene, threads: 1);
        return (frame, CameraLabeler.Label(camera, scene, frame));
    }

    /// <summary>The row-major mask of the pixels of <paramref name="frame"/>'s instance image equal to
    /// <paramref name="value"/>.</summary>
    public static bool[] MaskOf(CameraFrame frame, uint value) => [.. frame.Instance.Select(id => id == value)];

    /// <summary>The box [x, y, w, h] around a row-major mask's set pixels, by brute force (all zero when empty).</summary>
    public static (double X, double Y, double W, double H) Extent(bool[] mask, int width)
    {
        int left = int.MaxValue, top = int.MaxValue, right = -1, bottom = -1;
        for (int i = 0; i < mask.Length; i++)
        {
            if (mask[i])
            {
                (int u, int v) = (i % width, i / width);
                (left, top, right, bottom) = (Math.Min(left, u), Math.Min(top, v), Math.Max(right, u), Math.Max(bottom, v));
            }
        }

        return right < 0 ? (0, 0, 0, 0) : (left, top, right - left + 1, bottom - top + 1);
    }

    private static ObjectLabel LabelFromImage(CameraFrame frame, int instance, PaintedObject o)
    {
        bool[] mask = MaskOf(frame, (uint)instance + 1);
        int visible = mask.Count(m => m);
        (double x, double y, double w, double h) = Extent(mask, frame.Width);
        int unoccluded = (o.Right - o.Left) * (o.Bottom - o.Top);
        double visibility = visible / (double)unoccluded;
        var world = new Box3(10 + instance, -2 + (0.5 * instance), 0.8, 0.25 * instance, 4.4, 1.8, 1.6);
        return new ObjectLabel(
            instance, o.Id, o.Class, world,
            (-1.5 + instance, 0.75, 12.5 + (2 * instance)), (0.1 * instance) - 1,
            visible > 0 ? new Box2(x, y, x + w, y + h) : null,
            new Box2(o.Left, o.Top, o.Right, o.Bottom),
            visible, unoccluded, 0,
            visible == 0 ? 3 : visibility >= 0.95 ? 0 : visibility >= 0.5 ? 1 : 2);
    }
}
