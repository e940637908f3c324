using Sim.Scenarios.Model;

namespace Sim.Scenarios.Tests.Model;

public class EventsSectionTests
{
    private const string Head = """
        meta:
          name: e
          duration: 30
        world:
          road:
            type: highway
            lanes: 2
            length: 1000
        actors:
          ego:
            lane: 0
            s: 100
            speed_kmh: 80
          lead:
            lane: 0
            s: 150
            speed_kmh: 80
          walker:
            class: pedestrian
            lane: verge
            s: 300
          late:
            lane: 1
            s: 10
            spawn: on_event
        events:

        """;

    [Fact]
    public void Events_read_their_trigger_and_actions_in_SI_units()
    {
        ScenarioInstance s = SpecText.Instance(Head + """
              brake:
                when:
                  headway: [ego, lead]
                  below: 1.2
                  delay: 0.5
                do:
                  - action: brake_hard
                    actor: lead
                    deceleration: 7
                  - action: set_speed
                    actor: ego
                    speed_kmh: 36
              fog:
                when:
                  after: brake
                  time: 10
                do:
                  - action: weather
                    over: 5
                    fog_visibility: 80
            """);

        ScenarioEvent brake = s.Events[0], fog = s.Events[1];
        Assert.Equal(new EventTrigger(TriggerKind.Headway, "ego", "lead", 1.2, true, 0.5, null, null), brake.When);
        Assert.Equal(("brake_hard", "lead", 7.0), (brake.Do[0].Kind, brake.Do[0].Actor, brake.Do[0].Amount));
        Assert.Equal(10.0, brake.Do[1].Amount, 12); // 36 km/h
        Assert.Equal((TriggerKind.Time, 10.0, "brake"), (fog.When.Kind, fog.When.Value, fog.When.After));
        Assert.Equal([("fog_visibility", 80.0)], fog.Do[0].Weather);
    }

    [Theory]
    [InlineData("  x:\n    when:\n      time: 1\n    do:\n      - action: brake_hard\n        actor: leed\n", "s.yaml:32:16: events.x.do[0].actor: unknown actor 'leed'; did you mean 'lead'?")]
    [InlineData("  x:\n    when:\n      time: 1\n    do:\n      - action: brake_hard\n        actor: walker\n", "s.yaml:32:16: events.x.do[0].actor: walker is a pedestrian; this needs a vehicle")]
    [InlineData("  x:\n    when:\n      time: 1\n    do:\n      - action: jaywalk\n        actor: ego\n", "s.yaml:32:16: events.x.do[0].actor: ego is a car; this needs a pedestrian")]
    [InlineData("  x:\n    when:\n      time: 1\n    do:\n      - action: spawn\n        actor: ego\n", "s.yaml:32:16: events.x.do[0].actor: ego is in the world from the start; give it spawn: on_event")]
    [InlineData("  x:\n    when:\n      time: 1\n    do:\n      - action: brake_hrad\n", "s.yaml:31:17: events.x.do[0].action: unknown action 'brake_hrad'; did you mean 'brake_hard'?")]
    [InlineData("  x:\n    when:\n      time: 1\n    do:\n      - action: brake_hard\n        actor: lead\n        deceleration: 30\n", "s.yaml:33:23: events.x.do[0].deceleration: 30 m/s² is out of range; expected 0.5–12 m/s²")]
    [InlineData("  x:\n    when:\n      time: 1\n    do:\n      - action: weather\n        over: 3\n", "s.yaml:31:9: events.x.do[0]: a weather action changes at least one of rain, snow")]
    [InlineData("  x:\n    when:\n      time: 40\n", "s.yaml:29:13: events.x.when.time: 40 s is out of range; expected 0–30 s")]
    [InlineData("  x:\n    when:\n      after: y\n", "s.yaml:29:14: events.x.when.after: unknown event 'y'")]
    [InlineData("  x:\n    when:\n      after: x\n", "s.yaml:29:14: events.x.when.after: events wait for each other in a loop and never fire: x → x")]
    [InlineData("  x:\n    when:\n      after: y\n  y:\n    when:\n      after: x\n", "s.yaml:29:14: events.x.when.after: events wait for each other in a loop and never fire: x → y → x")]
    [InlineData("  x:\n    when:\n      time: 1\n      distance: [ego, lead]\n", "s.yaml:29:7: events.x.when: expected one trigger (and optionally after), found time and distance")]
    [InlineData("  x:\n    when:\n      delay: 1\n", "s.yaml:29:7: events.x.when: expected one trigger: time, distance, ttc, headway, speed, reaches, after")]
    [InlineData("  x:\n    when:\n      distance: [ego, lead]\n", "s.yaml:29:7: events.x.when: a distance trigger needs one of 'below' or 'above'")]
    [InlineData("  x:\n    when:\n      distance: [ego, ego]\n      below: 3\n", "s.yaml:29:17: events.x.when.distance: distance between ego and itself; name two different actors")]
    [InlineData("  x:\n    when:\n      distance: ego\n      below: 3\n", "s.yaml:29:17: events.x.when.distance: expected a pair of actor names, e.g. distance: [ego, lead]")]
    [InlineData("  x:\n    when:\n      speed: ego\n      above: 3\n      s: 4\n", "s.yaml:31:7: events.x.when.s: unknown key 's'")]
    [InlineData("  x:\n    when:\n      reaches: ego\n      s: 2000\n", "s.yaml:30:10: events.x.when.s: 2000 m is out of range; expected 0–1000 m")]
    [InlineData("  x:\n    do: []\n", "s.yaml:28:5: events.x.when: missing required key 'when'")]
    public void Event_mistakes_are_reported_where_they_are(string events, string expected) => SpecText.Refused(Head + events, expected);
}
