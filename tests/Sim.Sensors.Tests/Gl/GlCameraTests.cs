using System.Diagnostics;
using System.Numerics;
using Sim.Core.Traffic;
using Sim.Sensors.Camera;
using Sim.Sensors.Geometry;
using Sim.Sensors.Gl;
using Xunit.Abstractions;

namespace Sim.Sensors.Tests.Gl;

public class GlCameraTests(ITestOutputHelper output)
{
    /// <summary>A wall (near face x = 60) behind cars, trucks and a pedestrian on the ground; the camera looks east.</summary>
    internal static Scene Street()
    {
        var scene = new Scene();
        scene.AddBox(new SceneInstance(ActorClass.Building, 100, 0.25f), 60.5, 0, 0, 1, 80, 15);
        scene.AddBox(new SceneInstance(ActorClass.Car, 101, 0.5f), 10, -2.5, 0, 4.5, 1.8, 1.5);
        scene.AddBox(new SceneInstance(ActorClass.Car, 102, 0.5f), 22, 3, 0.4, 4.5, 1.8, 1.5);
        scene.AddBox(new SceneInstance(ActorClass.Car, 103, 0.5f), 50, -1, -0.2, 4.5, 1.8, 1.5);
        scene.AddBox(new SceneInstance(ActorClass.Truck, 104, 0.5f), 32, -6, 0.1, 12, 2.5, 3.8);
        scene.AddBox(new SceneInstance(ActorClass.Truck, 105, 0.5f), 40, 7, Math.PI / 2, 8, 2.5, 3.5);
        scene.AddBox(new SceneInstance(ActorClass.Pedestrian, 106, 0.3f), 7, 1.5, 0.3, 0.5, 0.6, 1.8);
        return scene;
    }

    /// <summary>Many boxes along a street, for timing.</summary>
    internal static Scene Crowd(int boxes)
    {
        var scene = new Scene();
        scene.AddBox(new SceneInstance(ActorClass.Building, 1, 0.25f), 200.5, 0, 0, 1, 400, 30);
        for (int i = 0; i < boxes; i++)
        {
            // A deterministic scatter: golden-ratio spacing in x, alternating lanes in y.
            double x = 5 + (190 * ((i * 0.6180339887) % 1));
            double y = (((i * 7) % 21) - 10) * 3.2;
            scene.AddBox(new SceneInstance(i % 5 == 0 ? ActorClass.Truck : ActorClass.Car, (ulong)(i + 2), 0.5f), x, y, i * 0.37, 4.5, 1.8, 1.5);
        }

        return scene;
    }

    internal static PinholeCamera Pose(int pose, int width = 640, int height = 360) => pose switch
    {
        0 => PinholeCamera.WithFov(width, height, 90, 0, 0, 1.6, 0),
        // Off-centre principal point, unequal focal lengths, yawed, pitched down, offset in the world.
        _ => new PinholeCamera(300 * width / 640.0, 310 * width / 640.0, 331.7 * width / 640.0, 170.2 * height / 360.0, width, height, -3, 1, 1.6, 0.15, 0.04),
    };

    [GlTheory]
    [InlineData(0)]
    [InlineData(1)]
    public void Instances_semantics_and_depth_agree_with_the_cpu_camera(int pose)
    {
        Scene scene = Street();
        PinholeCamera camera = Pose(pose);
        using EglContext context = EglContext.Create();
        using var gl = new GlCamera(context);

        CameraFrame expected = CpuCamera.Render(camera, scene, threads: 2);
        CameraFrame actual = gl.Render(camera, scene);
        Agreement a = Agreement.Of(expected, actual);
        output.WriteLine($"{context.Renderer}; pose {pose} at {camera.Width} × {camera.Height}: {a}");

        Assert.True(a.InstanceAgreement >= 0.995, a.ToString());
        Assert.True(a.SemanticAgreement >= 0.995, a.ToString());
        Assert.True(a.OffEdgeMismatches == 0, $"{a.OffEdgeMismatches} mismatches away from edges; {a}");
        Assert.True(a.MaxRelativeDepthError <= 2e-4, a.ToString());
        Assert.True(a.FarthestCompared >= 50, $"the comparison should reach 50 m; {a}");
        // Every instance the CPU sees, GL sees.
        Assert.Equal(expected.Instance.Distinct().Order(), actual.Instance.Distinct().Order());
    }

    [GlFact]
    public void An_empty_scene_is_ground_below_the_horizon_and_nothing_above()
    {
        PinholeCamera camera = PinholeCamera.WithFov(640, 360, 90, 3, -2, 1.6, 1.1);
        using EglContext context = EglContext.Create();
        using var gl = new GlCamera(context);
        CameraFrame frame = gl.Render(camera, new Scene());

        for (int v = 0; v < camera.Height; v++)
        {
            // The ground along row v's centre: height / tan(angle below the axis) = z · fy / (v + ½ − cy).
            double below = v + 0.5 - camera.Cy;
            double depth = below > 0 ? camera.Z * camera.Fy / below : double.PositiveInfinity;
            bool ground = depth < camera.Far;
            for (int u = 0; u < camera.Width; u++)
            {
                int i = (v * camera.Width) + u;
                Assert.Equal(0u, frame.Instance[i]);
                if (ground)
                {
                    Assert.Equal(SemanticClass.Road, frame.Semantic[i]);
                    Assert.True(Math.Abs(frame.Depth[i] - depth) <= 2e-4 * depth, $"row {v}: {frame.Depth[i]} m, expected {depth} m");
                }
                else if (Math.Abs(depth - camera.Far) > 0.01 * camera.Far)
                {
                    Assert.Equal(SemanticClass.Unlabelled, frame.Semantic[i]);
                    Assert.Equal(float.PositiveInfinity, frame.Depth[i]);
                }
            }
        }

        Assert.Equal(SemanticClass.Unlabelled, frame.Semantic[0]);                  // top row: sky
        Assert.Equal(SemanticClass.Road, frame.Semantic[^1]);                       // bottom row: road
        Assert.Equal(1.6 * camera.Fy / (camera.Height - 0.5 - camera.Cy), frame.Depth[^1], 3);
    }

    [GlFact]
    public void Frames_are_repeatable_across_sizes_and_scenes()
    {
        using EglContext context = EglContext.Create();
        using var gl = new GlCamera(context);
        CameraFrame first = gl.Render(Pose(0), Street());
        _ = gl.Render(Pose(1, 1280, 720), Crowd(50));
        _ = gl.Render(Pose(0), new Scene());
        CameraFrame again = gl.Render(Pose(0), Street());
        Assert.Equal(first.Depth, again.Depth);
        Assert.Equal(first.Instance, again.Instance);
        Assert.Equal(first.Semantic, again.Semantic);
    }

    [GlFact]
    public void Renders_from_another_thread_after_the_creating_thread_let_go()
    {
        using EglContext context = EglContext.Create();
        using var gl = new GlCamera(context);
        CameraFrame here = gl.Render(Pose(0), Street());
        context.ReleaseCurrent();
        CameraFrame? there = null;
        var thread = new Thread(() => there = gl.Render(Pose(0), Street()));
        thread.Start();
        thread.Join();
        Assert.NotNull(there);
        Assert.Equal(here.Instance, there!.Instance);
    }

    [GlFact]
    public void Frame_times_and_agreement_at_640x360_and_1280x720()
    {
        using EglContext context = EglContext.Create();
        using var gl = new GlCamera(context);
        output.WriteLine($"GL_RENDERER {context.Renderer}; GL_VERSION {context.Version}; EGL {context.EglVersion} {context.EglVendor}, {context.Platform} {context.Device}");
        foreach ((string name, Scene scene) in new[] { ("street (7 boxes)", Street()), ("crowd (1,000 boxes)", Crowd(1000)) })
        {
            foreach ((int width, int height) in new[] { (640, 360), (1280, 720) })
            {
                PinholeCamera camera = Pose(0, width, height);
                var clock = Stopwatch.StartNew();
                CameraFrame frame = gl.Render(camera, scene);
                double firstMs = clock.Elapsed.TotalMilliseconds;
                const int frames = 10;
                clock.Restart();
                for (int i = 0; i < frames; i++)
                {
                    frame = gl.Render(camera, scene);
                }

                double glMs = clock.Elapsed.TotalMilliseconds / frames;
                clock.Restart();
                CameraFrame cpu = CpuCamera.Render(camera, scene, threads: Environment.ProcessorCount);
                double cpuMs = clock.Elapsed.TotalMilliseconds;
                Agreement a = Agreement.Of(cpu, frame);
                output.WriteLine($"{name}, {scene.Owners.Count} triangles, {width} × {height}: GL {glMs:F1} ms/frame (first {firstMs:F1} ms), CPU {cpuMs:F1} ms on {Environment.ProcessorCount} threads; {a}");
            }
        }
    }

    [Fact]
    public void The_projection_matrix_is_the_pinhole_model_with_window_y_up()
    {
        var camera = new PinholeCamera(300, 310, 331.7, 170.2, 640, 360, -3, 1, 1.6, 0.15, 0.04, Near: 0.5, Far: 300);
        Matrix4x4 p = GlCamera.Projection(camera.Fx, camera.Fy, camera.Cx, camera.Cy, camera.Width, camera.Height, camera.Near, camera.Far);
        (Vector3 right, Vector3 down, Vector3 forward) = camera.Axes();
        var origin = new Vector3((float)camera.X, (float)camera.Y, (float)camera.Z);
        foreach (Vector3 world in new[] { new Vector3(10, 2, 0.5f), new Vector3(40, -9, 3), new Vector3(5, 1, 0), new Vector3(250, 30, 12) })
        {
            (double u, double v, double z) = camera.Project(world);
            Vector3 d = world - origin;
            var c = new Vector4(Vector3.Dot(d, right), Vector3.Dot(d, down), Vector3.Dot(d, forward), 1);
            // Row-major matrix times column vector.
            Vector4 clip = Vector4.Transform(c, Matrix4x4.Transpose(p));
            Assert.Equal(z, clip.W, 3);
            double windowX = ((clip.X / clip.W) + 1) / 2 * camera.Width;
            double windowY = ((clip.Y / clip.W) + 1) / 2 * camera.Height;
            Assert.Equal(u, windowX, 2);
            Assert.Equal(camera.Height - v, windowY, 2);
            double depth = clip.Z / clip.W;
            Assert.Equal(camera.Near * (camera.Far - z) / (z * (camera.Far - camera.Near)), depth, 5);
        }

        // Near maps to depth 1, far to 0 (reversed Z, zero-to-one clip depth).
        Assert.Equal(1, ((p.M33 * camera.Near) + p.M34) / camera.Near, 5);
        Assert.Equal(0, ((p.M33 * camera.Far) + p.M34) / camera.Far, 5);
    }
}

/// <summary>How a GL frame agrees with the CPU reference.</summary>
internal sealed record Agreement(
    int Pixels,
    int InstanceMismatches,
    int SemanticMismatches,
    int OffEdgeMismatches,
    int DepthCompared,
    double MaxDepthError,
    double MaxRelativeDepthError,
    double FarthestCompared)
{
    public double InstanceAgreement => 1 - ((double)InstanceMismatches / Pixels);

    public double SemanticAgreement => 1 - ((double)SemanticMismatches / Pixels);

    /// <summary>Compares pixel by pixel. A mismatch is on an edge when the reference's 3 × 3 neighbourhood holds more than
    /// one (instance, class); depth is compared where both hit the same thing.</summary>
    public static Agreement Of(CameraFrame expected, CameraFrame actual)
    {
        Assert.Equal(expected.Width, actual.Width);
        Assert.Equal(expected.Height, actual.Height);
        int w = expected.Width, h = expected.Height;
        int instance = 0, semantic = 0, offEdge = 0, compared = 0;
        double maxError = 0, maxRelative = 0, farthest = 0;
        for (int v = 0; v < h; v++)
        {
            for (int u = 0; u < w; u++)
            {
                int i = (v * w) + u;
                bool instanceDiffers = expected.Instance[i] != actual.Instance[i];
                bool semanticDiffers = expected.Semantic[i] != actual.Semantic[i];
                instance += instanceDiffers ? 1 : 0;
                semantic += semanticDiffers ? 1 : 0;
                if (instanceDiffers || semanticDiffers)
                {
                    if (!FrameEdges.OnEdge(expected, u, v))
                    {
                        offEdge++;
                    }

                    continue;
                }

                float a = expected.Depth[i], b = actual.Depth[i];
                if (float.IsFinite(a) && float.IsFinite(b))
                {
                    compared++;
                    double error = Math.Abs(a - b);
                    maxError = Math.Max(maxError, error);
                    maxRelative = Math.Max(maxRelative, error / a);
                    farthest = Math.Max(farthest, a);
                }
                else if (float.IsFinite(a) != float.IsFinite(b) && !FrameEdges.OnEdge(expected, u, v))
                {
                    offEdge++;
                }
            }
        }

        return new Agreement(w * h, instance, semantic, offEdge, compared, maxError, maxRelative, farthest);
    }


    public override string ToString() =>
        $"instance agreement {InstanceAgreement:P3} ({InstanceMismatches} px differ), semantic {SemanticAgreement:P3} ({SemanticMismatches} px), " +
        $"{OffEdgeMismatches} off edges; depth on {DepthCompared} px out to {FarthestCompared:F1} m: max error {MaxDepthError * 1000:F3} mm, max relative {MaxRelativeDepthError:E2}";
}
