using Sim.Core.Ecs;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Roads.Generators;
using Sim.Core.Traffic.Safety;
using Sim.Core.Weather;
using Sim.Scenarios.Events;
using Sim.Scenarios.Tests.Model;

namespace Sim.Scenarios.Tests.Events;

public class ScenarioEventSystemTests
{
    private const string Highway = """
        meta:
          name: e
          duration: 30
          dt: 0.05
        world:
          road:
            type: highway
            lanes: 2
            length: 2000

        """;

    private static BuiltScenario Build(string yaml) => WorldBuilder.Build(SpecText.Instance(yaml));

    private static EventRecord Fired(BuiltScenario b, string name) =>
        Assert.Single(b.Simulation.World.GetManagedResource<EventLog>().Records, r => r.Event == name);

    private static double Speed(World w, Entity e)
    {
        ActorPose p = w.Get<ActorPose>(e);
        return Math.Sqrt((p.Vx * p.Vx) + (p.Vy * p.Vy));
    }

    [Fact]
    public void A_timed_hard_brake_stops_the_car_in_the_textbook_distance()
    {
        BuiltScenario b = Build(Highway + """
            actors:
              lead:
                lane: 0
                s: 100
                speed_kmh: 72
                desired_speed_kmh: 72
            events:
              brake:
                when:
                  time: 2
                do:
                  - action: brake_hard
                    actor: lead
                    deceleration: 8
            """);
        World w = b.Simulation.World;
        Entity lead = b.Actors["lead"];
        b.Simulation.Run(40); // 2 s
        EventRecord fired = Fired(b, "brake");
        Assert.Equal((39L, 2.0), (fired.Tick, fired.Time)); // the step that ends at t = 2 s
        double start = w.Get<ActorPose>(lead).X;
        b.Simulation.Run(100);
        // 20 m/s at 8 m/s² stops in v²/2a = 25 m and 2.5 s (the ballistic update is exact for constant deceleration).
        Assert.Equal(0, Speed(w, lead), 9);
        Assert.Equal(25.0, w.Get<ActorPose>(lead).X - start, 1);
    }

    [Fact]
    public void A_distance_trigger_fires_in_the_first_step_the_gap_is_below_its_value()
    {
        BuiltScenario b = Build(Highway + """
            actors:
              ego:
                lane: 0
                s: 100
                speed_kmh: 72
                behaviour: keep_lane
              parked:
                lane: 0
                s: 300
                behaviour: stopped
            events:
              close:
                when:
                  distance: [ego, parked]
                  below: 50
                do:
                  - action: set_speed
                    actor: ego
                    speed_kmh: 10
            """);
        World w = b.Simulation.World;
        double gap = double.NaN, before = double.NaN;
        for (int k = 0; k < 400 && !w.GetManagedResource<EventLog>().Records.Any(); k++)
        {
            before = gap;
            b.Simulation.Step();
            gap = w.Get<ActorPose>(b.Actors["parked"]).X - w.Get<ActorPose>(b.Actors["ego"]).X - 4.5; // bumper to bumper
        }

        Assert.InRange(gap, 0, 50);
        Assert.True(before >= 50, $"the gap was {before} m a step earlier");
    }

    [Fact]
    public void After_with_a_delay_fires_that_long_after_the_event_it_follows()
    {
        BuiltScenario b = Build(Highway + """
            actors:
              a:
                lane: 0
                s: 100
                speed_kmh: 50
            events:
              first:
                when:
                  speed: a
                  above: 55
              second:
                when:
                  after: first
                  delay: 1.5
                do:
                  - action: stop
                    actor: a
            """);
        b.Simulation.Run(400);
        Assert.Equal(1.5, Fired(b, "second").Time - Fired(b, "first").Time, 9);
        Assert.Equal("none", Fired(b, "first").Action);
    }

    [Fact]
    public void A_weather_action_ramps_the_named_fields_and_leaves_the_rest_on_the_timeline()
    {
        BuiltScenario b = Build(Highway + """
            events:
              fog:
                when:
                  time: 4
                do:
                  - action: weather
                    over: 10
                    fog_visibility: 100
            weather:
              keyframes:
                - time: 0
                  fog_visibility: 2100
                  sun_altitude: 10
                - time: 30
                  sun_altitude: 40
            """);
        b.Simulation.Run(180); // 9 s: halfway through the ramp from 4 s to 14 s
        WeatherState mid = b.Simulation.World.GetResource<WeatherState>();
        Assert.Equal(2100 * Math.Pow(100 / 2100.0, 0.495), mid.FogVisibility, 6); // log-space interpolation, at (8.95 − 4) / 10

        Assert.Equal((10 + (30 * (8.95 / 30))) * Math.PI / 180, mid.SunAltitude, 9); // the state of the step that started at 8.95 s
        b.Simulation.Run(200);
        Assert.Equal(100, b.Simulation.World.GetResource<WeatherState>().FogVisibility, 9);
    }

    [Fact]
    public void Two_weather_actions_in_one_step_and_keyframes_inside_a_ramp_each_keep_their_own_timing()
    {
        BuiltScenario b = Build(Highway + """
            events:
              storm:
                when:
                  time: 2
                do:
                  - action: weather
                    over: 0
                    rain: 1
                  - action: weather
                    over: 4
                    snow: 1
            weather:
              keyframes:
                - time: 0
                  sun_altitude: 30
                - time: 4
                  sun_altitude: 5
                - time: 30
                  sun_altitude: 5
            """);
        b.Simulation.Run(81); // the step starting at 4 s: halfway through the snow ramp, on the sun's keyframe
        WeatherState w = b.Simulation.World.GetResource<WeatherState>();
        Assert.Equal(1, w.Rain, 9);                    // switched at once, not ramped with the snow
        Assert.Equal(0.5, w.Snow, 9);                  // (4 − 2) / 4
        Assert.Equal(5 * Math.PI / 180, w.SunAltitude, 9); // the file's keyframe inside the ramp is kept
    }

    [Fact]
    public void Reaches_fires_when_an_actor_passes_the_line_not_when_it_starts_past_it()
    {
        BuiltScenario b = Build(Highway + """
            actors:
              behind:
                lane: 0
                s: 100
                speed_kmh: 36
                desired_speed_kmh: 36
                behaviour: keep_lane
              ahead:
                lane: 1
                s: 300
                speed_kmh: 36
                behaviour: keep_lane
            events:
              passes:
                when:
                  reaches: behind
                  s: 150
              never:
                when:
                  reaches: ahead
                  s: 150
            """);
        b.Simulation.Run(200);
        EventRecord passes = Fired(b, "passes");
        double s = 100 + (10 * passes.Time);
        Assert.InRange(s, 150, 150 + 0.5 + 1e-9); // the first step at or past the line (10 m/s × 0.05 s)
        Assert.DoesNotContain(b.Simulation.World.GetManagedResource<EventLog>().Records, r => r.Event == "never");
    }

    [Fact]
    public void An_event_fires_in_the_same_step_as_the_one_it_follows_wherever_it_stands_in_the_file()
    {
        BuiltScenario b = Build(Highway + """
            events:
              second:
                when:
                  after: first
              first:
                when:
                  time: 1
            """);
        b.Simulation.Run(40);
        Assert.Equal(Fired(b, "first").Time, Fired(b, "second").Time);
    }

    [Fact]
    public void Events_waiting_for_the_same_event_act_in_file_order()
    {
        BuiltScenario b = Build(Highway + """
            actors:
              car:
                lane: 0
                s: 100
                speed_kmh: 50
            events:
              first:
                when:
                  after: go
                do:
                  - action: set_speed
                    actor: car
                    speed_kmh: 30
              go:
                when:
                  time: 1
              second:
                when:
                  after: go
                do:
                  - action: set_speed
                    actor: car
                    speed_kmh: 90
            """);
        b.Simulation.Run(40);
        Assert.Equal(["go", "first", "second"], b.Simulation.World.GetManagedResource<EventLog>().Fired);
        Assert.Equal(25.0, b.Simulation.World.Get<Sim.Core.Traffic.Vehicles.VehicleControl>(b.Actors["car"]).TargetSpeed, 9); // the later one wins
    }

    [Fact]
    public void Spawn_brings_an_actor_in_when_its_event_fires_and_despawn_takes_it_out()
    {
        BuiltScenario b = Build(Highway + """
            actors:
              late:
                lane: 1
                s: 500
                speed_kmh: 50
                spawn: on_event
            events:
              arrive:
                when:
                  time: 1
                do:
                  - action: spawn
                    actor: late
              leave:
                when:
                  time: 3
                do:
                  - action: despawn
                    actor: late
            """);
        Assert.False(b.Actors.ContainsKey("late"));
        b.Simulation.Run(20);
        Entity late = b.Actors["late"];
        Assert.Equal(WorldBuilder.ActorId("late"), b.Simulation.World.Get<Sim.Core.Kernel.StableId>(late).Value);
        b.Simulation.Run(40);
        Assert.False(b.Simulation.World.IsAlive(late));
        Assert.All(b.Simulation.World.GetManagedResource<EventLog>().Records, r => Assert.Equal(ActionOutcome.Applied, r.Outcome));
    }

    [Fact]
    public void An_action_the_world_refuses_is_logged_not_thrown()
    {
        BuiltScenario b = Build(Highway + """
            actors:
              a:
                lane: 0
                s: 100
            events:
              impossible:
                when:
                  time: 1
                do:
                  - action: change_lane
                    actor: a
                    side: left
            """);
        b.Simulation.Run(40);
        EventRecord r = Fired(b, "impossible");
        Assert.Equal(ActionOutcome.Refused, r.Outcome);
        Assert.Contains("no drivable lane on its left", r.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_barrier_prop_on_the_lane_stops_the_traffic_behind_it_and_a_stalled_car_never_moves()
    {
        BuiltScenario b = Build(Highway + """
              props:
                barrier:
                  class: barrier
                  lane: 0
                  s: 400
                  heading: 90
            actors:
              car:
                lane: 0
                s: 100
                speed_kmh: 80
                behaviour: keep_lane
              stalled:
                lane: 1
                s: 250
                behaviour: stopped
            """);
        World w = b.Simulation.World;
        double stalledX = w.Get<ActorPose>(b.Actors["stalled"]).X;
        b.Simulation.Run(600);
        Assert.Equal(0, Speed(w, b.Actors["car"]), 3);
        double front = w.Get<ActorPose>(b.Actors["car"]).X + 2.25;
        Assert.InRange(400 - 2 - front, 0.5, 6); // stopped short of the barrier (4 m long, turned across the lane)
        Assert.Equal(stalledX, w.Get<ActorPose>(b.Actors["stalled"]).X, 9);
        Assert.Empty(w.GetManagedResource<CollisionLog>().Events);
    }

    [Fact]
    public void A_bus_across_three_lanes_stops_the_traffic_on_every_lane_it_covers()
    {
        BuiltScenario b = Build("""
            meta:
              name: b
              duration: 30
            world:
              road:
                type: highway
                lanes: 3
                length: 1000
              props:
                bus:
                  class: bus
                  lane: 1
                  s: 400
                  heading: 90
            actors:
              left:
                lane: 0
                s: 100
                speed_kmh: 80
                behaviour: keep_lane
              right:
                lane: 2
                s: 100
                speed_kmh: 80
                behaviour: keep_lane
            """);
        World w = b.Simulation.World;
        b.Simulation.Run(600);
        Assert.Empty(w.GetManagedResource<CollisionLog>().Events);
        Assert.All(new[] { "left", "right" }, n => Assert.True(w.Get<ActorPose>(b.Actors[n]).X < 400 - 1.3 - 2.25, $"{n} stopped short of the bus"));
    }

    [Fact]
    public void A_filtering_motorcycle_passes_a_queue_between_two_lanes()
    {
        string queue = string.Concat(Enumerable.Range(0, 6).Select(i => $"  q{i}:\n    lane: {i % 2}\n    s: {300 + (i / 2 * 12)}\n    speed_kmh: 10\n    desired_speed_kmh: 10\n    behaviour: keep_lane\n"));
        const string Moto = """
              moto:
                class: motorcycle
                lane: 0
                lane_offset: -1.75
                s: 200
                speed_kmh: 40
                desired_speed_kmh: 40
                behaviour: keep_lane
            """;
        BuiltScenario b = Build(Highway + "actors:\n" + queue + Moto);
        BuiltScenario alone = Build(Highway + "actors:\n" + queue); // the same queue without the motorcycle
        World w = b.Simulation.World;
        double worst = 0;
        for (int step = 0; step < 400; step++) // 20 s
        {
            b.Simulation.Step();
            alone.Simulation.Step();
            worst = Math.Max(worst, Enumerable.Range(0, 6).Max(i => Math.Abs(Speed(w, b.Actors[$"q{i}"]) - Speed(alone.Simulation.World, alone.Actors[$"q{i}"]))));
        }

        double moto = w.Get<ActorPose>(b.Actors["moto"]).X;
        Assert.All(Enumerable.Range(0, 6), i => Assert.True(moto > w.Get<ActorPose>(b.Actors[$"q{i}"]).X + 5, $"q{i} is still ahead"));
        Assert.Empty(w.GetManagedResource<CollisionLog>().Events);
        Assert.True(worst < 1e-9, $"the motorcycle changed a queue car's speed by {worst:0.###} m/s"); // they pass each other, neither brakes
    }

    [Fact]
    public void A_filtering_motorcycle_stops_for_a_truck_in_the_next_lane_that_its_body_reaches_into()
    {
        BuiltScenario b = Build("""
            meta:
              name: f
              duration: 10
            world:
              road:
                type: highway
                lanes: 2
                lane_width: 3.0
                length: 1000
            actors:
              truck:
                class: truck
                lane: 1
                s: 100
                behaviour: stopped
              moto:
                class: motorcycle
                lane: 0
                lane_offset: -1.5
                s: 50
                speed_kmh: 54
                desired_speed_kmh: 54
                behaviour: keep_lane
            """);
        b.Simulation.Run(200);
        World w = b.Simulation.World;
        Assert.Empty(w.GetManagedResource<CollisionLog>().Events);
        Assert.True(w.Get<ActorPose>(b.Actors["moto"]).X + 1.05 < 100 - 6, "stopped behind the truck's rear");
    }

    [Fact]
    public void A_deer_without_a_start_time_waits_for_its_cross_action()
    {
        BuiltScenario b = Build(Highway + """
            actors:
              deer:
                class: deer
                s: 300
                speed_kmh: 20
            events:
              go:
                when:
                  time: 5
                do:
                  - action: cross
                    actor: deer
            """);
        World w = b.Simulation.World;
        double y0 = w.Get<ActorPose>(b.Actors["deer"]).Y;
        b.Simulation.Run(90);
        Assert.Equal(y0, w.Get<ActorPose>(b.Actors["deer"]).Y, 9);
        b.Simulation.Run(40);
        Assert.True(w.Get<ActorPose>(b.Actors["deer"]).Y > y0 + 1, "crossing towards the far verge (north of the eastbound lanes)");
    }

    [Fact]
    public void A_jaywalker_crosses_to_the_far_sidewalk_and_a_left_turner_leaves_on_the_left_arm()
    {
        BuiltScenario street = Build("""
            meta:
              name: j
              duration: 30
            world:
              road:
                type: urban_block
                crosswalks_per_side: 0
            actors:
              walker:
                class: pedestrian
                lane: sidewalk
                s: 60
            events:
              go:
                when:
                  time: 1
                do:
                  - action: jaywalk
                    actor: walker
                    speed: 1.5
            """);
        World w = street.Simulation.World;
        ActorPose start = w.Get<ActorPose>(street.Actors["walker"]);
        street.Simulation.Run(300);
        ActorPose end = w.Get<ActorPose>(street.Actors["walker"]);
        Assert.True(start.Y < -50 && end.Y > -50, $"from y {start.Y:0.0} to {end.Y:0.0}: across the south street's centre line at y = -50");
        Assert.Equal(-50 - start.Y, end.Y + 50, 0.5); // the mirror image across the centre line

        BuiltScenario junction = Build("""
            meta:
              name: t
              duration: 30
            world:
              road:
                type: intersection
            actors:
              turner:
                arm: south
                lane: 0
                s: 60
                speed_kmh: 30
                route: left
            """);
        var layout = (IntersectionLayout)SpecText.Instance("meta:\n  name: t\n  duration: 1\nworld:\n  road:\n    type: intersection\n").World!.Layout;
        junction.Simulation.Run(300); // 15 s: through the junction, not yet off the end of the 100 m arm
        Assert.Contains(junction.Simulation.World.Get<LaneMotion>(junction.Actors["turner"]).Lane, layout.Arm(Compass.West).OutgoingLanes);
    }

    [Theory]
    [InlineData("  p:\n    class: pedestrian\n    lane: sidewalk\n    s: 10\n", "s.yaml:13:11: actors.p.lane: a highway road has no sidewalk; expected a lane index 0–1 or verge or far_verge")]
    [InlineData("  p:\n    class: pedestrian\n    lane: verge\n    s: 10\n    walk: along\n", "s.yaml:15:11: actors.p.walk: only a pedestrian on a sidewalk walks along it")]
    [InlineData("  v:\n    lane: sidewalk\n    s: 10\n", "s.yaml:12:11: actors.v.lane: cannot stand on the sidewalk; expected a lane index 0–1")]
    [InlineData("  v:\n    lane: 0\n    s: 10\n    route: left\n", "s.yaml:14:12: actors.v.route: 'route' picks a movement through an intersection; this world's road is a highway")]
    [InlineData("  v:\n    lane: 0\n    s: 10\n    arm: north\n", "s.yaml:14:10: actors.v.arm: 'arm' names an intersection arm; this world's road is a highway")]
    [InlineData("  v:\n    lane: 0\n    s: 10\n    lane_offset: 3\n", "s.yaml:14:18: actors.v.lane_offset: 3 m is out of range; expected -2.5–2.5 m")]
    public void Placement_mistakes_say_what_the_road_offers(string actors, string expected) =>
        SpecText.Refused(Highway + "actors:\n" + actors, expected);

    [Fact]
    public void A_left_turn_from_a_lane_that_has_none_names_the_lane_it_starts_from() =>
        SpecText.Refused("meta:\n  name: t\n  duration: 5\nworld:\n  road:\n    type: intersection\n    lanes: 2\nactors:\n  v:\n    arm: east\n    lane: 1\n    s: 10\n    route: left\n",
            "s.yaml:13:12: actors.v.route: no left turn from lane 1 of the east arm; left turns start from lane 0");
}
