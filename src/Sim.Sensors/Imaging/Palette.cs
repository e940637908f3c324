namespace Sim.Sensors.Imaging;

/// <summary>
/// The documented colours of the semantic classes in preview images (Cityscapes' colours where a class matches:
/// road 128,64,128; car 0,0,142; truck 0,0,70; bus 0,60,100; motorcycle 0,0,230; bicycle 119,11,32; person 220,20,60;
/// vegetation 107,142,35; building 70,70,70; barrier/fence 190,153,153; sidewalk 244,35,232; terrain 152,251,152),
/// white for lane markings, black for unlabelled.
/// </summary>
public static class Palette
{
    /// <summary>The colour of a class.</summary>
    public static (byte R, byte G, byte B) Of(SemanticClass cls) => cls switch
    {
        SemanticClass.Road => (128, 64, 128),
        SemanticClass.Car => (0, 0, 142),
        SemanticClass.Van => (0, 80, 160),
        SemanticClass.Truck => (0, 0, 70),
        SemanticClass.Bus => (0, 60, 100),
        SemanticClass.Motorcycle => (0, 0, 230),
        SemanticClass.Bicycle => (119, 11, 32),
        SemanticClass.Pedestrian => (220, 20, 60),
        SemanticClass.Deer => (170, 110, 40),
        SemanticClass.Tree => (107, 142, 35),
        SemanticClass.Building => (70, 70, 70),
        SemanticClass.Barrier => (190, 153, 153),
        SemanticClass.Weather => (220, 220, 220),
        SemanticClass.Sidewalk => (244, 35, 232),
        SemanticClass.LaneMarking => (255, 255, 255),
        SemanticClass.Terrain => (152, 251, 152),
        _ => (0, 0, 0),
    };

    /// <summary>A distinct colour per instance number (golden-ratio hues), black for 0.</summary>
    public static (byte R, byte G, byte B) Instance(uint id)
    {
        if (id == 0)
        {
            return (0, 0, 0);
        }

        double h = (id * 0.618033988749895) % 1.0;
        return Hsv(h, 0.65, 0.95);
    }

    /// <summary>Depth as grey, near bright, logarithmic from 1 m to <paramref name="far"/> m; black where nothing was hit.</summary>
    public static (byte R, byte G, byte B) Depth(float metres, double far = 200)
    {
        if (!float.IsFinite(metres))
        {
            return (0, 0, 0);
        }

        byte g = (byte)Math.Clamp(255 * (1 - (Math.Log(Math.Max(1, metres)) / Math.Log(far))), 16, 255);
        return (g, g, g);
    }

    private static (byte, byte, byte) Hsv(double h, double s, double v)
    {
        double c = v * s, x = c * (1 - Math.Abs((h * 6 % 2) - 1)), m = v - c;
        (double r, double g, double b) = (int)(h * 6) switch
        {
            0 => (c, x, 0.0),
            1 => (x, c, 0.0),
            2 => (0.0, c, x),
            3 => (0.0, x, c),
            4 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        return ((byte)((r + m) * 255), (byte)((g + m) * 255), (byte)((b + m) * 255));
    }
}
