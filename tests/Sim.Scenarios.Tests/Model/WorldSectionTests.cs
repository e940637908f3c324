using Sim.Core.Traffic.Roads.Generators;
using Sim.Scenarios.Model;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Tests.Model;

public class WorldSectionTests
{
    private const string Meta = "meta:\n  name: w\n  duration: 10\n";

    private static (ScenarioSpec? Spec, List<ScenarioDiagnostic> Diagnostics) Spec(string yaml) => SpecText.Check(yaml);

    private static ScenarioWorld World(string road, int index = 0)
    {
        (ScenarioSpec? spec, List<ScenarioDiagnostic> d) = Spec(Meta + "world:\n  road:\n" + road);
        Assert.True(spec is not null, string.Join("\n", d));
        ScenarioInstance? instance = spec.Instantiate(null, index, d);
        Assert.True(instance?.World is not null, string.Join("\n", d));
        return instance.World;
    }

    [Fact]
    public void A_highway_with_an_on_ramp_is_generated_with_the_files_parameters()
    {
        ScenarioWorld w = World("    type: highway\n    lanes: 2\n    speed_limit_kmh: 100\n    length: 1500\n    on_ramp:\n      merge_start: 600\n      entry_length: 200\n");
        var layout = Assert.IsType<HighwayLayout>(w.Layout);
        Assert.Equal(("highway", 1500.0), (w.Type, layout.Length));
        Assert.Equal(3, layout.Sections.Count); // before, alongside and after the entry lane
        Assert.Equal(2, layout.Sections[0].Count);
        Assert.Equal(600.0, layout.SectionStarts[1]);
        Assert.Equal(100 / 3.6, w.Network.Lane(layout.Sections[0][0]).SpeedLimit, 9);
        Assert.Same(layout.Network, w.Network);
    }

    [Fact]
    public void A_curve_takes_degrees_and_a_direction_and_a_ring_its_circumference()
    {
        var curve = Assert.IsType<CurveLayout>(World("    type: curve\n    radius: 120\n    angle: 90\n    direction: right\n    two_way: true\n").Layout);
        Assert.Equal(120.0, curve.Radius);
        Assert.Equal(120 * Math.PI / 2, curve.ArcEnd - curve.ArcStart, 6); // a quarter circle on the reference line
        Assert.NotEmpty(curve.OppositeLanes);
        var ring = Assert.IsType<RingRoadLayout>(World("    type: ring\n    circumference: 300\n").Layout);
        Assert.Equal(300 / (2 * Math.PI), ring.Radius, 9);
    }

    [Fact]
    public void Road_parameters_may_vary_and_each_variation_builds_its_own_road()
    {
        const string road = "    type: ring\n    circumference: uniform(200, 400)\n";
        double a = Assert.IsType<RingRoadLayout>(World(road, 0).Layout).Length, b = Assert.IsType<RingRoadLayout>(World(road, 1).Layout).Length;
        Assert.InRange(a, 200, 400);
        Assert.InRange(b, 200, 400);
        Assert.NotEqual(a, b);
        Assert.Equal(a, Assert.IsType<RingRoadLayout>(World(road, 0).Layout).Length);
    }

    [Theory]
    [InlineData("    type: higway\n", "s.yaml:6:11: world.road.type: unknown type 'higway'; did you mean 'highway'?")]
    [InlineData("    lanes: 2\n", "s.yaml:6:5: world.road.type: missing required key 'type'")]
    [InlineData("    type: highway\n    lanes: 2.5\n", "s.yaml:7:12: world.road.lanes: expected a whole number, found 2.5")]
    [InlineData("    type: highway\n    lanes: 9\n", "s.yaml:7:12: world.road.lanes: 9 is out of range; expected 1–6")]
    [InlineData("    type: highway\n    radius: 100\n", "s.yaml:7:5: world.road.radius: unknown key 'radius'")]
    [InlineData("    type: curve\n    two_way: yes\n", "s.yaml:7:14: world.road.two_way: expected true or false, found 'yes'")]
    [InlineData("    type: highway\n    length: 1000\n    on_ramp:\n      merge_start: 900\n", "s.yaml:9:20: world.road.on_ramp.merge_start: merge_start must be within 10–740 m (the entry lane must end at least 10 m before the highway does); here 900")]
    [InlineData("    type: ring\n    circumference: 60\n", "s.yaml:7:20: world.road.circumference: 60 m is out of range; expected 62.832–100000 m")]
    [InlineData("    type: highway\n    length: 500\n    on_ramp:\n      entry_length: 100\n", "s.yaml:9:7: world.road.on_ramp: merge_start defaults to 800 m, beyond this 500 m highway; set on_ramp.merge_start (10–390 m: the 100 m entry lane must end at least 10 m before the highway does)")]
    [InlineData("    type: highway\n    length: 1000\n    on_ramp:\n      entry_length: 200\n", "s.yaml:9:7: world.road.on_ramp: merge_start defaults to 800 m, too late on this 1000 m highway: the 200 m entry lane must end at least 10 m before the highway does; set on_ramp.merge_start (10–790 m)")]
    [InlineData("    type: highway\n    on_ramp:\n      ramp_radius: 5000\n      ramp_angle: 90\n", "s.yaml:8:20: world.road.on_ramp.ramp_radius: the ramp's arc, (ramp_radius + half a lane) × ramp_angle = 5001.875 m × 90° = 7856.927 m, exceeds the ramp's length limit of 2000 m; use a smaller ramp_radius or ramp_angle")]
    [InlineData("    type: highway\n    on_ramp:\n      ramp_angle: 90\n      ramp_radius: 5000\n", "s.yaml:9:20: world.road.on_ramp.ramp_radius: the ramp's arc")]
    [InlineData("    type: highway\n    on_ramp:\n      ramp_radius: 1000\n      ramp_angle: 30\n", "s.yaml:8:7: world.road.on_ramp: ramp_length defaults to 200 m, shorter than the ramp's arc (524.581 m on its reference line); set on_ramp.ramp_length (524.581–2000 m)")]
    [InlineData("    type: highway\n    on_ramp:\n      ramp_length: 5\n", "s.yaml:8:20: world.road.on_ramp.ramp_length: ramp_length must be within 60.375–2000 m (at least the arc's length on the ramp's reference line); here 5")]
    [InlineData("    type: highway\n    length: 150\n    on_ramp:\n      entry_length: 200\n", "s.yaml:9:21: world.road.on_ramp.entry_length: the entry lane (entry_length 200 m) does not fit this 150 m highway: the entry lane must start at least 10 m after the highway's start and end at least 10 m before its end, so entry_length may be at most 130 m")]
    [InlineData("    type: highway\n    length: 100\n    on_ramp: {}\n", "s.yaml:8:14: world.road.on_ramp: entry_length defaults to 250 m, too long for this 100 m highway")]
    [InlineData("    type: ring\n    circumference: 100\n    straight_length: 40\n", "s.yaml:8:22: world.road.straight_length: straight_length must be within 0–18.584 m (the half circles need a radius of at least 10 m); here 40")]
    public void Road_mistakes_are_reported_at_their_value(string road, string expected)
    {
        (ScenarioSpec? spec, List<ScenarioDiagnostic> d) = Spec(Meta + "world:\n  road:\n" + road);
        Assert.Null(spec);
        Assert.True(d.Exists(x => x.ToString().StartsWith(expected, StringComparison.Ordinal)), string.Join("\n", d));
    }
}
