using System.Diagnostics;
using Sim.Bench.Harness;
using Sim.Core.Traffic;
using Sim.Export.Dataset;
using Sim.Export.Frames;
using Sim.Export.Manifest;
using Sim.Sensors.Camera;
using Sim.Sensors.Geometry;
using Sim.Sensors.Labels;
using Sim.Sensors.Lidar;
using Sim.Sensors.Rig;

namespace Sim.Bench.Export;

/// <summary>
/// <c>bench/run export</c>: dataset writing. (1) Throughput: a KITTI-like frame (1242 × 375 camera, 64 × 2048 LiDAR, a
/// street of 40 actors, rendered once) written N times through <see cref="DatasetWriter"/> in the default formats, then
/// assembled and synced — bytes written per second as a ratio to a plain sequential write of the same number of bytes to
/// the same disk in the same run, flushed to the disk as well (<c>export.ratio_to_disk</c>; each timed write starts after
/// sync(1), from a clean page cache), also with PNG encoding's share. (2) Memory: the same writer run in
/// two child processes, 100 and 1,000 frames of a small rig (320 × 240, 16 × 512), and the ratio of their peak resident
/// sets (<c>export.rss_growth</c>, 1 = nothing held per frame), with the allocator settings sim applies (NativeHeap.Tune); and the
/// same for 4 times the larger count against it (<c>export.rss_growth_steady</c>): the runtime and the C allocator take
/// some hundreds of frames to reach their working size, which the first ratio includes and the second does not.
/// </summary>
public sealed class ExportSuite : IBenchSuite
{
    public string Name => "export";

    public string Description => "dataset write throughput vs a plain sequential write; peak memory 1,000 vs 100 frames";

    /// <summary>Child-process entry: <c>export-rss FRAMES FOLDER</c> writes a small dataset and prints its peak RSS in bytes.</summary>
    public static int RssChild(int frames, string folder)
    {
        SensorRig rig = SensorRig.KittiLike with { Camera = PinholeCamera.WithFov(320, 240, 90, 0, 0, 0, 0), Lidar = LidarSpec.Uniform(16, -15, 15, 512) };
        DatasetFrame frame = Frame(rig);
        Write(folder, rig, frame, frames);
        Console.WriteLine(Process.GetCurrentProcess().PeakWorkingSet64);
        return 0;
    }

    public IReadOnlyList<Figure> Run(bool quick, TextWriter log)
    {
        string root = Directory.CreateTempSubdirectory("sim-bench-export-").FullName;
        try
        {
            SensorRig rig = SensorRig.KittiLike;
            DatasetFrame frame = Frame(rig);
            int frames = quick ? 10 : 40;

            // A warm-up dataset, not timed: the first run of the writer also compiles it, which the plain write it is
            // compared with does not have to. Datasets are deleted only after the last timed run: for some seconds after
            // a mass deletion ext4 skips each recently freed inode when it creates a file (fs/ext4/ialloc.c,
            // recently_deleted), so a run right after deleting the previous one measured that deletion (a fifth of its
            // time in the kernel's inode search) rather than the writer.
            Write(Path.Combine(root, "warm-up"), rig, frame, 2);
            var exportSeconds = new List<double>();
            var diskSeconds = new List<double>();
            long bytes = Write(Path.Combine(root, "size"), rig, frame, frames).Files.Sum(f => f.Bytes);
            var block = new byte[1 << 20];
            new Random(1).NextBytes(block);

            // Rounds alternate which of the two goes first (ABBA), each starting from a clean page cache, so that the
            // write-back and the host's caching of one write weigh on the other alike.
            for (int rep = 0; rep < (quick ? 2 : 4); rep++)
            {
                string folder = Path.Combine(root, $"d{rep}");
                void Export() => exportSeconds.Add(Timed(() => Write(folder, rig, frame, frames)));

                // Baseline: the same number of bytes written sequentially in 1 MiB blocks and flushed to the disk.
                void Plain() => diskSeconds.Add(Timed(() =>
                {
                    using var file = new FileStream(Path.Combine(root, $"plain{rep}.bin"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                    for (long left = bytes; left > 0; left -= block.Length)
                    {
                        file.Write(block, 0, (int)Math.Min(block.Length, left));
                    }

                    file.Flush(flushToDisk: true);
                }));
                if (rep % 2 == 0)
                {
                    Export();
                    Plain();
                }
                else
                {
                    Plain();
                    Export();
                }
            }

            double export = Interleaved.Median(exportSeconds), disk = Interleaved.Median(diskSeconds);
            var png = Stopwatch.StartNew();
            for (int i = 0; i < 5; i++)
            {
                Sim.Sensors.Imaging.Png.WriteRgb(Path.Combine(root, "p.png"), frame.Image.Width, frame.Image.Height, frame.Image.Rgb);
            }

            double pngSeconds = png.Elapsed.TotalSeconds / 5 * frames;
            log.WriteLine($"# export: {frames} frames, {bytes / 1e6:0.0} MB in {export:0.00} s ({bytes / export / 1e6:0} MB/s); plain write {bytes / disk / 1e6:0} MB/s; RGB PNG encoding {pngSeconds / export:P0} of the time");

            int small = quick ? 50 : 100, large = quick ? 500 : 1000, longest = 4 * large;
            long rssSmall = Child(small, Path.Combine(root, "small")), rssLarge = Child(large, Path.Combine(root, "large")), rssLongest = Child(longest, Path.Combine(root, "longest"));
            log.WriteLine($"# export: peak RSS {rssSmall / 1e6:0} MB for {small} frames, {rssLarge / 1e6:0} MB for {large}, {rssLongest / 1e6:0} MB for {longest}");
            return
            [
                new Figure("export.mb_per_s", bytes / export / 1e6, "MB/s"),
                new Figure("export.disk_mb_per_s", bytes / disk / 1e6, "MB/s"),
                new Figure("export.ratio_to_disk", disk / export, "x"),
                new Figure("export.rss_growth", rssLarge / (double)rssSmall, "x"),
                new Figure("export.rss_growth_steady", rssLongest / (double)rssLarge, "x"),
            ];
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Seconds <paramref name="write"/> takes, started after <see cref="Settle"/>.</summary>
    private static double Timed(Action write)
    {
        Settle();
        long start = Stopwatch.GetTimestamp();
        write();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>Flushes every dirty page to the disk (sync(1)) before a timed write, so that neither write pays for the
    /// write-back of what the other left in the page cache: each is timed from a clean cache to its own data on the
    /// disk.</summary>
    private static void Settle()
    {
        if (OperatingSystem.IsLinux())
        {
            using Process sync = Process.Start(new ProcessStartInfo("sync") { UseShellExecute = false })!;
            sync.WaitForExit();
        }
    }

    private static long Child(int frames, string folder)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.Environment["MALLOC_ARENA_MAX"] = "2"; // as ./sim runs (see there): without it glibc's per-thread arenas grow with the run
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ExportSuite).Assembly.Location);
        }

        foreach (string a in new[] { "export-rss", frames.ToString(System.Globalization.CultureInfo.InvariantCulture), folder })
        {
            start.ArgumentList.Add(a);
        }

        using Process p = Process.Start(start)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? long.Parse(output.Trim().Split('\n')[^1], System.Globalization.CultureInfo.InvariantCulture) : throw new InvalidOperationException($"export-rss child exited {p.ExitCode}");
    }

    private static DatasetManifest Write(string folder, SensorRig rig, DatasetFrame frame, int frames)
    {
        DatasetWriter writer = DatasetWriter.Open(folder, "bench", "bench", frames, DatasetFormats.Default, rig, overwrite: true);
        for (int i = 0; i < frames; i++)
        {
            writer.WriteFrame(frame with { Index = i, Tick = i, Time = i * 0.1 });
        }

        return writer.Complete(frames, new ScenarioProvenance("bench", "bench.yaml", new string('0', 64), 1, 0, []), "bench", "cpu", "cpu", new Dictionary<string, double>());
    }

    /// <summary>One frame of a street of 40 actors from the rig's camera and LiDAR on an ego at the origin.</summary>
    private static DatasetFrame Frame(SensorRig rig)
    {
        var scene = new Scene();
        var rng = new Sim.Core.Random.CounterRng(3);
        ActorClass[] classes = [ActorClass.Car, ActorClass.Van, ActorClass.Pedestrian, ActorClass.Truck, ActorClass.Bicycle];
        var actors = new List<ActorSnapshot>();
        for (int i = 0; i < 40; i++)
        {
            var r = rng.Stream((ulong)i, 0, 0);
            ActorClass kind = classes[i % classes.Length];
            ActorBody body = ActorDimensions.Typical(kind);
            var box = new Box3(r.Uniform(5, 80), r.Uniform(-8, 8), body.Height / 2, r.Uniform(-0.3, 0.3), body.Length, body.Width, body.Height);
            scene.AddShape(new SceneInstance(kind, (ulong)i + 1, 0.5f), box, Shapes.Of(kind));
            actors.Add(new ActorSnapshot((ulong)i + 1, Sim.Sensors.SemanticClasses.Of(kind), box, 0, 0));
        }

        PinholeCamera camera = rig.Camera with { X = rig.CameraMount.T(0), Y = 0, Z = rig.CameraMount.T(2), Yaw = 0 };
        CameraFrame image = CpuCamera.Render(camera, scene, Environment.ProcessorCount, Shading.Of(Sim.Core.Weather.WeatherState.Clear));
        IReadOnlyList<ObjectLabel> labels = CameraLabeler.Label(camera, scene, image);
        LidarPoint[] points = LidarScanner.Scan(rig.Lidar, scene, rig.LidarMount.T(0), 0, rig.LidarMount.T(2), 0, LidarWeather.Clear, 1, 0, Environment.ProcessorCount);
        return new DatasetFrame(0, 0, 0, new EgoState(0, 0, 0, 0, 0, 0), actors, camera, image, labels, points, LidarScanner.PointsPerObject(points));
    }
}
