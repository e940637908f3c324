using Sim.Sensors.Imaging;

namespace Sim.Export.Kitti;

/// <summary>
/// Depth maps in the convention of KITTI's depth benchmark: a 16-bit greyscale PNG of the camera's size whose value
/// is the depth along the optical axis times 256, rounded to the nearest integer (halves away from zero), and 0 where
/// there is no depth. Depth 1 is 256; the largest, 65535, is 255.996 m.
/// </summary>
/// <remarks>
/// No data (0) is written for: no hit (+∞, the sky), NaN, depth ≤ 0, and depth that would round above 65535 (farther
/// than 65535.5 / 256 ≈ 255.998 m) — a far surface is better unknown than written as a false 256 m. A positive depth
/// under 1/512 m, which would round to 0 and so read as "no data", is written as 1 (1/256 m); Sim's cameras see
/// nothing that near (their near plane is 0.1 m), so this only keeps the encoding honest.
/// </remarks>
public static class KittiDepth
{
    /// <summary>Values per metre.</summary>
    public const double Scale = 256;

    /// <summary>The file name of frame <paramref name="frame"/>: six digits, <c>000042.png</c>.</summary>
    public static string FileName(int frame) => $"{frame:D6}.png";

    /// <summary>One depth (m) as its 16-bit value (see the remarks for the values that become 0).</summary>
    public static ushort Encode(float depth)
    {
        if (!(depth > 0) || float.IsPositiveInfinity(depth))
        {
            return 0; // NaN, ≤ 0 or no hit
        }

        double value = Math.Round(depth * Scale, MidpointRounding.AwayFromZero);
        return value > ushort.MaxValue ? (ushort)0 : value < 1 ? (ushort)1 : (ushort)value;
    }

    /// <summary>A depth image (m, row-major; +∞ where nothing was hit, as <c>CameraFrame.Depth</c> holds it) as 16-bit
    /// values.</summary>
    public static ushort[] Encode(ReadOnlySpan<float> depth)
    {
        var values = new ushort[depth.Length];
        Encode(depth, values);
        return values;
    }

    /// <summary>
    /// <see cref="Encode(float)"/> for every value, in single precision: depth × 256 is exact in a float (a power of two),
    /// and below 65535.5 adding one half is exact too, so ⌊v + ½⌋ rounds halves away from zero exactly as the double
    /// computation does, several times faster.
    /// </summary>
    private static void Encode(ReadOnlySpan<float> depth, Span<ushort> values)
    {
        for (int i = 0; i < depth.Length; i++)
        {
            float d = depth[i];
            float v = d * (float)Scale;
            values[i] = d > 0 && v < 65535.5f ? (ushort)Math.Max(1f, MathF.Floor(v + 0.5f)) : (ushort)0;
        }
    }

    /// <summary>A 16-bit value as depth, m: value / 256, and NaN for 0 (no data).</summary>
    public static float Decode(ushort value) => value == 0 ? float.NaN : (float)(value / Scale);

    /// <summary>Writes a depth image as a KITTI depth PNG at <paramref name="path"/> (atomically, through
    /// <see cref="Png.WriteGray16"/>).</summary>
    /// <exception cref="ArgumentException">The buffer does not hold width × height values.</exception>
    public static void Write(string path, int width, int height, ReadOnlySpan<float> depth) => Png.WriteGray16(path, width, height, Encode(depth));

    /// <summary>Encodes a depth image as a KITTI depth PNG file's bytes, appended to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The buffer does not hold width × height values.</exception>
    public static void Encode(Stream destination, int width, int height, ReadOnlySpan<float> depth)
    {
        ushort[] values = System.Buffers.ArrayPool<ushort>.Shared.Rent(depth.Length);
        try
        {
            Encode(depth, values.AsSpan(0, depth.Length));

            Png.EncodeGray16(destination, width, height, values.AsSpan(0, depth.Length));
        }
        finally
        {
            System.Buffers.ArrayPool<ushort>.Shared.Return(values);
        }
    }
}
