using Sim.Core.Traffic;
using Sim.Sensors.Geometry;
using Sim.Sensors.Lidar;

namespace Sim.Sensors.Tests.Lidar;

public class LidarCasterTests
{
    [Fact]
    public void Casting_then_finishing_is_the_scan_whatever_the_caster_threads()
    {
        var scene = new Scene();
        scene.AddBox(new SceneInstance(ActorClass.Building, 42, 0.25f), 30.5, 0, 0, 1, 40, 12);
        scene.AddShape(new SceneInstance(ActorClass.Car, 7, 0.5f), new Box3(9, -2, 0.75, 0.2, 4.5, 1.8, 1.5), Shapes.Of(ActorClass.Car));
        var spec = LidarSpec.Uniform(32, -20, 15, 720) with { Dropout = 0.1 };
        var weather = new LidarWeather(250, 0.3, 0.4);
        (double, double, double) motion = (8, -1, 0.2);

        LidarPoint[] scan = LidarScanner.Scan(spec, scene, 1, 2, 1.8, 0.4, weather, 5, 2, threads: 1, motion);
        LidarRays rays = LidarRays.Fire(spec, 1, 2, 1.8, 0.4, motion);
        var hits = new LidarHit[rays.Count];
        new CpuLidarCaster(threads: 2).Cast(scene, rays, (float)spec.MinRange, (float)spec.MaxRange, hits);
        LidarPoint[] finished = LidarScanner.Finish(spec, scene, rays, hits, weather, 5, 2, threads: 2);

        Assert.Equal(scan, finished);
        Assert.Equal(scan, LidarScanner.Scan(spec, scene, 1, 2, 1.8, 0.4, weather, 5, 2, threads: 2, motion, new CpuLidarCaster(3)));
        Assert.Contains(hits, h => h.Instance == 0);
        Assert.Contains(hits, h => h.Instance == 1);
    }

    [Fact]
    public void Rays_into_the_sky_miss_and_rays_down_meet_the_ground_at_height_over_sine()
    {
        var spec = LidarSpec.Uniform(5, -20, 20, 36) with { RangeNoise = 0 };
        LidarRays rays = LidarRays.Fire(spec, 3, 4, 2, 1.1);
        var hits = new LidarHit[rays.Count];
        new CpuLidarCaster().Cast(new Scene(), rays, 0.5f, 200, hits);
        for (int slot = 0; slot < hits.Length; slot++)
        {
            double elevation = spec.Elevations[slot % rays.Rings] * Math.PI / 180;
            if (elevation < 0)
            {
                Assert.Equal(LidarHit.Ground, hits[slot].Instance);
                Assert.Equal(2 / Math.Sin(-elevation), hits[slot].Distance, 4);
                Assert.Equal(Math.Sin(-elevation), hits[slot].CosIncidence, 5);
            }
            else
            {
                Assert.Equal(LidarHit.Miss, hits[slot]);
                Assert.False(hits[slot].IsHit);
            }
        }

        Assert.Throws<ArgumentException>(() => new CpuLidarCaster().Cast(new Scene(), rays, 0.5f, 200, new LidarHit[rays.Count - 1]));
    }

    [Fact]
    public void Rays_follow_the_firing_pattern_in_the_sensor_and_world_frames()
    {
        var spec = LidarSpec.Uniform(3, -10, 10, 8) with { RotationHz = 20 };
        LidarRays rays = LidarRays.Fire(spec, 1, 2, 3, Math.PI / 2, (4, 0, 0));
        Assert.Equal((3, 8, 24), (rays.Rings, rays.Columns, rays.Count));
        // Column 6 fires at azimuth 180° + 270° = 90° (left of the sensor), 6 / (8 × 20 Hz) s into the sweep, from 4 m/s
        // × its time since the sweep's centre (0.025 s) further east.
        Assert.Equal(6 / (8 * 20.0), rays.Times[6], 6);
        Assert.Equal(1 + (4 * ((6 / (8 * 20.0)) - 0.025)), rays.Origins[6].X, 5);
        Assert.Equal(1 - (4 * 0.025), rays.Origins[0].X, 5); // the sweep starts half a turn before its centre
        int slot = (6 * 3) + 1; // the middle ring: horizontal
        Assert.Equal(0, rays.SensorDirections[slot].X, 6);
        Assert.Equal(1, rays.SensorDirections[slot].Y, 6);
        // Heading north, the sensor's left is west.
        Assert.Equal(-1, rays.Directions[slot].X, 6);
        Assert.Equal(0, rays.Directions[slot].Y, 6);
    }
}
