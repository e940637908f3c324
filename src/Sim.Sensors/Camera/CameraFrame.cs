namespace Sim.Sensors.Camera;

/// <summary>
/// One camera frame's geometric outputs, row-major from the top-left pixel: depth (metres along the optical axis to the
/// surface, +∞ where nothing is hit), instance (1 + the scene instance index, 0 for the ground and for nothing — map to
/// stable ids with the scene), semantic class and sRGB colour per pixel.
/// </summary>
public sealed class CameraFrame
{
    /// <summary>An empty frame of the camera's size.</summary>
    public CameraFrame(int width, int height)
    {
        Width = width;
        Height = height;
        Depth = new float[width * height];
        Instance = new uint[width * height];
        Semantic = new SemanticClass[width * height];
        Rgb = new byte[width * height * 3];
        Array.Fill(Depth, float.PositiveInfinity);
    }

    /// <summary>Colour per pixel, 8-bit sRGB, 3 bytes a pixel (<see cref="Shading"/>); black until a backend shades it.</summary>
    public byte[] Rgb { get; }

    /// <summary>Width, px.</summary>
    public int Width { get; }

    /// <summary>Height, px.</summary>
    public int Height { get; }

    /// <summary>Depth per pixel, m along the optical axis (+∞: no hit).</summary>
    public float[] Depth { get; }

    /// <summary>1 + scene instance index per pixel (0: ground or nothing).</summary>
    public uint[] Instance { get; }

    /// <summary>Semantic class per pixel.</summary>
    public SemanticClass[] Semantic { get; }
}
