using Sim.Core.Ecs;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Pedestrians;
using Sim.Scenarios.Model;

namespace Sim.Scenarios.Tests.Model;

public class PlacementTests
{
    private const string Highway = """
        meta:
          name: p
          duration: 10
        world:
          road:
            type: highway
            lanes: 2
            lane_width: 3.5
            length: 1000

        """;

    [Fact]
    public void A_world_pose_places_vehicles_on_the_lane_under_them_and_everything_else_where_it_says()
    {
        ScenarioInstance s = SpecText.Instance(Highway + """
              props:
                sign:
                  class: barrier
                  x: 120
                  y: 3
                  yaw: 90
            actors:
              car:
                x: 300
                y: -5.25
                speed_kmh: 50
              walker:
                class: pedestrian
                x: 200
                y: 4
                yaw: -90
              doe:
                class: deer
                x: 400
                y: -10
            """);

        var car = Assert.IsType<VehiclePlacement>(s.Actors[0]);
        Assert.Equal(s.World!.Lanes[1], car.Position.Lane); // lanes 3.5 m wide below the reference line: y = −5.25 is lane 1's centre
        Assert.Equal(300, car.Position.S, 6);
        Assert.Equal(0, car.Position.T, 6);
        var walker = Assert.IsType<PedestrianPlacement>(s.Actors[1]);
        Assert.Equal((200.0, 4.0, -Math.PI / 2), (walker.Pose.X, walker.Pose.Y, walker.Pose.Heading));
        var doe = Assert.IsType<DeerPlacement>(s.Actors[2]);
        Assert.Equal((400.0, -10.0), doe.From);
        Assert.Equal(400, doe.To.X, 6);
        Assert.Equal(3.0, doe.To.Y, 6); // mirrored about the carriageway's middle at y = −3.5
        PropPlacement sign = Assert.Single(s.Props);
        Assert.Equal((120.0, 3.0, Math.PI / 2), (sign.Pose.X, sign.Pose.Y, sign.Pose.Heading));

        BuiltScenario b = WorldBuilder.Build(s);
        World w = b.Simulation.World;
        Assert.Equal(300, w.Get<ActorPose>(b.Actors["car"]).X, 6);
        Assert.Equal(PedestrianActivity.Standing, w.Get<PedestrianState>(b.Actors["walker"]).Activity);
    }

    [Theory]
    [InlineData("  car:\n    x: 300\n    y: 40\n", "s.yaml:12:8: actors.car.x: (300, 40) is on no driving lane; a vehicle starts on one")]
    [InlineData("  car:\n    x: 300\n    y: -2\n    lane: 0\n", "s.yaml:14:11: actors.car.lane: give a world pose (x, y) or a road placement (lane, s), not both")]
    [InlineData("  car:\n    x: 300\n", "s.yaml:12:5: actors.car.y: missing required key 'y'")]
    [InlineData("  w:\n    class: pedestrian\n    lane: verge\n    s: 20\n    yaw: 10\n", "s.yaml:15:10: actors.w.yaw: 'yaw' goes with x and y; on the road a thing faces along its lane")]
    [InlineData("  w:\n    class: pedestrian\n    x: 20\n    y: 9\n    facing: road\n", "s.yaml:15:13: actors.w.facing: 'facing' is relative to the road; with x and y give yaw")]
    [InlineData("  doe:\n    class: deer\n    x: 20\n    y: 900\n", "s.yaml:13:8: actors.doe.x: (20, 900) is beside no road; a deer crosses one")]
    [InlineData("  car:\n    x: 200000\n    y: 0\n", "s.yaml:12:8: actors.car.x: 200000 m is out of range; expected -100000–100000 m")]
    public void World_pose_mistakes_are_reported_at_their_key(string actors, string expected) =>
        SpecText.Refused(Highway + "actors:\n" + actors, expected);

    [Fact]
    public void An_actor_that_spawns_later_is_not_checked_for_overlap_at_the_start() =>
        Assert.Equal(2, SpecText.Instance(Highway + "actors:\n  a:\n    lane: 0\n    s: 100\n  b:\n    lane: 0\n    s: 101\n    spawn: on_event\n").Actors.Count);
}

public class ChoiceOfWordsTests
{
    [Fact]
    public void Classes_behaviours_and_places_may_be_a_choice_of_words_drawn_per_variation()
    {
        const string Yaml = """
            meta:
              name: c
              duration: 10
            world:
              road:
                type: urban_block
            actors:
              a:
                class: choice([car, van, truck])
                lane: 0
                s: 10
                behaviour: choice([drive, keep_lane])
              w:
                class: pedestrian
                lane: choice([sidewalk, far_sidewalk])
                s: 60
            """;
        var classes = new HashSet<ActorClass>();
        var sides = new HashSet<double>();
        for (int i = 0; i < 40; i++)
        {
            ScenarioInstance s = SpecText.Instance(Yaml, i);
            classes.Add(s.Actors[0].Class);
            sides.Add(Math.Round(((PedestrianPlacement)s.Actors[1]).Pose.Y));
            Assert.Contains(s.Draws, d => d.Path == "actors.a.class" && d.Value.Text == s.Actors[0].Class.ToString().ToLowerInvariant());
        }

        Assert.Equal([ActorClass.Car, ActorClass.Van, ActorClass.Truck], classes.Order());
        Assert.Equal(2, sides.Count); // near and far sidewalk
    }

    [Theory]
    [InlineData("    class: choice([car, tank])\n    lane: 0\n    s: 10\n", "s.yaml:9:12: actors.a.class: choice([car, tank]) offers 'tank'; each class must be one of: car, van")]
    [InlineData("    class: pedestrian\n    lane: choice([sidewalk, kerb])\n    s: 10\n", "s.yaml:10:11: actors.a.lane: choice([sidewalk, kerb]) offers 'kerb'; expected")]
    public void A_choice_offering_a_word_the_field_does_not_take_is_refused(string actor, string expected) =>
        SpecText.Refused("meta:\n  name: c\n  duration: 10\nworld:\n  road:\n    type: urban_block\nactors:\n  a:\n" + actor, expected);
}

public class StartOverlapTests
{
    [Theory]
    [InlineData("  car:\n    lane: 0\n    s: 103\n", "s.yaml:11:5: actors.car: car starts inside prop van")]
    [InlineData("  kid:\n    class: pedestrian\n    lane: 0\n    s: 100\n", "s.yaml:11:5: actors.kid: kid starts inside prop van")]
    public void An_actor_that_starts_inside_a_prop_is_refused(string actor, string expected) =>
        SpecText.Refused("meta:\n  name: o\n  duration: 5\nworld:\n  road:\n    type: highway\n  props:\n    van: {class: van, lane: 0, s: 100}\nactors:\n" + actor, expected);

    [Fact]
    public void Actors_beside_props_and_ones_that_spawn_later_are_fine() =>
        Assert.Equal(2, SpecText.Instance("meta:\n  name: o\n  duration: 5\nworld:\n  road:\n    type: highway\n  props:\n    van: {class: van, lane: 0, s: 100}\nactors:\n  car:\n    lane: 0\n    s: 106.5\n  later:\n    lane: 0\n    s: 100\n    spawn: on_event\n").Actors.Count);
}
