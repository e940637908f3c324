using Sim.Scenarios.Model;
using Sim.Scenarios.Yaml;
using Sim.Sensors.Camera;
using Sim.Sensors.Lidar;
using Sim.Sensors.Rig;

namespace Sim.Scenarios.Tests.Model;

/// <summary>The <c>sensors</c> section read into a <see cref="SensorRig"/>: exact values, the KITTI-like defaults, and
/// every bound refused with its located message.</summary>
public class SensorsSectionTests
{
    /// <summary>A file with an ego to carry the sensors; the section follows (at line 11).</summary>
    private const string Ego = "meta:\n  name: s\n  duration: 10\nworld:\n  road:\n    type: highway\nactors:\n  ego:\n    lane: 0\n    s: 50\n";

    private static SensorRig Rig(string sensors, int index = 0) => SpecText.Instance(Ego + sensors, index).Sensors;

    private static double Rad(double degrees) => degrees * Math.PI / 180;

    /// <summary>Two rigs with the same values (mounts and elevation lists compared element by element).</summary>
    private static void SameRig(SensorRig expected, SensorRig actual)
    {
        Assert.Equal(expected.Camera, actual.Camera);
        Assert.Equal(expected.CameraMount.ToMatrix3x4(), actual.CameraMount.ToMatrix3x4());
        Assert.Equal(expected.CameraHz, actual.CameraHz);
        Assert.Equal(expected.Lidar.Elevations, actual.Lidar.Elevations);
        Assert.Equal(expected.Lidar with { Elevations = [] }, actual.Lidar with { Elevations = [] });
        Assert.Equal(expected.LidarMount.ToMatrix3x4(), actual.LidarMount.ToMatrix3x4());
        Assert.Equal(expected.LidarHz, actual.LidarHz);
    }

    [Fact]
    public void A_file_without_the_section_gets_the_KITTI_like_rig()
    {
        Assert.Same(SensorRig.KittiLike, SpecText.Instance("meta:\n  name: s\n  duration: 10\n").Sensors);
        Assert.Same(SensorRig.KittiLike, Rig(string.Empty));
    }

    [Theory]
    [InlineData("sensors: {}\n")]
    [InlineData("sensors:\n  camera: {}\n  lidar: {}\n")]
    [InlineData("sensors:\n  rate: 10\n  camera:\n    width: 1242\n    height: 375\n    mount: {}\n  lidar:\n    channels: 64\n    lower: -24.9\n    upper: 2\n    columns: 2048\n    mount: {}\n")]
    public void Every_key_left_out_takes_the_KITTI_like_value(string sensors)
    {
        SameRig(SensorRig.KittiLike, Rig(sensors));
    }

    [Fact]
    public void A_full_section_gives_exactly_its_rig()
    {
        SensorRig rig = Rig("""
            sensors:
              rate: 20
              camera:
                width: 1920
                height: 1080
                fov: 90
                near: 0.5
                far: 2000
                mount: {x: 1.2, y: -0.1, z: 1.5, yaw: 5, pitch: 2}
              lidar:
                channels: 32
                lower: -30
                upper: 10
                columns: 1024
                min_range: 1
                max_range: 100
                noise: 0.03
                dropout: 0.05
                mount: {x: 0.2, y: 0.1, z: 1.9, yaw: 90}
            """);

        double f = 960 / Math.Tan(Rad(45));
        Assert.Equal(new PinholeCamera(f, f, 960, 540, 1920, 1080, 0, 0, 0, 0, 0, 0.5, 2000), rig.Camera);
        Assert.Equal(RigidTransform.Mount(1.2, -0.1, 1.5, Rad(5), Rad(2)).ToMatrix3x4(), rig.CameraMount.ToMatrix3x4());
        Assert.Equal(LidarSpec.Uniform(32, -30, 10, 1024).Elevations, rig.Lidar.Elevations);
        Assert.Equal((-30.0, 10.0), (rig.Lidar.Elevations[0], rig.Lidar.Elevations[^1]));
        Assert.Equal((1024, 20.0, 1.0, 100.0, 0.03, 0.05), (rig.Lidar.Columns, rig.Lidar.RotationHz, rig.Lidar.MinRange, rig.Lidar.MaxRange, rig.Lidar.RangeNoise, rig.Lidar.Dropout));
        Assert.Equal(RigidTransform.Mount(0.2, 0.1, 1.9, Rad(90)).ToMatrix3x4(), rig.LidarMount.ToMatrix3x4());
        Assert.Equal((20.0, 20.0), (rig.CameraHz, rig.LidarHz));
        rig.Camera.Validate();
        rig.Lidar.Validate();
    }

    [Fact]
    public void Pixel_intrinsics_default_fy_to_fx_and_the_principal_point_to_the_centre()
    {
        PinholeCamera c = Rig("sensors:\n  camera:\n    width: 640\n    height: 480\n    fx: 500\n").Camera;
        Assert.Equal((500.0, 500.0, 320.0, 240.0), (c.Fx, c.Fy, c.Cx, c.Cy));

        c = Rig("sensors:\n  camera:\n    width: 640\n    height: 480\n    fx: 500\n    fy: 510\n    cx: 318.5\n    cy: 241\n").Camera;
        Assert.Equal((500.0, 510.0, 318.5, 241.0), (c.Fx, c.Fy, c.Cx, c.Cy));
    }

    [Fact]
    public void Without_intrinsics_the_camera_keeps_KITTIs_field_of_view_at_any_width()
    {
        PinholeCamera c = Rig("sensors:\n  camera:\n    width: 621\n    height: 200\n").Camera;
        Assert.Equal(SensorRig.KittiLike.Camera.Fx / 2, c.Fx, 9);
        Assert.Equal((c.Fx, 310.5, 100.0), (c.Fy, c.Cx, c.Cy));
    }

    [Fact]
    public void A_list_of_elevations_sets_the_channels_in_ring_order()
    {
        LidarSpec l = Rig("sensors:\n  lidar:\n    elevations: [-15, 1, -1, 15]\n    columns: 512\n").Lidar;
        Assert.Equal([-15.0, 1, -1, 15], l.Elevations);
        Assert.Equal(4 * 512, l.Rays);
    }

    [Fact]
    public void A_single_channel_fires_at_lower()
    {
        Assert.Equal([5.0], Rig("sensors:\n  lidar:\n    channels: 1\n    lower: 5\n").Lidar.Elevations);
    }

    [Fact]
    public void A_mount_key_left_out_keeps_the_KITTI_like_value()
    {
        RigidTransform m = Rig("sensors:\n  camera:\n    mount: {z: 2.1}\n").CameraMount;
        Assert.Equal(RigidTransform.Mount(0.8, 0, 2.1, 0).ToMatrix3x4(), m.ToMatrix3x4());
    }

    [Fact]
    public void Real_numbers_may_vary_and_are_drawn_per_variation()
    {
        const string Varied = "sensors:\n  camera:\n    fov: uniform(60, 100)\n    mount:\n      pitch: normal(0, 1)\n  lidar:\n    elevations:\n      - -10\n      - uniform(-1, 1)\n    max_range: choice([80, 120])\nvariations:\n  count: 10\n";
        (ScenarioSpec? spec, List<ScenarioDiagnostic> d) = SpecText.Check(Ego + Varied);
        Assert.True(spec is not null, string.Join("\n", d));
        Assert.Equal(["sensors.camera.fov", "sensors.camera.mount.pitch", "sensors.lidar.elevations[1]", "sensors.lidar.max_range"], spec.Plan.Entries.Select(e => e.Path));

        ScenarioInstance a = spec.Instantiate(null, 0, d)!, b = spec.Instantiate(null, 1, d)!;
        double fov = a.Draws.Single(x => x.Path == "sensors.camera.fov").Value.Number;
        Assert.InRange(fov, 60, 100);
        Assert.Equal(a.Sensors.Camera.Width / 2.0 / Math.Tan(Rad(fov) / 2), a.Sensors.Camera.Fx, 9);
        Assert.Equal(a.Draws.Single(x => x.Path == "sensors.lidar.elevations[1]").Value.Number, a.Sensors.Lidar.Elevations[1]);
        Assert.Contains(a.Sensors.Lidar.MaxRange, new[] { 80.0, 120 });
        Assert.NotEqual(a.Sensors.Camera.Fx, b.Sensors.Camera.Fx);
        Assert.Equal(a.Sensors.Camera, spec.Instantiate(null, 0, d)!.Sensors.Camera); // the same draw on a rerun
    }

    [Fact]
    public void A_variation_whose_draws_break_a_rule_between_keys_is_reported_with_its_index()
    {
        // near's middle (8 m) is short of far, so the file passes; draws above 10 m do not.
        (ScenarioSpec? spec, List<ScenarioDiagnostic> d) = SpecText.Check(Ego + "sensors:\n  camera:\n    near: uniform(1, 15)\n    far: 10\nvariations:\n  count: 20\n");
        Assert.True(spec is not null, string.Join("\n", d));
        var found = new List<ScenarioDiagnostic>();
        _ = spec.CheckVariations(20, found);
        ScenarioDiagnostic only = Assert.Single(found);
        Assert.Matches(@"^s\.yaml:14:10: sensors\.camera\.far: variation \d+: far 10 m must be greater than near 1[0-5](\.\d+)? m$", only.ToString());
    }

    [Theory]
    [InlineData("sensors:\n  camera:\n    width: 8192\n    height: 4096\n")] // MaxPixels exactly
    [InlineData("sensors:\n  camera:\n    width: 16384\n    height: 2048\n")] // MaxSide
    [InlineData("sensors:\n  lidar:\n    channels: 64\n    columns: 65536\n")] // MaxRaysPerSweep exactly
    [InlineData("sensors:\n  lidar:\n    channels: 1024\n    columns: 4096\n")] // MaxChannels
    [InlineData("sensors:\n  camera:\n    width: 1000\n    height: 1000\n    fov: 179\n")]
    [InlineData("sensors:\n  camera:\n    width: 1000\n    height: 1000\n    fov: 1\n")]
    [InlineData("sensors:\n  rate: 20\n")] // one frame per 0.05 s step
    [InlineData("sensors:\n  rate: 0.1\n")]
    [InlineData("sensors:\n  camera:\n    mount: {x: -50, y: 50, z: 50, yaw: -360, pitch: 90}\n  lidar:\n    mount: {x: 50, y: -50, z: 0, yaw: 360}\n")]
    [InlineData("sensors:\n  lidar:\n    min_range: 0\n    max_range: 10000\n    noise: 10\n    dropout: 1\n")]
    public void Bounds_are_inclusive(string sensors)
    {
        SensorRig rig = Rig(sensors);
        rig.Camera.Validate();
        rig.Lidar.Validate();
    }

    [Theory]
    // rate
    [InlineData("  rate: 0.05\n", "12:9: sensors.rate: 0.05 Hz is out of range; expected 0.1–100 Hz")]
    [InlineData("  rate: 150\n", "12:9: sensors.rate: 150 Hz is out of range; expected 0.1–100 Hz")]
    [InlineData("  rate: 25\n", "12:9: sensors.rate: 25 Hz is more frames than the 20 steps a second of meta.dt 0.05 s; at most one frame per step")]
    [InlineData("  rate: 15\n", "12:9: sensors.rate: 15 Hz is a frame every 1.333 steps of meta.dt 0.05 s; frames are taken on steps, so the period must be a whole number of steps (e.g. 20 Hz)")]
    [InlineData("  rate: uniform(5, 10)\n", "12:9: sensors.rate: 'uniform(5, 10)' is a distribution; sensors.rate must be a fixed number")]
    // camera size
    [InlineData("  camera:\n    width: 0\n", "13:12: sensors.camera.width: 0 px is out of range; expected 1–16384 px")]
    [InlineData("  camera:\n    height: 16385\n", "13:13: sensors.camera.height: 16385 px is out of range; expected 1–16384 px")]
    [InlineData("  camera:\n    width: 1242.5\n", "13:12: sensors.camera.width: expected a whole number, found 1242.5")]
    [InlineData("  camera:\n    width: uniform(600, 800)\n", "13:12: sensors.camera.width: 'uniform(600, 800)' is a distribution; sensors.camera.width must be a fixed number")]
    [InlineData("  camera:\n    width: 8192\n    height: 4097\n", "14:13: sensors.camera.height: 8,192 × 4,097 px is 33,562,624 pixels; an image may have at most 33,554,432")]
    // intrinsics
    [InlineData("  camera:\n    fov: 0.5\n", "13:10: sensors.camera.fov: 0.5° is out of range; expected 1–179°")]
    [InlineData("  camera:\n    fov: 180\n", "13:10: sensors.camera.fov: 180° is out of range; expected 1–179°")]
    [InlineData("  camera:\n    fov: uniform(150, 200)\n", "13:10: sensors.camera.fov: uniform(150, 200) can draw values outside 1–179°")]
    [InlineData("  camera:\n    fov: 90\n    cx: 600\n", "13:10: sensors.camera.fov: give either fov or fx, fy, cx, cy, not both (this camera also has cx)")]
    [InlineData("  camera:\n    fy: 700\n", "13:9: sensors.camera.fy: fy goes with fx (it defaults to fx); give fx too")]
    [InlineData("  camera:\n    fx: 2\n", "13:9: sensors.camera.fx: the image spans 179.631° across (1,242 px at fx 2 px)")]
    [InlineData("  camera:\n    fx: 1000\n    fy: 100000\n", "14:9: sensors.camera.fy: the image spans 0.215° down (375 px at fy 100000 px)")]
    [InlineData("  camera:\n    width: 100\n    height: 16384\n    fov: 170\n", "15:10: sensors.camera.fov: the image spans 179.939° down (16,384 px at fy 4.374 px)")]
    [InlineData("  camera:\n    cx: 1300\n", "13:9: sensors.camera.cx: 1300 px is out of range; expected 0–1242 px")]
    [InlineData("  camera:\n    fx: 0\n", "13:9: sensors.camera.fx: 0 px is out of range; expected 0.001–1000000 px")]
    // clip range
    [InlineData("  camera:\n    near: 0\n", "13:11: sensors.camera.near: 0 m is out of range; expected 0.01–100 m")]
    [InlineData("  camera:\n    far: 200000\n", "13:10: sensors.camera.far: 200000 m is out of range; expected 1–100000 m")]
    [InlineData("  camera:\n    near: 50\n    far: 20\n", "14:10: sensors.camera.far: far 20 m must be greater than near 50 m")]
    // mounts
    [InlineData("  camera:\n    mount: {x: 51}\n", "13:16: sensors.camera.mount.x: 51 m is out of range; expected -50–50 m")]
    [InlineData("  camera:\n    mount: {y: -60}\n", "13:16: sensors.camera.mount.y: -60 m is out of range; expected -50–50 m")]
    [InlineData("  camera:\n    mount: {z: -0.5}\n", "13:16: sensors.camera.mount.z: -0.5 m is out of range; expected 0–50 m")]
    [InlineData("  camera:\n    mount: {yaw: 400}\n", "13:18: sensors.camera.mount.yaw: 400° is out of range; expected -360–360°")]
    [InlineData("  camera:\n    mount: {pitch: 95}\n", "13:20: sensors.camera.mount.pitch: 95° is out of range; expected -90–90°")]
    [InlineData("  camera:\n    mount: {roll: 2}\n", "13:19: sensors.camera.mount.roll: the camera mount has no roll: the camera turns by yaw and pitch only")]
    [InlineData("  lidar:\n    mount: {pitch: 2}\n", "13:20: sensors.lidar.mount.pitch: the LiDAR mount has no pitch: the LiDAR spins level, turned by yaw only")]
    [InlineData("  lidar:\n    mount: [0, 0, 2]\n", "13:12: sensors.lidar.mount: expected a mapping, found a list")]
    // LiDAR beams
    [InlineData("  lidar:\n    channels: 0\n", "13:15: sensors.lidar.channels: 0 is out of range; expected 1–1024")]
    [InlineData("  lidar:\n    channels: 1025\n", "13:15: sensors.lidar.channels: 1025 is out of range; expected 1–1024")]
    [InlineData("  lidar:\n    columns: 65537\n", "13:14: sensors.lidar.columns: 65537 is out of range; expected 1–65536")]
    [InlineData("  lidar:\n    channels: 128\n    columns: 65536\n", "14:14: sensors.lidar.columns: 128 channels × 65,536 columns = 8,388,608 rays a sweep; at most 4,194,304")]
    [InlineData("  lidar:\n    lower: -91\n", "13:12: sensors.lidar.lower: -91° is out of range; expected -90–90°")]
    [InlineData("  lidar:\n    lower: 10\n    upper: -10\n", "14:12: sensors.lidar.upper: upper -10° must be greater than lower 10°")]
    [InlineData("  lidar:\n    lower: 5\n", "13:12: sensors.lidar.lower: lower 5° must be less than upper, which defaults to 2°; set upper")]
    [InlineData("  lidar:\n    elevations: []\n", "13:17: sensors.lidar.elevations: expected a list of 1–1,024 channel elevations in degrees")]
    [InlineData("  lidar:\n    elevations: 5\n", "13:17: sensors.lidar.elevations: expected a list of 1–1,024 channel elevations in degrees")]
    [InlineData("  lidar:\n    elevations: [0, 95]\n", "13:21: sensors.lidar.elevations[1]: 95° is out of range; expected -90–90°")]
    [InlineData("  lidar:\n    elevations: [0, 1]\n    channels: 2\n", "13:17: sensors.lidar.elevations: give either elevations or channels, lower and upper, not both (this LiDAR also has channels)")]
    // LiDAR ranges
    [InlineData("  lidar:\n    min_range: -1\n", "13:16: sensors.lidar.min_range: -1 m is out of range; expected 0–1000 m")]
    [InlineData("  lidar:\n    max_range: 20000\n", "13:16: sensors.lidar.max_range: 20000 m is out of range; expected 1–10000 m")]
    [InlineData("  lidar:\n    min_range: 300\n", "13:16: sensors.lidar.min_range: min_range 300 m must be less than max_range, which defaults to 200 m; set max_range")]
    [InlineData("  lidar:\n    min_range: 50\n    max_range: 40\n", "14:16: sensors.lidar.max_range: max_range 40 m must be greater than min_range 50 m")]
    [InlineData("  lidar:\n    noise: 11\n", "13:12: sensors.lidar.noise: 11 m is out of range; expected 0–10 m")]
    [InlineData("  lidar:\n    dropout: 1.5\n", "13:14: sensors.lidar.dropout: 1.5 is out of range; expected 0–1")]
    // keys
    [InlineData("  camrea: {}\n", "12:3: sensors.camrea: unknown key 'camrea'; did you mean 'camera'?")]
    [InlineData("  camera:\n    widht: 640\n", "13:5: sensors.camera.widht: unknown key 'widht'; did you mean 'width'?")]
    [InlineData("  lidar:\n    colums: 640\n", "13:5: sensors.lidar.colums: unknown key 'colums'; did you mean 'columns'?")]
    [InlineData("  lidar:\n    mount: {hieght: 2}\n", "13:13: sensors.lidar.mount.hieght: unknown key 'hieght'; expected one of: x, y, z, yaw")]
    [InlineData("  camera: 1\n", "12:11: sensors.camera: expected a mapping, found a scalar")]
    public void Each_bound_is_refused_with_its_position_path_and_what_was_expected(string sensors, string expected)
    {
        SpecText.Refused(Ego + "sensors:\n" + sensors, "s.yaml:" + expected);
    }

    [Fact]
    public void The_rate_must_fit_the_simulation_step_also_when_it_is_the_default()
    {
        SpecText.Refused(Ego.Replace("  duration: 10\n", "  duration: 10\n  dt: 0.5\n", StringComparison.Ordinal) + "sensors:\n  camera: {}\n",
            "s.yaml:13:3: sensors: rate defaults to 10 Hz, more frames than the 2 steps a second of meta.dt 0.5 s; set rate to at most 2 Hz");
    }

    [Fact]
    public void The_sensors_need_an_ego_to_ride_on()
    {
        SpecText.Refused("meta:\n  name: s\n  duration: 10\nsensors:\n  rate: 10\n",
            "s.yaml:5:3: sensors: the sensors ride on the ego, and no actor is named 'ego'");
    }

    [Fact]
    public void Every_problem_of_the_section_is_reported_at_once()
    {
        (ScenarioSpec? spec, List<ScenarioDiagnostic> d) = SpecText.Check(Ego + "sensors:\n  rate: 0\n  camera:\n    width: 0\n    near: 0\n  lidar:\n    columns: 0\n    dropout: 2\n");
        Assert.Null(spec);
        Assert.Equal(["sensors.rate", "sensors.camera.width", "sensors.camera.near", "sensors.lidar.columns", "sensors.lidar.dropout"], d.Select(x => x.Path));
    }

    [Fact]
    public void Sensors_is_no_longer_a_reserved_section()
    {
        Assert.DoesNotContain("sensors", ScenarioSpec.ReservedSections);
        Assert.Contains("sensors", ScenarioSections.Names);
    }
}
