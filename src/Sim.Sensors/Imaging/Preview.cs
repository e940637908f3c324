using Sim.Sensors.Camera;
using Sim.Sensors.Lidar;

namespace Sim.Sensors.Imaging;

/// <summary>Preview images of one frame, for people rather than training: depth, semantic and instance images of a
/// camera frame in the documented palette, and a LiDAR bird's-eye view.</summary>
public static class Preview
{
    /// <summary>Writes <c>NAME.rgb.png</c>, <c>NAME.depth.png</c>, <c>NAME.semantic.png</c> and <c>NAME.instance.png</c>
    /// into <paramref name="directory"/>.</summary>
    public static IReadOnlyList<string> WriteCamera(string directory, string name, CameraFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        int n = frame.Width * frame.Height;
        var depth = new byte[n * 3];
        var semantic = new byte[n * 3];
        var instance = new byte[n * 3];
        for (int i = 0; i < n; i++)
        {
            (depth[3 * i], depth[(3 * i) + 1], depth[(3 * i) + 2]) = Palette.Depth(frame.Depth[i]);
            (semantic[3 * i], semantic[(3 * i) + 1], semantic[(3 * i) + 2]) = Palette.Of(frame.Semantic[i]);
            (instance[3 * i], instance[(3 * i) + 1], instance[(3 * i) + 2]) = Palette.Instance(frame.Instance[i]);
        }

        string[] paths = [Path.Combine(directory, $"{name}.rgb.png"), Path.Combine(directory, $"{name}.depth.png"), Path.Combine(directory, $"{name}.semantic.png"), Path.Combine(directory, $"{name}.instance.png")];
        Png.WriteRgb(paths[0], frame.Width, frame.Height, frame.Rgb);
        Png.WriteRgb(paths[1], frame.Width, frame.Height, depth);
        Png.WriteRgb(paths[2], frame.Width, frame.Height, semantic);
        Png.WriteRgb(paths[3], frame.Width, frame.Height, instance);
        return paths;
    }

    /// <summary>Writes a top-down view of <paramref name="points"/> (sensor frame, forward up the image) covering ±
    /// <paramref name="halfSize"/> m, coloured by class (road and terrain in greys by intensity), as
    /// <c>NAME.lidar_bev.png</c>.</summary>
    public static string WriteLidarBev(string directory, string name, IReadOnlyList<LidarPoint> points, double halfSize = 60, int pixels = 800)
    {
        ArgumentNullException.ThrowIfNull(points);
        var rgb = new byte[pixels * pixels * 3];
        double scale = pixels / (2 * halfSize);
        foreach (LidarPoint p in points)
        {
            int col = (int)((halfSize - p.Y) * scale), row = (int)((halfSize - p.X) * scale);
            if ((uint)col >= (uint)pixels || (uint)row >= (uint)pixels)
            {
                continue;
            }

            (byte r, byte g, byte b) = Palette.Of(p.Class);
            if (p.Class is SemanticClass.Road or SemanticClass.Terrain)
            {
                // The ground in grey (terrain darker), brighter with intensity: road and verge read apart.
                byte grey = (byte)Math.Min(255, (p.Class == SemanticClass.Road ? 110 : 55) + (p.Intensity * 2000));
                (r, g, b) = (grey, grey, grey);
            }
            else
            {
                (r, g, b) = ((byte)Math.Min(255, r + 60), (byte)Math.Min(255, g + 60), (byte)Math.Min(255, b + 60));
            }

            int i = ((row * pixels) + col) * 3;
            (rgb[i], rgb[i + 1], rgb[i + 2]) = (r, g, b);
        }

        string path = Path.Combine(directory, $"{name}.lidar_bev.png");
        Png.WriteRgb(path, pixels, pixels, rgb);
        return path;
    }
}
