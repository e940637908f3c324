using System.Buffers.Binary;
using System.IO.Compression;
using Sim.Tests.Infrastructure;

namespace Sim.Cli.Tests;

public sealed class RenderCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-render-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Render_writes_five_preview_pngs_that_a_png_reader_decodes_to_their_stated_size()
    {
        CliResult r = CliRun.Sim("render", RepositoryRoot.Combine("scenarios", "cut-in-short-gap.yaml"), "--time", "2", "--out", _dir);

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        string[] lines = r.Stdout.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("renderer: ", lines[0], StringComparison.Ordinal);
        // The LiDAR casts as sim run's does: on the CPU with the cpu backend or a software GL renderer, else in GL.
        Assert.StartsWith("lidar: ", lines[1], StringComparison.Ordinal);
        if (lines[0].StartsWith("renderer: cpu: ", StringComparison.Ordinal) || lines[0].Contains("llvmpipe", StringComparison.Ordinal))
        {
            Assert.StartsWith("lidar: cpu: ", lines[1], StringComparison.Ordinal);
        }
        string[] written = lines[2..];
        Assert.Equal(["rgb", "depth", "semantic", "instance", "lidar_bev"], written.Select(p => Path.GetFileName(p).Split('.')[^2]));
        foreach (string path in written)
        {
            (int width, int height, byte[] pixels) = Decode(File.ReadAllBytes(path));
            Assert.Equal(height * ((width * 3) + 1), pixels.Length); // a filter byte and RGB per row
            Assert.Contains(pixels, b => b != 0); // not blank
        }

        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void The_cpu_backend_names_itself_and_require_gpu_with_it_is_a_usage_error()
    {
        string file = RepositoryRoot.Combine("scenarios", "cut-in-short-gap.yaml");
        CliResult cpu = CliRun.Sim("render", file, "--backend", "cpu", "--out", _dir);
        Assert.Equal(ExitCodes.Success, cpu.ExitCode);
        Assert.StartsWith("renderer: cpu: ", cpu.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{Environment.NewLine}lidar: cpu: ", cpu.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, CliRun.Sim("render", file, "--backend", "cpu", "--require-gpu", "--out", _dir).ExitCode);
        Assert.Equal(ExitCodes.Usage, CliRun.Sim("render", file, "--backend", "vulkan", "--out", _dir).ExitCode);
    }

    [Fact]
    public void Render_refuses_a_time_past_the_end_and_a_file_with_errors_with_exit_2_and_writes_nothing()
    {
        Assert.Equal(ExitCodes.Usage, CliRun.Sim("render", RepositoryRoot.Combine("scenarios", "cut-in-short-gap.yaml"), "--time", "99", "--out", _dir).ExitCode);
        string bad = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(bad, "meta:\n  name: x\n");
        CliResult r = CliRun.Sim("render", bad, "--out", Path.Combine(_dir, "out"));
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.StartsWith($"{bad}:", r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }

    /// <summary>An independent PNG reader for 8-bit RGB: checks the signature and every chunk's CRC, inflates IDAT.</summary>
    private static (int Width, int Height, byte[] Raw) Decode(byte[] png)
    {
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, png[..8]);
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        for (int at = 8; at < png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(png.AsSpan(at + 4, 4 + length)), crc);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at + 8));
                height = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at + 12));
                Assert.Equal((8, 2), (png[at + 16], png[at + 17]));
            }
            else if (type == "IDAT")
            {
                idat.Write(png, at + 8, length);
            }

            at += 12 + length;
        }

        idat.Position = 0;
        using var inflate = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflate.CopyTo(raw);
        return (width, height, raw.ToArray());
    }
}
