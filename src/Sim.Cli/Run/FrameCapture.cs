using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Weather;
using Sim.Export.Frames;
using Sim.Sensors;
using Sim.Sensors.Camera;
using Sim.Sensors.Geometry;
using Sim.Sensors.Gl;
using Sim.Sensors.Labels;
using Sim.Sensors.Lidar;
using Sim.Sensors.Rig;

namespace Sim.Cli.Run;

/// <summary>
/// Takes the ego's sensor frames from a world: builds the scene (without the ego's own body, which its sensors sit
/// on), poses the rig's camera and LiDAR from the ego's pose and the mounts, renders the camera on the chosen backend,
/// labels it, scans the LiDAR through the weather, and snapshots every actor. Owns the GL context when there is one.
/// </summary>
internal sealed class FrameCapture : IDisposable
{
    private static readonly QueryDescription Bodies = new QueryDescription().WithAll<ActorPose, ActorBody, StableId>();

    private readonly EglContext? _context;
    private readonly GlCamera? _gl;
    private readonly GlLidar? _glLidar;
    private readonly ILidarCaster _lidar;
    private readonly int _threads;

    /// <summary>Opens the backend: <paramref name="backend"/> gl, cpu or auto (GL when EGL works, else the CPU reference
    /// with a warning naming the apt packages).</summary>
    /// <exception cref="EglException">gl or --require-gpu asked for and not available.</exception>
    public FrameCapture(string backend, bool requireGpu, int threads, Action<string> warn)
    {
        _threads = threads;
        if (backend != "cpu")
        {
            LimitLlvmpipe(threads);
            try
            {
                _context = EglContext.Create(requireGpu);
            }
            catch (EglException e) when (backend == "auto" && !requireGpu)
            {
                warn($"no OpenGL through EGL ({e.Message.Split('\n')[0]}); using the CPU renderer. For the GL backend: apt-get install libegl1 libgl1-mesa-dri");
            }
        }

        if (_context is not null)
        {
            _gl = new GlCamera(_context) { Threads = threads };
            Renderer = $"gl: {_context.Renderer}";
        }
        else
        {
            Renderer = "cpu: Sim CPU reference ray caster";
        }

        // The LiDAR casts in GL when asked for gl, or on auto when the GL renderer is a GPU; on llvmpipe the CPU packet
        // tracer is faster (bench/run sensors), so auto keeps the LiDAR there.
        if (_context is not null && (backend == "gl" || !_context.IsSoftware))
        {
            _glLidar = new GlLidar(_context);
        }

        _lidar = _glLidar is not null ? _glLidar : new CpuLidarCaster(threads);
        LidarCaster = _lidar.Renderer;
    }

    /// <summary>The camera renderer, for the manifest.</summary>
    public string Renderer { get; }

    /// <summary>Which backends render, <c>gl</c> or <c>cpu</c> each (<c>camera gl, lidar cpu</c>): what a dataset's bytes
    /// depend on, unlike the GL driver's own name (a Mesa update or another GPU model on a retried node changes that, and
    /// must not make a resumed dataset "other settings"; GL images may differ in their last bits between drivers, labels
    /// never do).</summary>
    public string Backends => $"camera {(_gl is not null ? "gl" : "cpu")}, lidar {(_glLidar is not null ? "gl" : "cpu")}";

    /// <summary>The LiDAR ray caster, for the manifest.</summary>
    public string LidarCaster { get; }

    /// <summary>Captures frame <paramref name="index"/> of the world as it is now, with <paramref name="rig"/> on the ego
    /// (rigs may differ between variations: a mount's pitch may be drawn).</summary>
    public DatasetFrame Capture(SensorRig rig, World world, Entity ego, int index, ulong seed)
    {
        SimulationClock clock = world.GetResource<SimulationClock>();
        ActorPose pose = world.Get<ActorPose>(ego);
        ulong egoId = world.Get<StableId>(ego).Value;
        Scene scene = SceneBuilder.FromWorld(world, exclude: egoId);
        WeatherState weather = world.HasResource<WeatherState>() ? world.GetResource<WeatherState>() : WeatherState.Clear;

        PinholeCamera camera = PoseCamera(rig, pose);
        // Rain and snow are drawn fresh each frame (keyed by seed and frame) and streak with the camera's own motion.
        Shading shading = Shading.Of(weather) with { Seed = seed, Frame = index, CameraVelocity = new System.Numerics.Vector3((float)pose.Vx, (float)pose.Vy, 0) };
        CameraFrame image = _gl is not null ? _gl.Render(camera, scene, shading) : CpuCamera.Render(camera, scene, _threads, shading);
        IReadOnlyList<ObjectLabel> labels = CameraLabeler.Label(camera, scene, image);

        (double lx, double ly, double lz, double lyaw) = Place(pose, rig.LidarMount);
        LidarPoint[] points = LidarScanner.Scan(
            rig.Lidar, scene, lx, ly, lz, lyaw, new LidarWeather(weather.FogVisibility, weather.Wetness, weather.Snow, weather.Rain), seed, index, _threads, (pose.Vx, pose.Vy, 0), _lidar);

        var actors = new List<ActorSnapshot>();
        foreach (Chunk chunk in world.Query(Bodies).GetChunks())
        {
            Span<ActorPose> p = chunk.GetSpan<ActorPose>();
            Span<ActorBody> b = chunk.GetSpan<ActorBody>();
            Span<StableId> id = chunk.GetSpan<StableId>();
            for (int i = 0; i < chunk.Count; i++)
            {
                var box = new Box3(p[i].X, p[i].Y, b[i].Height / 2, p[i].Heading, b[i].Length, b[i].Width, b[i].Height);
                actors.Add(new ActorSnapshot(id[i].Value, SemanticClasses.Of(b[i].Class), box, p[i].Vx, p[i].Vy));
            }
        }

        actors.Sort((a, b) => a.Id.CompareTo(b.Id));
        return new DatasetFrame(
            index, clock.Tick, clock.Time, new EgoState(pose.X, pose.Y, 0, pose.Heading, pose.Vx, pose.Vy), actors, camera, image, labels, points,
            LidarScanner.PointsPerObject(points));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _glLidar?.Dispose();
        _gl?.Dispose();
        _context?.Dispose();
    }

    /// <summary>
    /// Mesa's llvmpipe starts a rasteriser thread per core of the machine (not of the process's share of it), which a
    /// farm node running one shard per core cannot afford; unless the user set <c>LP_NUM_THREADS</c>, it gets
    /// <paramref name="threads"/> (0 for one thread: llvmpipe then rasterises on the calling thread). Set in the native
    /// environment (setenv), which Mesa reads when EGL loads it; .NET's own environment is a copy Mesa never sees.
    /// </summary>
    private static void LimitLlvmpipe(int threads)
    {
        if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("LP_NUM_THREADS") is null)
        {
            string value = (threads <= 1 ? 0 : threads).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _ = SetEnv(System.Text.Encoding.UTF8.GetBytes("LP_NUM_THREADS\0"), System.Text.Encoding.UTF8.GetBytes(value + "\0"), 0);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(byte[] name, byte[] value, int overwrite);

    /// <summary>The camera of the rig as posed on the ego: position from the mount, yaw and pitch from the mount's
    /// rotation (a camera's roll is refused when the rig is read).</summary>
    private static PinholeCamera PoseCamera(SensorRig rig, ActorPose pose)
    {
        (double x, double y, double z, double yaw) = Place(pose, rig.CameraMount);
        double pitch = Math.Asin(Math.Clamp(-rig.CameraMount.R(2, 0), -1, 1));
        return rig.Camera with { X = x, Y = y, Z = z, Yaw = yaw, Pitch = pitch };
    }

    /// <summary>A mount's position in the world and its heading, on the ego at <paramref name="pose"/> (the vehicle frame's
    /// origin on the ground under the box centre).</summary>
    private static (double X, double Y, double Z, double Yaw) Place(ActorPose pose, RigidTransform mount)
    {
        (double sin, double cos) = Math.SinCos(pose.Heading);
        double mx = mount.T(0), my = mount.T(1);
        return (pose.X + (cos * mx) - (sin * my), pose.Y + (sin * mx) + (cos * my), mount.T(2), pose.Heading + Math.Atan2(mount.R(1, 0), mount.R(0, 0)));
    }
}
