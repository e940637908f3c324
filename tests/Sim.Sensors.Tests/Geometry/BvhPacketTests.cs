using System.Numerics;
using Sim.Core.Random;
using Sim.Core.Traffic;
using Sim.Sensors.Geometry;

namespace Sim.Sensors.Tests.Geometry;

/// <summary>The packet tracer answers what the ray-by-ray reference answers.</summary>
public class BvhPacketTests
{
    private static Scene Street()
    {
        var scene = new Scene();
        var rng = new CounterRng(5);
        ActorClass[] classes = [ActorClass.Car, ActorClass.Van, ActorClass.Truck, ActorClass.Pedestrian, ActorClass.Bicycle, ActorClass.Tree];
        for (int i = 0; i < 60; i++)
        {
            RandomStream r = rng.Stream((ulong)i, 0, 0);
            ActorClass kind = classes[i % classes.Length];
            ActorBody body = ActorDimensions.Typical(kind);
            var box = new Box3(r.Uniform(-60, 60), r.Uniform(-12, 12), 0, r.Uniform(-3, 3), body.Length, body.Width, body.Height);
            scene.AddShape(new SceneInstance(kind, (ulong)i + 1, 0.5f), box, Shapes.Of(kind));
        }

        scene.AddBox(new SceneInstance(ActorClass.Building, 500, 0.3f), 0, 30, 0, 120, 8, 20);
        return scene;
    }

    [Fact]
    public void Columns_of_rays_hit_what_single_rays_hit()
    {
        Scene scene = Street();
        var rng = new CounterRng(9);
        int rays = 0, found = 0, instanceTies = 0;
        float worst = 0;
        var hits = new Hit[37]; // not a multiple of the packet width: the last packet is partly padding
        var any = new bool[37];
        var directions = new Vector3[37];
        for (int column = 0; column < 400; column++)
        {
            RandomStream r = rng.Stream((ulong)column, 0, 0);
            var origin = new Vector3((float)r.Uniform(-40, 40), (float)r.Uniform(-10, 10), (float)r.Uniform(0.5, 3));
            double azimuth = r.Uniform(0, 2 * Math.PI);
            for (int i = 0; i < directions.Length; i++)
            {
                double elevation = (-30 + (40.0 * i / directions.Length)) * Math.PI / 180;
                directions[i] = new Vector3((float)(Math.Cos(elevation) * Math.Cos(azimuth)), (float)(Math.Cos(elevation) * Math.Sin(azimuth)), (float)Math.Sin(elevation));
            }

            scene.IntersectMany(origin, directions, 0.3f, 150, hits, any);
            for (int i = 0; i < directions.Length; i++)
            {
                rays++;
                bool single = scene.Intersect(new Ray(origin, directions[i]), 0.3f, 150, out Hit expected);
                Assert.Equal(single, any[i]);
                if (!single)
                {
                    continue;
                }

                found++;
                worst = MathF.Max(worst, MathF.Abs(expected.Distance - hits[i].Distance));
                if (expected.Instance != hits[i].Instance)
                {
                    instanceTies++; // two surfaces at the same distance (touching parts): either is right
                }
                else
                {
                    Assert.True(Vector3.Dot(expected.Normal, hits[i].Normal) > 0.999f, $"normal {hits[i].Normal} vs {expected.Normal}");
                }
            }
        }

        Assert.True(found > rays / 2, $"only {found} of {rays} rays hit: the scene is too sparse to test anything");
        Assert.True(worst < 1e-4f, $"distances differ by up to {worst} m");
        Assert.True(instanceTies <= found / 1000, $"{instanceTies} of {found} hits name another instance");
    }

    [Fact]
    public void A_ray_whose_bound_is_at_the_near_distance_is_not_traced()
    {
        var scene = new Scene();
        scene.AddBox(new SceneInstance(ActorClass.Building, 1, 0.3f), 10, 0, 0, 1, 10, 10);
        Vector3[] directions = [Vector3.UnitX, Vector3.UnitX, -Vector3.UnitX];
        float[] distance = [100, 0.5f, 100];
        int[] triangle = new int[3];
        scene.Bvh.IntersectPacket(new Vector3(0, 0, 1), directions, 0.5f, distance, triangle);
        Assert.True(triangle[0] >= 0);
        Assert.Equal(9.5f, distance[0], 4);
        Assert.Equal(-1, triangle[1]);
        Assert.Equal(0.5f, distance[1]);
        Assert.Equal(-1, triangle[2]); // looking away
        Assert.Equal(100, distance[2]);
        Assert.Equal(1UL, scene.Instances[scene.Bvh.HitOf(triangle[0], distance[0], Vector3.UnitX).Instance].Id);
        Assert.Throws<ArgumentException>(() => scene.Bvh.IntersectPacket(Vector3.Zero, new Vector3[9], 0, new float[9], new int[9]));
    }
}
