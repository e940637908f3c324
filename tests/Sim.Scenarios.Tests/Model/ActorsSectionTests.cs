using Sim.Core.Traffic;
using Sim.Core.Traffic.Roads.Generators;
using Sim.Scenarios.Model;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Tests.Model;

public class ActorsSectionTests
{
    private const string Highway = "meta:\n  name: a\n  duration: 10\nworld:\n  road:\n    type: highway\n    lanes: 3\n    length: 1000\n    on_ramp:\n      merge_start: 400\n      entry_length: 200\nactors:\n";

    private static ScenarioInstance Instance(string yaml, int index = 0) => SpecText.Instance(yaml, index);

    [Fact]
    public void Vehicles_are_placed_on_the_lane_and_distance_the_file_gives()
    {
        ScenarioInstance s = Instance(Highway + "  ego:\n    lane: 1\n    s: 100\n    speed_kmh: 90\n  lead:\n    class: truck\n    lane: 1\n    s: 500\n    speed_kmh: 72\n    desired_speed_kmh: 80\n    time_headway: 2\n");
        var layout = Assert.IsType<HighwayLayout>(s.World!.Layout);
        Assert.Equal(["ego", "lead"], s.Actors.Select(a => a.Name));
        VehiclePlacement ego = Assert.IsType<VehiclePlacement>(s.Actors[0]), lead = Assert.IsType<VehiclePlacement>(s.Actors[1]);
        Assert.Equal((ActorClass.Car, 25.0), (ego.Spec.Class, ego.Speed));
        Assert.Equal(layout.MainLaneAt(1, 100), ego.Position);
        Assert.Equal(layout.MainLaneAt(1, 500), lead.Position); // in the section alongside the entry lane
        Assert.Equal(100.0, lead.Position.S, 9); // 500 m from the start is 100 m into that section
        Assert.Equal((ActorClass.Truck, 20.0, 80 / 3.6, 2.0), (lead.Spec.Class, lead.Speed, lead.Spec.Idm!.Value.DesiredSpeed, lead.Spec.Idm.Value.TimeHeadway));
    }

    [Fact]
    public void Actor_positions_may_vary_per_variation()
    {
        const string actors = "  ego:\n    lane: 0\n    s: uniform(0, 900)\n";
        double a = ((VehiclePlacement)Instance(Highway + actors, 0).Actors[0]).Position.S, b = ((VehiclePlacement)Instance(Highway + actors, 1).Actors[0]).Position.S;
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData("  ego:\n    lane: 3\n    s: 10\n", "s.yaml:14:11: actors.ego.lane: 3 is out of range; expected 0–2")]
    [InlineData("  ego:\n    lane: 0\n    s: 1200\n", "s.yaml:15:8: actors.ego.s: 1200 m is out of range; expected 0–1000 m")]
    [InlineData("  ego:\n    lane: 0\n", "s.yaml:14:5: actors.ego.s: missing required key 's'")]
    [InlineData("  ego:\n    class: tank\n    lane: 0\n    s: 10\n", "s.yaml:14:12: actors.ego.class: unknown class 'tank'; did you mean 'van'?")]
    [InlineData("  ../x:\n    lane: 0\n    s: 10\n", "s.yaml:13:3: actors: '../x' is not a valid actor name")]
    [InlineData("  a:\n    lane: 0\n    s: 10\n  b:\n    lane: 0\n    s: 13\n", "s.yaml:17:5: actors.b: b starts 3 m from a along the same lane; their bodies overlap (centres must be at least 4.5 m apart)")]
    [InlineData("  ego: car\n", "s.yaml:13:8: actors.ego: expected a mapping")]
    public void Actor_mistakes_are_reported_at_their_value(string actors, string expected)
    {
        (ScenarioSpec? spec, List<ScenarioDiagnostic> d) = SpecText.Check(Highway + actors);
        Assert.Null(spec);
        Assert.True(d.Exists(x => x.ToString().StartsWith(expected, StringComparison.Ordinal)), string.Join("\n", d));
    }

    [Fact]
    public void On_a_ring_the_overlap_check_goes_round_the_loop()
    {
        const string ring = "meta:\n  name: a\n  duration: 10\nworld:\n  road:\n    type: ring\n    circumference: 230\nactors:\n";
        (ScenarioSpec? spec, List<ScenarioDiagnostic> d) = SpecText.Check(ring + "  a:\n    lane: 0\n    s: 1\n  b:\n    lane: 0\n    s: 228\n");
        Assert.Null(spec);
        Assert.Contains(d, x => x.Message.StartsWith("a starts 3.15 m from b along the same lane", StringComparison.Ordinal));
        Assert.Equal(2, Instance(ring + "  a:\n    lane: 0\n    s: 5\n  b:\n    lane: 0\n    s: 200\n").Actors.Count);
    }

    [Fact]
    public void Actors_without_a_road_are_an_error_that_says_what_to_add()
    {
        (ScenarioSpec? spec, List<ScenarioDiagnostic> d) = SpecText.Check("meta:\n  name: a\n  duration: 10\nactors:\n  ego:\n    lane: 0\n    s: 1\n");
        Assert.Null(spec);
        Assert.Contains(d, x => x.Message == "actors need a road: add world.road");
    }
}
