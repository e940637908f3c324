using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Pedestrians;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Safety;
using Sim.Core.Traffic.Vehicles;
using Sim.Core.Weather;
using Sim.Scenarios.Model;

namespace Sim.Scenarios.Events;

/// <summary>
/// Fires a scenario's events (<see cref="Phase.Events"/>): at the end of each step it evaluates every pending trigger
/// on the state the step produced, and an event whose condition holds (then waits its delay) applies its actions in
/// order, once. Actions act from the next step. Triggers and actions read and write only the named actors' components,
/// so the run stays deterministic.
/// </summary>
public sealed class ScenarioEventSystem : ISystem
{
    private readonly IReadOnlyList<ScenarioEvent> _events;
    private readonly Dictionary<string, ActorPlacement> _actors;
    private readonly Dictionary<string, Entity> _entities;
    private readonly ScenarioWorld? _world;
    private readonly string? _ego;
    private readonly double[] _conditionMet;
    private readonly bool[] _fired;
    private readonly bool[] _wasBehind;
    private readonly int[] _order;
    private readonly Dictionary<string, double> _firedAt = new(StringComparer.Ordinal);

    /// <summary>Creates the system.</summary>
    /// <param name="events">The events, in file order.</param>
    /// <param name="actors">Every declared actor.</param>
    /// <param name="entities">The actors in the world by name (spawns and despawns update it).</param>
    /// <param name="world">The road.</param>
    /// <param name="ego">The ego's name, or null.</param>
    public ScenarioEventSystem(IReadOnlyList<ScenarioEvent> events, IEnumerable<ActorPlacement> actors, Dictionary<string, Entity> entities, ScenarioWorld? world, string? ego)
    {
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _actors = (actors ?? throw new ArgumentNullException(nameof(actors))).ToDictionary(a => a.Name, StringComparer.Ordinal);
        _entities = entities ?? throw new ArgumentNullException(nameof(entities));
        _world = world;
        _ego = ego;
        _conditionMet = [.. events.Select(_ => double.NaN)];
        _fired = new bool[events.Count];
        _wasBehind = new bool[events.Count];
        _order = EvaluationOrder(events);
    }

    /// <inheritdoc/>
    public void Update(SystemContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        World world = context.World;
        SimulationClock clock = context.Clock;
        double now = (clock.Tick + 1) * clock.Dt; // the state this step produced
        if (!world.HasResource<EventLog>())
        {
            world.SetManagedResource(new EventLog());
        }

        EventLog log = world.GetManagedResource<EventLog>();
        foreach (int i in _order)
        {
            if (_fired[i])
            {
                continue;
            }

            ScenarioEvent ev = _events[i];
            if (double.IsNaN(_conditionMet[i]) && (ev.When.After is null || _firedAt.ContainsKey(ev.When.After)) && Holds(world, i, ev.When, now))
            {
                _conditionMet[i] = now;
            }

            if (!double.IsNaN(_conditionMet[i]) && now >= _conditionMet[i] + ev.When.Delay - (clock.Dt / 2))
            {
                _fired[i] = true;
                _firedAt[ev.Name] = now;
                if (ev.Do.Count == 0)
                {
                    log.Add(new EventRecord(clock.Tick, now, ev.Name, "none", null, ActionOutcome.Applied, string.Empty));
                }

                foreach (EventAction action in ev.Do)
                {
                    (ActionOutcome outcome, string detail) = Apply(world, context.Seed, action, now);
                    log.Add(new EventRecord(clock.Tick, now, ev.Name, action.Kind, action.Actor, outcome, detail));
                }
            }
        }
    }

    /// <summary>File order, except that an event comes after the one it waits for, so both can fire in one step: a
    /// stable topological order (each time, the earliest event in the file whose predecessor is already placed).</summary>
    private static int[] EvaluationOrder(IReadOnlyList<ScenarioEvent> events)
    {
        var order = new List<int>(events.Count);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var done = new bool[events.Count];
        while (order.Count < events.Count)
        {
            int next = -1;
            for (int i = 0; i < events.Count && next < 0; i++)
            {
                if (!done[i] && (events[i].When.After is not { } after || placed.Contains(after)))
                {
                    next = i;
                }
            }

            if (next < 0)
            {
                // Waiting in a loop (the validator refuses these) or for an unknown event: they never fire.
                order.AddRange(Enumerable.Range(0, events.Count).Where(i => !done[i]));
                break;
            }

            done[next] = true;
            placed.Add(events[next].Name);
            order.Add(next);
        }

        return [.. order];
    }

    private bool Holds(World world, int index, EventTrigger when, double now)
    {
        switch (when.Kind)
        {
            case TriggerKind.Time:
                return now >= when.Value - 1e-9;
            case TriggerKind.After:
                return true; // checked by the caller
            case TriggerKind.Reaches:
            {
                if (!TryPose(world, when.Actor!, out ActorPose p, out _))
                {
                    return false;
                }

                // Passing the line: ahead of it now, having been behind it at an earlier step (an actor that starts
                // past the line never passes it), within 30 m of the road's reference line.
                Pose2 line = _world!.Point(when.At!.Arm, PlaceKind.Lane, when.At.Lane, when.At.S, 0);
                (double sin, double cos) = Math.SinCos(line.Heading);
                double dx = p.X - line.X, dy = p.Y - line.Y;
                double along = (dx * cos) + (dy * sin);
                if (Math.Abs((-dx * sin) + (dy * cos)) >= 30)
                {
                    return false;
                }

                if (along < 0)
                {
                    _wasBehind[index] = true;
                    return false;
                }

                return _wasBehind[index];
            }

            default:
                double value = Measure(world, when);
                return !double.IsNaN(value) && (when.Below ? value < when.Value : value > when.Value);
        }
    }

    /// <summary>The trigger's measure now, NaN when an actor is not in the world.</summary>
    private double Measure(World world, EventTrigger when)
    {
        if (!TryPose(world, when.Actor!, out ActorPose a, out ActorBody bodyA))
        {
            return double.NaN;
        }

        double speedA = Math.Sqrt((a.Vx * a.Vx) + (a.Vy * a.Vy));
        if (when.Kind == TriggerKind.Speed)
        {
            return speedA * 3.6;
        }

        if (!TryPose(world, when.Other!, out ActorPose b, out ActorBody bodyB))
        {
            return double.NaN;
        }

        double gap = OrientedBox.Distance(
            new OrientedBox(a.X, a.Y, bodyA.Length / 2, bodyA.Width / 2, a.Heading),
            new OrientedBox(b.X, b.Y, bodyB.Length / 2, bodyB.Width / 2, b.Heading));
        if (when.Kind == TriggerKind.Distance)
        {
            return gap;
        }

        if (when.Kind == TriggerKind.Headway)
        {
            return speedA > 1e-6 ? gap / speedA : double.PositiveInfinity;
        }

        double dx = b.X - a.X, dy = b.Y - a.Y;
        double distance = Math.Sqrt((dx * dx) + (dy * dy));
        double closing = distance > 1e-9 ? -(((b.Vx - a.Vx) * dx) + ((b.Vy - a.Vy) * dy)) / distance : 0;
        return closing > 1e-9 ? gap / closing : double.PositiveInfinity;
    }

    private bool TryPose(World world, string name, out ActorPose pose, out ActorBody body)
    {
        pose = default;
        body = default;
        if (!_entities.TryGetValue(name, out Entity e) || !world.IsAlive(e))
        {
            return false;
        }

        pose = world.Get<ActorPose>(e);
        body = world.Get<ActorBody>(e);
        return true;
    }

    private (ActionOutcome, string) Apply(World world, ulong seed, EventAction action, double now)
    {
        if (action.Kind == "weather")
        {
            ChangeWeather(world, action, now);
            return (ActionOutcome.Applied, string.Empty);
        }

        string name = action.Actor!;
        bool present = _entities.TryGetValue(name, out Entity e) && world.IsAlive(e);
        if (action.Kind == "spawn")
        {
            if (present)
            {
                return (ActionOutcome.Skipped, $"{name} is already in the world");
            }

            try
            {
                _entities[name] = ActorSpawner.Spawn(world, seed, _actors[name], name == _ego);
                return (ActionOutcome.Applied, string.Empty);
            }
            catch (ArgumentException ex)
            {
                return (ActionOutcome.Refused, ex.Message);
            }
        }

        if (!present)
        {
            return (ActionOutcome.Skipped, $"{name} is not in the world");
        }

        try
        {
            switch (action.Kind)
            {
                case "brake_hard": TrafficActions.BrakeHard(world, e, action.Amount); break;
                case "release_brake": TrafficActions.ReleaseBrake(world, e); break;
                case "set_speed": TrafficActions.SetTargetSpeed(world, e, action.Amount); break;
                case "stop": TrafficActions.Stop(world, e); break;
                case "resume":
                    TrafficActions.ReleaseBrake(world, e);
                    TrafficActions.ClearTargetSpeed(world, e);
                    break;
                case "change_lane": TrafficActions.ChangeLane(world, e, action.Amount > 0); break;
                case "cut_in": TrafficActions.CutIn(world, e, action.Amount > 0); break;
                case "lane_offset":
                    TrafficActions.SetLaneOffset(world, e, action.Amount);
                    world.Get<VehicleControl>(e).NoLaneChanges = 1;
                    break;
                case "jaywalk" or "run_out":
                    ActorPose pose = world.Get<ActorPose>(e);
                    if (_world is null || !_world.TryAcross(pose.X, pose.Y, out (double X, double Y) to))
                    {
                        return (ActionOutcome.Refused, $"{name} is beside no road to cross");
                    }

                    IPedestrianAction walk = action.Kind == "jaywalk"
                        ? new Jaywalk(e, (pose.X, pose.Y), to, action.Amount)
                        : new RunOut(e, to, action.Amount, action.Amount2);
                    walk.Apply(world);
                    break;
                case "cross":
                    ref DeerCrossing deer = ref world.Get<DeerCrossing>(e);
                    if (deer.Phase != DeerPhase.Waiting)
                    {
                        return (ActionOutcome.Skipped, $"{name} is already crossing");
                    }

                    deer.StartTime = now;
                    break;
                case "despawn":
                    world.Destroy(e);
                    _entities.Remove(name);
                    break;
                default:
                    throw new InvalidOperationException($"unknown action {action.Kind}");
            }
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return (ActionOutcome.Refused, ex.Message.Replace(e.ToString(), name, StringComparison.Ordinal));
        }

        return (ActionOutcome.Applied, string.Empty);
    }

    /// <summary>Ramps the named weather fields from their value now to their targets over the action's length, then
    /// holds them — linearly, fog visibility in log space as the timeline interpolates it — while the fields the action
    /// does not name keep following the timeline: every later keyframe is kept with the ramped fields overwritten.</summary>
    private static void ChangeWeather(World world, EventAction action, double now)
    {
        WeatherTimeline old = world.HasResource<WeatherTimeline>() ? world.GetManagedResource<WeatherTimeline>() : new WeatherTimeline([new WeatherKeyframe(0, WeatherState.Clear)]);
        double end = now + Math.Max(action.Amount, 1e-6);
        WeatherState start = old.At(now);
        var frames = new List<WeatherKeyframe>(old.Keyframes.Where(k => k.Time < now));
        double[] times = [.. old.Keyframes.Select(k => k.Time).Where(t => t > now).Append(now).Append(end).Distinct().Order()];
        foreach (double t in times)
        {
            double u = Math.Clamp((t - now) / (end - now), 0, 1);
            frames.Add(new WeatherKeyframe(t, Ramp(old.At(t), start, action, u)));
        }

        world.SetManagedResource(new WeatherTimeline(frames));
    }

    /// <summary><paramref name="state"/> with each field the action names at fraction <paramref name="u"/> of the way
    /// from its value in <paramref name="start"/> to the target (fog visibility in log space); the rest untouched.</summary>
    private static WeatherState Ramp(WeatherState state, WeatherState start, EventAction action, double u)
    {
        foreach ((string name, double target) in action.Weather)
        {
            WeatherField field = WeatherFields.Named(name);
            double from = field.Get(start);
            double value = field.Logarithmic
                ? Math.Exp(Math.Log(from) + ((Math.Log(target) - Math.Log(from)) * u))
                : from + ((target - from) * u);
            state = field.With(state, value);
        }

        return state;
    }
}
