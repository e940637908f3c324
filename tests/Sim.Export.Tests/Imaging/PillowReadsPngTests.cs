using System.Globalization;
using Sim.Sensors.Imaging;
using Sim.Tests.Infrastructure;

namespace Sim.Export.Tests.Imaging;

/// <summary>Our PNGs as a real reader sees them: Debian's Pillow (python3-pil), through NumPy as KITTI's devkits read
/// images. Skipped where those are missing.</summary>
public sealed class PillowReadsPngTests : IDisposable
{
    // Prints mode, width, height, then every sample, as KITTI's depth devkit reads a PNG: np.array(Image.open(f), dtype=int).
    private const string Script = """
        import sys
        import numpy as np
        from PIL import Image
        im = Image.open(sys.argv[1])
        a = np.array(im, dtype=int)
        print(im.mode, im.size[0], im.size[1])
        print(" ".join(str(v) for v in a.reshape(-1)))
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("sim-png-pillow-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [PythonFact]
    public void Pillow_reads_an_RGB_PNG_from_the_writer_pixel_for_pixel()
    {
        const int W = 13, H = 7;
        byte[] rgb = [.. Enumerable.Range(0, W * H * 3).Select(i => (byte)(i * 11))];
        string path = Path.Combine(_dir, "rgb.png");
        Png.WriteRgb(path, W, H, rgb);
        string[] lines = Python.Run(Script, path).Split('\n');
        Assert.Equal($"RGB {W} {H}", lines[0]);
        Assert.Equal(rgb.Select(b => (int)b), Values(lines[1]));
    }

    [PythonFact]
    public void Pillow_reads_a_16_bit_grey_PNG_from_the_writer_as_the_same_integers()
    {
        const int W = 6, H = 4;
        ushort[] samples = [.. Enumerable.Range(0, W * H).Select(i => (ushort)((i * 2749) + (i == 5 ? 65535 - (5 * 2749) : 0)))];
        string path = Path.Combine(_dir, "grey16.png");
        Png.WriteGray16(path, W, H, samples);
        string[] lines = Python.Run(Script, path).Split('\n');
        Assert.Equal($"I {W} {H}", lines[0]); // Pillow opens 16-bit grey as 32-bit integers
        Assert.Equal(samples.Select(s => (int)s), Values(lines[1]));
        Assert.Contains(65535, Values(lines[1]));
    }

    private static int[] Values(string line) => [.. line.Split(' ').Select(v => int.Parse(v, CultureInfo.InvariantCulture))];
}
