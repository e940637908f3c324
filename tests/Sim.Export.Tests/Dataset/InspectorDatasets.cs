using Sim.Export.Dataset;
using Sim.Export.Frames;
using Sim.Export.Manifest;
using Sim.Export.Tests.Coco;
using Sim.Sensors;
using Sim.Sensors.Camera;
using Sim.Sensors.Labels;
using Sim.Sensors.Lidar;
using Sim.Sensors.Rig;

namespace Sim.Export.Tests.Dataset;

/// <summary>Small real datasets for the inspector's tests, written by <see cref="DatasetWriter"/> in any formats: two
/// frames of a CPU-rendered 160 × 90 scene (a car, a pedestrian behind it, a truck cut by the image edge, a deer) and
/// three LiDAR points a frame.</summary>
internal static class InspectorDatasets
{
    public const int Frames = 2;

    public const int PointsPerFrame = 3;

    private static readonly Lazy<(CameraFrame Image, IReadOnlyList<ObjectLabel> Labels)> Scene = new(CocoTestScenes.Rendered);

    /// <summary>The camera <see cref="CocoTestScenes.Rendered"/> renders with.</summary>
    public static PinholeCamera Camera { get; } = PinholeCamera.WithFov(160, 90, 90, 0, 0, 1.6, 0);

    /// <summary>Visible objects a frame (the boxes the inspector counts).</summary>
    public static int VisibleObjects => Scene.Value.Labels.Count(l => l.IsVisible);

    /// <summary>Writes a complete dataset into <paramref name="folder"/> in <paramref name="formats"/> (comma-separated,
    /// as <c>--formats</c> takes them), with <paramref name="points"/> as every frame's sweep when given.</summary>
    public static DatasetManifest Write(string folder, string formats, LidarPoint[]? points = null)
    {
        var rig = new SensorRig(Camera, RigidTransform.Mount(0, 0, 1.6, 0), 10, LidarSpec.Uniform(4, -10, 2, 8), RigidTransform.Mount(0, 0, 1.8, 0), 10);
        DatasetWriter writer = DatasetWriter.Open(folder, "inspector-test", "key", Frames, DatasetFormats.Parse(formats), rig, overwrite: false);
        points ??=
        [
            new(10.5f, -0.5f, 0.2f, 0.5f, 1, SemanticClass.Car, 0, 0.01f, 0xA1B2C3D4E5F60718),
            new(20f, 1.5f, -0.3f, 0.25f, 2, SemanticClass.Pedestrian, 0, 0.02f, 11),
            new(30f, 5f, -1.7f, 0.125f, 0, SemanticClass.Road, 0, 0.05f, 0),
        ];
        for (int i = 0; i < Frames; i++)
        {
            writer.WriteFrame(new DatasetFrame(i, 2 * i, 0.1 * i, default, [], Camera, Scene.Value.Image, Scene.Value.Labels, points, new Dictionary<ulong, int>()));
        }

        return writer.Complete(Frames, new ScenarioProvenance("inspector-test", "test.yaml", new string('0', 64), 7, 0, []), "0.0.0-test", "cpu", "cpu", new Dictionary<string, double>());
    }
}
