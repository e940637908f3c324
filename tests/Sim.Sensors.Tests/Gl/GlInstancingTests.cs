using System.Numerics;
using Sim.Core.Traffic;
using Sim.Sensors.Camera;
using Sim.Sensors.Geometry;
using Sim.Sensors.Gl;
using Xunit.Abstractions;

namespace Sim.Sensors.Tests.Gl;

public class GlInstancingTests(ITestOutputHelper output)
{
    private const int Cars = 40;

    /// <summary><see cref="Cars"/> cars of one shape, some facing the camera (headlamps), some away (tail lamps), on a
    /// road quad (stuff).</summary>
    private static Scene Parking()
    {
        var scene = new Scene();
        int road = scene.AddInstance(new SceneInstance(SemanticClass.Road, 0, 0.15f));
        scene.AddQuad(road, new Vector3(0, -8, 0.01f), new Vector3(120, -8, 0.01f), new Vector3(120, 8, 0.01f), new Vector3(0, 8, 0.01f));
        for (int i = 0; i < Cars; i++)
        {
            double x = 8 + (i / 4 * 6.5), y = ((i % 4) - 1.5) * 3.4, yaw = i % 3 == 0 ? Math.PI + (0.05 * i) : 0.07 * i;
            var box = new Box3(x, y, 0.75, yaw, 4.5, 1.8, 1.5);
            scene.AddShape(new SceneInstance(ActorClass.Car, (ulong)(i + 1), 0.5f), box, Shapes.Of(ActorClass.Car));
        }

        return scene;
    }

    [GlTheory]
    [InlineData(0)]
    [InlineData(1)]
    public void Copies_of_one_class_are_one_instanced_draw_with_the_labels_and_colours_of_world_triangles(int pose)
    {
        Scene scene = Parking();
        PinholeCamera camera = GlCameraTests.Pose(pose);
        Shading night = Sensors.Tests.Camera.NightScenes.Shade(Sensors.Tests.Camera.NightScenes.Night());
        using EglContext context = EglContext.Create();
        using var gl = new GlCamera(context);

        CameraFrame instanced = gl.Render(camera, scene, night);
        GlDrawStatistics draws = gl.LastDraws;
        gl.Instanced = false;
        CameraFrame flat = gl.Render(camera, scene, night);
        GlDrawStatistics flatDraws = gl.LastDraws;
        gl.Instanced = true;
        CameraFrame again = gl.Render(camera, Parking(), night);
        output.WriteLine($"instanced {draws}, world triangles {flatDraws}, again {gl.LastDraws}");

        int carTriangles = 12 * Shapes.Of(ActorClass.Car).Count;
        Assert.Equal(new GlDrawStatistics(2, 1, Cars, 1), draws);
        Assert.Equal(new GlDrawStatistics(2 + (Cars * carTriangles), 0, 0, 1), flatDraws);
        Assert.Equal(draws, gl.LastDraws); // the mesh is cached across frames and scenes

        Agreement labels = Agreement.Of(flat, instanced);
        RgbAgreement rgb = RgbAgreement.Of(flat, instanced);
        output.WriteLine($"pose {pose}: {labels}; {rgb}");
        Assert.True(labels.InstanceAgreement >= 0.9995, labels.ToString());
        Assert.True(labels.SemanticAgreement >= 0.9995, labels.ToString());
        Assert.Equal(0, labels.OffEdgeMismatches);
        Assert.True(labels.MaxRelativeDepthError <= 2e-4, labels.ToString()); // 1 cm at 50 m
        Assert.Equal(flat.Instance.Distinct().Order(), instanced.Instance.Distinct().Order());
        Assert.True(rgb.WithinTwo >= 0.9995, rgb.ToString());
        Assert.Equal(0, rgb.OffEdgeOverTwo);
        Assert.Equal(instanced.Rgb, again.Rgb);
        Assert.Equal(instanced.Instance, again.Instance);

        // Lamps glow on the instanced cars: some pixels are brighter than any lit body at night.
        Assert.Contains(instanced.Rgb.Chunk(3), c => c[0] >= 250 && c[1] >= 250 && c[2] >= 250);
        Assert.Contains(instanced.Rgb.Chunk(3), c => c[0] >= 200 && c[1] < 60);
    }
}
