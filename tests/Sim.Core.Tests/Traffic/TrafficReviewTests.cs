using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Roads.Generators;
using Sim.Core.Traffic.Safety;
using Sim.Core.Traffic.Vehicles;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Traffic;

/// <summary>Review repros: each test states the expected behaviour; a failing test is a bug.</summary>
public class TrafficReviewTests(ITestOutputHelper output)
{
    private static readonly LaneSpec Urban = new(LaneKind.Driving, 3.5, 13.9);

    private static Simulation Sim(RoadNetwork network, ulong seed = 1) => TrafficTestWorlds.Simulation(network, seed);

    // ---------------------------------------------------------------------------------------------------------------
    // Entry lanes

    /// <summary>A vehicle that reaches the end of an acceleration lane without having merged (congested merge, late
    /// spawn) must merge once the main lane is free. It stops at the end with speed 0 and, since lateral motion is
    /// proportional to distance travelled and the entry-lane stop line keeps its acceleration negative, it can never
    /// move again.</summary>
    [Fact]
    public void Vehicle_stopped_at_the_end_of_an_entry_lane_merges_once_the_main_lane_is_empty()
    {
        HighwayLayout layout = new Highway(Lanes: 2, Ramp: new OnRamp()).Build();
        Simulation sim = Sim(layout.Network);
        double entryLength = layout.Network.Lanes[layout.EntryLane].Length;
        Entity car = TrafficTestWorlds.Car(sim, layout.EntryLane, entryLength - 3, 0, 1);
        sim.Run(600); // 60 s on an empty highway
        Assert.True(!sim.World.IsAlive(car) || sim.World.Get<LaneMotion>(car).Lane != layout.EntryLane,
            sim.World.IsAlive(car) ? $"still on the entry lane after 60 s: {Describe(sim.World.Get<LaneMotion>(car))}" : string.Empty);
    }

    /// <summary>Through traffic only (nobody on the ramp) on a one-lane highway with an on-ramp: main-lane cars move
    /// right into the acceleration lane (keep-right bias), get stuck at its end or half-way back, and block the main
    /// lane for good. Expected: everyone drives the 2 km and leaves.</summary>
    [Fact]
    public void Through_traffic_passes_an_on_ramp_without_gridlock()
    {
        HighwayLayout layout = new Highway(Lanes: 1, Ramp: new OnRamp(EntryLength: 100)).Build();
        Simulation sim = Sim(layout.Network);
        for (int i = 0; i < 8; i++)
        {
            TrafficTestWorlds.Car(sim, layout.Sections[0][0], 700 + (i * 12), 20, (ulong)(100 + i), IdmParameters.Car with { DesiredSpeed = 20 });
        }

        sim.Run(1200); // 120 s: at 20 m/s everyone needs < 70 s to leave
        var left = new List<string>();
        sim.World.Query(VehicleSystem.Vehicles, (ref StableId id, ref LaneMotion m) => left.Add($"id {id.Value} {Describe(m)}"));
        Assert.True(left.Count == 0, $"{left.Count} cars never left the highway (main lane {layout.Sections[1][0]}, entry lane {layout.EntryLane}):\n{string.Join("\n", left)}");
    }

    /// <summary>Through traffic on the rightmost main lane must not change into the acceleration lane (a lane that
    /// ends); MOBIL's keep-right bias makes a lone car do exactly that.</summary>
    [Fact]
    public void Through_traffic_never_changes_into_the_acceleration_lane()
    {
        HighwayLayout layout = new Highway(Lanes: 2, Ramp: new OnRamp()).Build();
        Simulation sim = Sim(layout.Network);
        int rightmost = layout.Sections[1][1];
        Entity car = TrafficTestWorlds.Car(sim, rightmost, 5, 30, 3);
        bool entered = false;
        for (int i = 0; i < 80 && sim.World.IsAlive(car); i++)
        {
            sim.Step();
            LaneMotion m = sim.World.Get<LaneMotion>(car);
            entered |= m.Lane == layout.EntryLane || m.TargetLane == layout.EntryLane;
        }

        Assert.False(entered, "a through car on the rightmost lane steered into the acceleration lane");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // MOBIL inputs

    /// <summary>A scripted target speed below the current speed makes IDM's "own acceleration now" negative, while
    /// MOBIL's "own acceleration after" uses the IDM v0 (not the scripted target): on an empty road the car sees a
    /// large advantage and changes lane for no reason.</summary>
    [Fact]
    public void A_car_slowing_to_a_scripted_target_speed_on_an_empty_road_does_not_change_lane()
    {
        Simulation sim = Sim(TrafficTestWorlds.Straight(2, 3000));
        Entity car = TrafficTestWorlds.Car(sim, 1, 10, 25, 1);
        TrafficActions.SetTargetSpeed(sim.World, car, 15);
        bool changed = false;
        for (int i = 0; i < 100; i++)
        {
            sim.Step();
            LaneMotion m = sim.World.Get<LaneMotion>(car);
            changed |= m.Lane != 1 || m.TargetLane != 1;
        }

        Assert.False(changed, "an alone car on the right lane changed lanes because it was told to slow down");
    }

    /// <summary>Same mechanism with the curve advisory speed: a lone car on the outer (right) lane of a ring, entering
    /// the curve faster than the advisory speed, changes lanes left and right.</summary>
    [Fact]
    public void A_lone_car_slowing_for_a_curve_does_not_change_lane()
    {
        Simulation sim = Sim(TrafficTestWorlds.Ring(2, 300, 60));
        Entity car = TrafficTestWorlds.Car(sim, 1, 0, 25, 1);
        int changes = 0, lastTarget = 1;
        for (int i = 0; i < 600; i++)
        {
            sim.Step();
            LaneMotion m = sim.World.Get<LaneMotion>(car);
            if (m.TargetLane != lastTarget)
            {
                changes++;
                lastTarget = m.TargetLane;
            }
        }

        Assert.Equal(0, changes);
    }

    /// <summary>A car approaching a red light (more than 30 m away, where lane changes are allowed) on an empty
    /// two-lane approach: its "acceleration now" includes the stop line, MOBIL's "after" does not, so it swerves
    /// into the other lane although the light is red for both.</summary>
    [Fact]
    public void A_car_approaching_a_red_light_does_not_change_lane_to_escape_the_stop_line()
    {
        var b = new RoadNetworkBuilder();
        Road approach = b.AddRoad("approach", new ReferenceLine(new LineSegment(new Pose2(0, 0, 0), 300)), [Urban, Urban]);
        Road exit = b.AddRoad("exit", new ReferenceLine(new LineSegment(new Pose2(300, 0, 0), 300)), [Urban, Urban]);
        b.Connect(approach.Lanes[0].Id, exit.Lanes[0].Id).Connect(approach.Lanes[1].Id, exit.Lanes[1].Id);
        b.AddSignal(100, 0, [new SignalGroup([approach.Lanes[0].Id, approach.Lanes[1].Id], 50, 40, 3)]); // red for t < 50 s
        Simulation sim = Sim(b.Build());
        Entity car = TrafficTestWorlds.Car(sim, approach.Lanes[1].Id, 150, 13, 1);
        bool changed = false;
        for (int i = 0; i < 300; i++)
        {
            sim.Step();
            LaneMotion m = sim.World.Get<LaneMotion>(car);
            changed |= m.TargetLane != approach.Lanes[1].Id;
        }

        Assert.False(changed, "the car changed lanes to get away from a red light that applies to both lanes");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // IDM above v0

    /// <summary>IDM's free-road term 1 − (v/v0)^δ explodes when v &gt; v0: lowering the target speed from 25 to 10 m/s
    /// gives −38 m/s², clipped to the 9 m/s² emergency limit. A speed change is not an emergency (Treiber &amp; Kesting
    /// 2013, §11.3.7: IIDM uses −b[1 − (v0/v)^(aδ/b)] above v0).</summary>
    [Fact]
    public void Lowering_the_target_speed_is_not_an_emergency_stop()
    {
        Simulation sim = Sim(TrafficTestWorlds.Straight(1, 3000));
        Entity car = TrafficTestWorlds.Car(sim, 0, 10, 25, 1);
        TrafficActions.SetTargetSpeed(sim.World, car, 10);
        double worst = 0;
        for (int i = 0; i < 100; i++)
        {
            sim.Step();
            worst = Math.Min(worst, sim.World.Get<LaneMotion>(car).Acceleration);
        }

        Assert.True(worst >= -IdmParameters.Car.ComfortableDeceleration * 1.5, $"braked at {worst:0.##} m/s²");
    }

    /// <summary>Entering a lane with a lower speed limit (motorway 120 km/h onto a 50 km/h road) brakes at the 9 m/s²
    /// emergency limit: the limit is not anticipated and v ≫ v0 on the new lane.</summary>
    [Fact]
    public void Entering_a_lower_speed_limit_does_not_brake_at_the_physical_limit()
    {
        var b = new RoadNetworkBuilder();
        Road fast = b.AddRoad("fast", new ReferenceLine(new LineSegment(new Pose2(0, 0, 0), 500)), [new LaneSpec(LaneKind.Driving, 3.5, 33.3)]);
        Road slow = b.AddRoad("slow", new ReferenceLine(new LineSegment(new Pose2(500, 0, 0), 500)), [new LaneSpec(LaneKind.Driving, 3.5, 13.9)]);
        b.Connect(fast.Lanes[0].Id, slow.Lanes[0].Id);
        Simulation sim = Sim(b.Build());
        Entity car = TrafficTestWorlds.Car(sim, fast.Lanes[0].Id, 300, 33, 1);
        double worst = 0;
        for (int i = 0; i < 200 && sim.World.IsAlive(car); i++)
        {
            sim.Step();
            worst = Math.Min(worst, sim.World.Get<LaneMotion>(car).Acceleration);
        }

        Assert.True(worst >= -4, $"braked at {worst:0.##} m/s² for a speed-limit sign");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Signals

    /// <summary>Only the current lane's signal is looked at. When the signalised lane is shorter than the stopping
    /// distance (an approach split into sections — common in OpenDRIVE maps, or a short lane after a merge) a vehicle
    /// arriving at 15 m/s runs the red light.</summary>
    [Fact]
    public void A_red_light_at_the_end_of_a_short_lane_is_not_run()
    {
        var b = new RoadNetworkBuilder();
        Road approach = b.AddRoad("approach", new ReferenceLine(new LineSegment(new Pose2(0, 0, 0), 300)), [Urban]);
        Road stub = b.AddRoad("stub", new ReferenceLine(new LineSegment(new Pose2(300, 0, 0), 10)), [Urban]);
        Road exit = b.AddRoad("exit", new ReferenceLine(new LineSegment(new Pose2(310, 0, 0), 300)), [Urban]);
        b.Connect(approach.Lanes[0].Id, stub.Lanes[0].Id).Connect(stub.Lanes[0].Id, exit.Lanes[0].Id);
        b.AddSignal(100, 0, [new SignalGroup([stub.Lanes[0].Id], 50, 40, 3)]); // red for t < 50 s
        RoadNetwork network = b.Build();
        Assert.Equal(SignalState.Red, network.SignalAt(stub.Lanes[0].Id, 0));
        Simulation sim = Sim(network);
        Entity car = TrafficTestWorlds.Car(sim, approach.Lanes[0].Id, 200, 13.9, 1);
        for (int i = 0; i < 400; i++)
        {
            sim.Step();
            Assert.NotEqual(exit.Lanes[0].Id, sim.World.Get<LaneMotion>(car).Lane);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Turns at the signalised intersection

    /// <summary>A right turn from the generated intersection on green at the 50 km/h limit: the connector's lower speed
    /// limit and its curve are only seen once the vehicle is on the 5.4 m crossing lane, so it brakes at 9 m/s² and
    /// still takes the 7.75 m turn far above the 3 m/s² lateral acceleration the connector was designed for.</summary>
    [Fact]
    public void A_right_turn_on_green_is_taken_at_a_plausible_speed_without_emergency_braking()
    {
        IntersectionLayout layout = new SignalisedIntersection().Build();
        Simulation sim = Sim(layout.Network);
        IntersectionMovement right = layout.Movements.First(m => m.From == Compass.North && m.Turn == Turn.Right);
        int crossing = layout.Arm(Compass.North).CrossingLanes[0];
        Entity car = TrafficTestWorlds.Car(sim, right.IncomingLane, 20, 13.9, 1);
        sim.World.Get<VehicleNav>(car) = new VehicleNav { NextLane = crossing, AfterNextLane = right.Connector };
        double worstBraking = 0, worstLateral = 0;
        for (int i = 0; i < 200 && sim.World.IsAlive(car); i++)
        {
            sim.Step();
            LaneMotion m = sim.World.Get<LaneMotion>(car);
            worstBraking = Math.Min(worstBraking, m.Acceleration);
            if (m.Acceleration < -4.5 || m.Lane == right.Connector)
            {
                output.WriteLine($"t {sim.Clock.Time:0.0}: {Describe(m)} a {m.Acceleration:0.##}");
            }

            worstLateral = Math.Max(worstLateral, m.Speed * m.Speed * Math.Abs(sim.World.Get<VehicleDynamics>(car).Curvature));
            if (m.Lane == right.OutgoingLane && m.S > 20)
            {
                break;
            }
        }

        output.WriteLine($"worst braking {worstBraking:0.##} m/s², worst lateral {worstLateral:0.##} m/s²");
        Assert.True(worstBraking >= -4.5, $"braked at {worstBraking:0.##} m/s² before a right turn on green");
        Assert.True(worstLateral <= 4.5, $"took the turn at {worstLateral:0.##} m/s² lateral acceleration");
    }

    /// <summary>Opposing permissive left turners (north→east and south→west, paths that do not cross in right-hand
    /// traffic). Each left connector yields to the opposing straight/right connectors, and Upstream() counts every
    /// vehicle on the lanes feeding them — whatever its route (LaneIndex.NextLane is gathered but never read) — so each
    /// left turner yields to the other. Observed: alone 7.5 s; together they creep at 0.2 m/s for the whole 30 s green
    /// and only enter the box after it (≈ 39 s), into the all-red / cross-street green.</summary>
    [Fact]
    public void Opposing_left_turners_do_not_yield_to_each_other()
    {
        IntersectionLayout layout = new SignalisedIntersection().Build();
        IntersectionMovement fromNorth = layout.Movements.First(m => m.From == Compass.North && m.Turn == Turn.Left);
        IntersectionMovement fromSouth = layout.Movements.First(m => m.From == Compass.South && m.Turn == Turn.Left);

        double TimeToTurn(bool both)
        {
            Simulation sim = Sim(layout.Network);
            var cars = new List<(Entity Car, IntersectionMovement Move)>();
            foreach (IntersectionMovement move in both ? new[] { fromNorth, fromSouth } : new[] { fromNorth })
            {
                Entity car = TrafficTestWorlds.Car(sim, move.IncomingLane, 60, 10, (ulong)(cars.Count + 1));
                sim.World.Get<VehicleNav>(car) = new VehicleNav { NextLane = layout.Arm(move.From).CrossingLanes[0], AfterNextLane = move.Connector };
                cars.Add((car, move));
            }

            for (int i = 0; i < 600; i++)
            {
                sim.Step();
                if (cars.All(c => !sim.World.IsAlive(c.Car) || sim.World.Get<LaneMotion>(c.Car).Lane == c.Move.OutgoingLane))
                {
                    return sim.Clock.Time;
                }
            }

            return double.PositiveInfinity;
        }

        double alone = TimeToTurn(both: false), together = TimeToTurn(both: true);
        output.WriteLine($"one left turner: {alone:0.#} s; two opposing: {together:0.#} s");
        Assert.True(together < alone + 3, $"one left turner clears in {alone:0.#} s, two opposing ones in {together:0.#} s");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Lane changes across road boundaries

    /// <summary>A lane change under way when the vehicle crosses from one road to the next (the highway with an on-ramp
    /// is three roads) is silently cancelled: TargetLane becomes the successor of the old lane and the car swerves
    /// back.</summary>
    [Fact]
    public void A_lane_change_across_a_road_section_boundary_ends_in_the_target_lane()
    {
        HighwayLayout layout = new Highway(Lanes: 3, Ramp: new OnRamp(MergeStart: 800)).Build();
        Simulation sim = Sim(layout.Network);
        Entity car = TrafficTestWorlds.Car(sim, layout.Sections[0][1], 760, 30, 1);
        sim.World.Get<VehicleControl>(car).NoLaneChanges = 1;
        TrafficActions.ChangeLane(sim.World, car, left: true);
        sim.Run(100);
        LaneMotion m = sim.World.Get<LaneMotion>(car);
        int index = layout.Sections.Select(s => s.ToList().IndexOf(m.Lane)).Max();
        Assert.True(index == 0, $"the left change ended on main lane index {index}: {Describe(m)}");
    }

    /// <summary>A cut-in cancelled at a road boundary leaves <see cref="VehicleControl.Forced"/> set forever.</summary>
    [Fact]
    public void A_cut_in_cancelled_at_a_road_boundary_does_not_stay_forced()
    {
        HighwayLayout layout = new Highway(Lanes: 3, Ramp: new OnRamp(MergeStart: 800)).Build();
        Simulation sim = Sim(layout.Network);
        Entity car = TrafficTestWorlds.Car(sim, layout.Sections[0][1], 790, 30, 1);
        sim.World.Get<VehicleControl>(car).NoLaneChanges = 1;
        TrafficActions.CutIn(sim.World, car, left: true);
        sim.Run(100);
        Assert.Equal(0, sim.World.Get<VehicleControl>(car).Forced);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Simultaneous MOBIL decisions

    /// <summary>Two cars on lanes 0 and 2 that decide in the same tick (stable ids 1 and 11: same stagger slot) both see
    /// lane 1 free and both move into it side by side: nothing checks the vehicles two lanes over that may be changing
    /// into the same lane at the same time, and a change, once started, is never aborted. No collision here, but the
    /// one that ends up behind brakes at the 9 m/s² limit: MOBIL's safety criterion (new follower ≥ −b_safe) is broken.</summary>
    [Fact]
    public void Two_cars_from_both_sides_do_not_merge_into_the_same_gap()
    {
        Simulation sim = Sim(TrafficTestWorlds.Straight(3, 3000));
        sim.AddSystem(Phase.Events, new CollisionSystem());
        // Slow trucks block lanes 0 and 2; lane 1 is empty.
        foreach (int lane in new[] { 0, 2 })
        {
            Entity truck = VehicleFactory.Spawn(sim.World, new VehicleSpec(ActorClass.Truck, Idm: IdmParameters.Truck with { DesiredSpeed = 10 }), new LanePosition(lane, 150, 0), 10, (ulong)(50 + lane));
            sim.World.Get<VehicleControl>(truck).NoLaneChanges = 1;
        }

        Entity a = TrafficTestWorlds.Car(sim, 0, 100, 25, 1);
        Entity c = TrafficTestWorlds.Car(sim, 2, 100.5, 25, 11);
        bool both = false;
        double worst = 0;
        for (int i = 0; i < 100; i++)
        {
            sim.Step();
            LaneMotion ma = sim.World.Get<LaneMotion>(a), mc = sim.World.Get<LaneMotion>(c);
            both |= ma.TargetLane == 1 && ma.Lane != 1 && mc.TargetLane == 1 && mc.Lane != 1;
            if (ma.TargetLane == 1 || ma.Lane == 1)
            {
                worst = Math.Min(worst, ma.Acceleration);
            }

            if (mc.TargetLane == 1 || mc.Lane == 1)
            {
                worst = Math.Min(worst, mc.Acceleration);
            }
        }

        Assert.Empty(sim.World.GetManagedResource<CollisionLog>().Events);
        Assert.False(both && worst < -MobilParameters.Default.SafeBraking, $"both cars changed into lane 1 at once; one then braked at {worst:0.##} m/s²");
    }

    /// <summary>Probe: dense mixed traffic (cars, vans, trucks) with MOBIL on a three-lane ring, with the collision
    /// detector on. Any contact between vehicles is a physics bug.</summary>
    [Fact]
    public void Dense_mixed_traffic_with_lane_changes_never_collides()
    {
        Simulation sim = Sim(TrafficTestWorlds.Ring(3, 1500, 300), seed: 7);
        sim.AddSystem(Phase.Events, new CollisionSystem());
        var rng = new Sim.Core.Random.CounterRng(7);
        for (int i = 0; i < 210; i++)
        {
            var r = rng.Stream((ulong)i, 0, 0);
            ActorClass kind = (i % 7) switch { 0 => ActorClass.Truck, 1 => ActorClass.Van, 2 => ActorClass.Motorcycle, _ => ActorClass.Car };
            IdmParameters idm = IdmParameters.For(kind) with { DesiredSpeed = r.Uniform(15, 38), TimeHeadway = r.Uniform(0.8, 1.8) };
            VehicleFactory.Spawn(sim.World, new VehicleSpec(kind, Idm: idm), new LanePosition(i % 3, i / 3 * 60.0, 0), r.Uniform(8, 22), (ulong)i);
        }

        sim.Run(1500);
        CollisionLog log = sim.World.GetManagedResource<CollisionLog>();
        Assert.True(log.Events.Count == 0, $"{log.Events.Count} collisions; first: {log.Events.FirstOrDefault()}");
    }

    /// <summary>Probe: the generated intersection fed continuously at the speed limit (the existing intersection test
    /// spawns slow cars next to the stop line), with the collision detector on.</summary>
    [Theory]
    [InlineData(1, 1UL, Skip = KnownIssue.BusSweptPath)]
    [InlineData(1, 2UL)]
    [InlineData(1, 3UL)]
    [InlineData(2, 1UL)]
    [InlineData(2, 2UL)]
    [InlineData(2, 3UL)]
    [InlineData(1, 2UL, 30.0, Skip = KnownIssue.SimultaneousJunctionEntry)]
    public void Intersection_fed_at_the_speed_limit_never_collides(int lanes, ulong seed, double clearance = 80)
    {
        IntersectionLayout layout = new SignalisedIntersection(LanesPerDirection: lanes).Build();
        Simulation sim = Sim(layout.Network, seed);
        sim.AddSystem(Phase.Events, new CollisionSystem());
        ulong id = 0;
        for (int step = 0; step < 1800; step++)
        {
            if (step % 25 == 0)
            {
                foreach (IntersectionArm arm in layout.Arms)
                {
                    foreach (int lane in arm.IncomingLanes)
                    {
                        bool clear = true;
                        sim.World.Query(VehicleSystem.Vehicles, (ref LaneMotion m) => clear &= !((m.Lane == lane || m.TargetLane == lane) && m.S < clearance));
                        if (clear)
                        {
                            VehicleFactory.Spawn(sim.World, new VehicleSpec(id % 6 == 5 ? ActorClass.Bus : ActorClass.Car), new LanePosition(lane, 0, 0), 13.9, id++);
                        }
                    }
                }
            }

            int before = sim.World.HasResource<CollisionLog>() ? sim.World.GetManagedResource<CollisionLog>().Events.Count : 0;
            sim.Step();
            CollisionLog now = sim.World.GetManagedResource<CollisionLog>();
            if (now.Events.Count > before)
            {
                CollisionEvent ev = now.Events[^1];
                sim.World.Query(VehicleSystem.Vehicles, (ref StableId sid, ref LaneMotion m, ref ActorBody b, ref VehicleNav nav) =>
                {
                    if (sid.Value == ev.IdA || sid.Value == ev.IdB)
                    {
                        output.WriteLine($"t {sim.Clock.Time:0.0} id {sid.Value} {b.Class} on {layout.Network.Lanes[m.Lane]} {Describe(m)} next {nav.NextLane}");
                    }
                });
            }
        }

        CollisionLog log = sim.World.GetManagedResource<CollisionLog>();
        output.WriteLine($"{id} vehicles spawned, {sim.World.CountEntities(VehicleSystem.Vehicles)} left");
        Assert.True(log.Events.Count == 0, $"{log.Events.Count} collisions, first: {(log.Events.Count > 0 ? log.Events[0] : default)}");
    }

    /// <summary>A bus turns left (east arm → south arm), arriving on green at 12 m/s, while another bus waits at the south arm's
    /// stop line (red for north–south). The lateral controller has no preview: the curvature command is the current
    /// lane's curvature plus pure pursuit, rate-limited to full lock per second, so the bus lags into the turn and keeps
    /// turning after the connector ends; its body swings over the centre line into the waiting bus. Seen in
    /// <see cref="Intersection_fed_at_the_speed_limit_never_collides"/> (lanes 1, seed 2, clearance 30).</summary>
    [Fact(Skip = KnownIssue.BusSweptPath)]
    public void A_bus_turning_left_does_not_hit_a_bus_waiting_at_the_opposing_stop_line()
    {
        IntersectionLayout layout = new SignalisedIntersection().Build();
        Simulation sim = Sim(layout.Network);
        sim.AddSystem(Phase.Events, new CollisionSystem());
        IntersectionMovement left = layout.Movements.First(m => m.From == Compass.East && m.Turn == Turn.Left);
        Assert.Equal(Compass.South, left.To);
        sim.Run(330); // east–west green from t = 35 s
        Entity turning = VehicleFactory.Spawn(sim.World, new VehicleSpec(ActorClass.Bus), new LanePosition(left.IncomingLane, 40, 0), 12, 1);
        sim.World.Get<VehicleNav>(turning) = new VehicleNav { NextLane = layout.Arm(Compass.East).CrossingLanes[0], AfterNextLane = left.Connector };
        Entity waiting = VehicleFactory.Spawn(sim.World, new VehicleSpec(ActorClass.Bus), new LanePosition(layout.Arm(Compass.South).IncomingLanes[0], 92, 0), 0, 2);
        double worstT = 0;
        for (int i = 0; i < 600 && sim.World.IsAlive(turning); i++)
        {
            sim.Step();
            LaneMotion m = sim.World.Get<LaneMotion>(turning);
            if (m.Lane == left.Connector || m.Lane == left.OutgoingLane)
            {
                worstT = Math.Max(worstT, Math.Abs(m.T));
            }

            if (m.Lane == left.OutgoingLane && m.S > 30)
            {
                break;
            }
        }

        output.WriteLine($"largest offset from the lane centre in and after the turn: {worstT:0.##} m");
        Assert.True(sim.World.GetManagedResource<CollisionLog>().Events.Count == 0, $"the turning bus hit the waiting bus (largest offset from its path {worstT:0.##} m)");
        Assert.True(worstT < 0.5, $"the bus left its path by {worstT:0.##} m");
    }

    /// <summary>A car changes lanes to the left and, just after its centre has crossed the line, brakes to a stop (a
    /// queue at a red light does the same). Lateral motion is proportional to distance travelled, so it stands with
    /// t ≈ −1.4 m and a 0.2 rad heading — its rear corner in the old lane — but it is listed only in its new lane (a row
    /// is listed in two lanes only while TargetLane ≠ Lane). A car coming along the old lane does not see it and drives
    /// into it at full speed. Seen in
    /// <see cref="Intersection_fed_at_the_speed_limit_never_collides"/> (two lanes, seeds 1–3).</summary>
    [Fact]
    public void A_car_that_stops_right_after_a_lane_change_is_seen_by_the_lane_it_still_overlaps()
    {
        Simulation sim = Sim(TrafficTestWorlds.Straight(2, 2000));
        sim.AddSystem(Phase.Events, new CollisionSystem());
        Entity changer = TrafficTestWorlds.Car(sim, 1, 200, 3, 1);
        Entity follower = TrafficTestWorlds.Car(sim, 1, 150, 6, 2);
        foreach (Entity e in new[] { changer, follower })
        {
            sim.World.Get<VehicleControl>(e).NoLaneChanges = 1;
        }

        TrafficActions.ChangeLane(sim.World, changer, left: true);
        for (int i = 0; i < 100 && sim.World.Get<LaneMotion>(changer).Lane != 0; i++)
        {
            sim.Step();
        }

        Assert.Equal(0, sim.World.Get<LaneMotion>(changer).Lane);
        TrafficActions.BrakeHard(sim.World, changer, 10);
        sim.Run(300);
        LaneMotion m = sim.World.Get<LaneMotion>(changer);
        output.WriteLine($"changer stands at {Describe(m)} heading {m.Heading:0.###}; follower at {Describe(sim.World.Get<LaneMotion>(follower))}");
        Assert.True(sim.World.GetManagedResource<CollisionLog>().Events.Count == 0, $"the follower in lane 1 drove into the changer standing at t = {m.T:0.##} m in lane 0");
    }

    /// <summary>The scripted "lead vehicle brakes hard" edge case: with MOBIL on, the braking car's "own acceleration now"
    /// is the forced −6 m/s², "after" is free-road IDM, so it swerves into the next lane in the middle of the stop.</summary>
    [Fact]
    public void A_car_braking_hard_stays_in_its_lane()
    {
        Simulation sim = Sim(TrafficTestWorlds.Straight(2, 3000));
        Entity car = TrafficTestWorlds.Car(sim, 1, 100, 25, 1);
        sim.Run(5);
        TrafficActions.BrakeHard(sim.World, car, 6);
        bool changed = false;
        for (int i = 0; i < 60; i++)
        {
            sim.Step();
            LaneMotion m = sim.World.Get<LaneMotion>(car);
            changed |= m.TargetLane != 1 || m.Lane != 1;
        }

        Assert.False(changed, "the hard-braking car changed lanes");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Ego metrics

    /// <summary>The ego's leader is searched on the ego's lane only: a slower car 10 m ahead just past a road boundary
    /// (section joints are everywhere in generated and imported maps) gives TTC = ∞.</summary>
    [Fact]
    public void Ego_time_to_collision_sees_a_leader_on_the_next_lane()
    {
        var b = new RoadNetworkBuilder();
        Road a = b.AddRoad("a", new ReferenceLine(new LineSegment(new Pose2(0, 0, 0), 100)), [Urban]);
        Road c = b.AddRoad("c", new ReferenceLine(new LineSegment(new Pose2(100, 0, 0), 300)), [Urban]);
        b.Connect(a.Lanes[0].Id, c.Lanes[0].Id);
        var sim = new Simulation(new SimulationOptions(1, 0.1, 1));
        sim.World.SetManagedResource(b.Build());
        sim.AddSystem(Phase.Events, new EgoMetricsSystem());
        Entity ego = TrafficTestWorlds.Car(sim, a.Lanes[0].Id, 95, 20, 1);
        sim.World.Add(ego, new Ego());
        TrafficTestWorlds.Car(sim, c.Lanes[0].Id, 10, 10, 2);
        sim.Step();
        EgoMetrics m = sim.World.GetResource<EgoMetrics>();
        Assert.True(m.TimeToCollision < 2, $"TTC {m.TimeToCollision} s to a car 10.5 m ahead closing at 10 m/s");
    }

    /// <summary>During a cut-in the cutter is not the ego's leader until its centre crosses the lane line: TTC stays ∞
    /// for the most critical part of the AD edge case the actions exist for.</summary>
    [Fact]
    public void Ego_time_to_collision_sees_a_vehicle_cutting_in()
    {
        var sim = new Simulation(new SimulationOptions(1, 0.1, 1));
        sim.World.SetManagedResource(TrafficTestWorlds.Straight(2, 1000));
        sim.AddSystem(Phase.Events, new EgoMetricsSystem());
        Entity ego = TrafficTestWorlds.Car(sim, 1, 100, 20, 1);
        sim.World.Add(ego, new Ego());
        Entity cutter = TrafficTestWorlds.Car(sim, 0, 110, 12, 2);
        ref LaneMotion cm = ref sim.World.Get<LaneMotion>(cutter);
        cm.TargetLane = 1;
        cm.T = -1.5; // 1.5 m into the ego's direction, its right side already over the line
        sim.Step();
        EgoMetrics m = sim.World.GetResource<EgoMetrics>();
        Assert.True(m.TimeToCollision < 2, $"TTC {m.TimeToCollision} s to a car cutting in 5.5 m ahead closing at 8 m/s");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Road model

    /// <summary>The builder accepts lanes beyond the centre of curvature of their road (|κ t| ≥ 1): a right turn of
    /// reference radius 4 m with two 3.5 m lanes puts lane 1's centre 5.25 m right, 1.25 m past the circle's centre.
    /// LaneCurvature then flips sign and the Frenet update divides by (1 − κ t) ≤ 0.</summary>
    [Fact]
    public void The_builder_rejects_lanes_beyond_the_centre_of_curvature()
    {
        var b = new RoadNetworkBuilder();
        var line = new ReferenceLine(new ArcSegment(new Pose2(0, 0, 0), 4 * Math.PI / 2, -1 / 4.0));
        Exception? error = Record.Exception(() =>
        {
            b.AddRoad("tight", line, [Urban, Urban]);
            RoadNetwork n = b.Build();
            output.WriteLine($"lane 1 curvature {n.LaneCurvature(1, 1):0.###} 1/m (reference −0.25, turning right)");
        });
        Assert.IsAssignableFrom<ArgumentException>(error);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Connections

    /// <summary>Connect() used to accept lanes whose ends do not meet (a two-to-one lane drop: both lanes of a road
    /// continuing onto the single lane of the next); the car from the dropped lane then jumped 3.5 m sideways in one
    /// step. Such a network is now refused when it is built, naming the connection.</summary>
    [Fact]
    public void A_connection_between_lanes_that_do_not_meet_is_refused()
    {
        var b = new RoadNetworkBuilder();
        Road two = b.AddRoad("two", new ReferenceLine(new LineSegment(new Pose2(0, 0, 0), 200)), [Urban, Urban]);
        Road one = b.AddRoad("one", new ReferenceLine(new LineSegment(new Pose2(200, 0, 0), 300)), [Urban]);
        b.Connect(two.Lanes[0].Id, one.Lanes[0].Id).Connect(two.Lanes[1].Id, one.Lanes[0].Id);
        var ex = Assert.Throws<ArgumentException>(() => b.Build());
        Assert.Contains($"Connection lane {two.Lanes[1].Id}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("must meet within 0.5 m", ex.Message, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Degenerate input

    /// <summary>An empty road network and a world without vehicles: every traffic system steps without throwing.</summary>
    [Fact]
    public void An_empty_network_steps()
    {
        var sim = new Simulation(new SimulationOptions(1, 0.1, 2));
        sim.World.SetManagedResource(new RoadNetworkBuilder().Build());
        sim.AddSystem(Phase.Physics, new VehicleSystem());
        sim.AddSystem(Phase.Events, new CollisionSystem());
        sim.AddSystem(Phase.Events, new EgoMetricsSystem());
        sim.Run(3);
    }

    /// <summary>A vehicle body with NaN length is accepted by the factory. Its half length makes every gap to it NaN, and
    /// IDM's `gap &lt; +∞` test treats a NaN gap as "no leader": followers drive through it (the collision system then
    /// throws on the NaN box). Expected: refused at spawn with a message naming the vehicle.</summary>
    [Fact]
    public void A_bad_body_is_refused_at_spawn()
    {
        Simulation sim = Sim(TrafficTestWorlds.Straight(1, 1000));
        var body = new ActorBody(ActorClass.Car, float.NaN, 1.8f, 1.5f, 2.7f);
        Exception? error = Record.Exception(() => VehicleFactory.Spawn(sim.World, new VehicleSpec(ActorClass.Car, Body: body), new LanePosition(0, 100, 0), 10, 1));
        if (error is null)
        {
            Entity follower = TrafficTestWorlds.Car(sim, 0, 50, 10, 2);
            sim.Run(2);
            output.WriteLine($"follower speed after 2 steps: {sim.World.Get<LaneMotion>(follower).Speed}");
        }

        Assert.IsAssignableFrom<ArgumentException>(error);
    }

    /// <summary>Resume from a snapshot: the collision detector's "contacts active in the previous step" live in the
    /// managed <see cref="CollisionLog"/>, which snapshots do not carry, so a lasting contact is reported again as a new
    /// collision by the resumed run (the original reports it once). Same for the PET tracker's passages.</summary>
    [Fact]
    public void A_resumed_run_does_not_report_a_lasting_contact_again()
    {
        RoadNetwork network = TrafficTestWorlds.Straight(1, 1000);
        Simulation Make(World? world)
        {
            Simulation sim = world is null ? new Simulation(new SimulationOptions(1, 0.1, 1)) : new Simulation(new SimulationOptions(1, 0.1, 1), world);
            sim.World.SetManagedResource(network);
            sim.AddSystem(Phase.Physics, new VehicleSystem());
            sim.AddSystem(Phase.Events, new CollisionSystem());
            return sim;
        }

        Simulation original = Make(null);
        foreach ((double s, ulong id) in new[] { (100.0, 1UL), (103.0, 2UL) })
        {
            TrafficActions.Stop(original.World, TrafficTestWorlds.Car(original, 0, s, 0, id));
        }

        original.Run(5);
        byte[] snapshot = original.World.Snapshot();
        original.Run(5);
        Simulation resumed = Make(World.Restore(snapshot));
        resumed.Run(5);
        int originalEvents = original.World.GetManagedResource<CollisionLog>().Events.Count(e => e.Tick >= 5);
        int resumedEvents = resumed.World.GetManagedResource<CollisionLog>().Events.Count;
        Assert.Equal(originalEvents, resumedEvents);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Complexity

    /// <summary>
    /// LaneIndex.Build re-buckets rows in the previous step's global order (lane 0's rows, then lane 1's, …), so a row
    /// that starts or finishes a lane change lands at the wrong end of its new lane's list and the insertion sort
    /// shifts it past ~n/2 rows: O(changes × lane population) per step. With changes ∝ N that is O(N²) on one long
    /// multi-lane road (the benchmark's 1,000-vehicle rings hide it). Here 1 % of the rows of a two-lane road with
    /// 100,000 rows per lane start a change: the rebuild should cost about what a rebuild without changes costs.
    /// </summary>

    private static string Describe(LaneMotion m) => $"lane {m.Lane} target {m.TargetLane} s {m.S:0.##} t {m.T:0.##} v {m.Speed:0.##}";
}

/// <summary>Review findings not fixed yet: each skipped test states what it expects; the reason names the gap.</summary>
internal static class KnownIssue
{
    public const string BusSweptPath =
        "Known issue: the generated intersection is sized for cars; a 12 m bus's body sweeps over the centre line on a 11.25 m left turn and touches vehicles waiting at the opposing stop line (needs design-vehicle stop-line set-backs).";

    public const string SimultaneousJunctionEntry =
        "Known issue: two vehicles from different phases that enter crossing junction paths in the same step (one late on all-red) do not see each other; needs a tie-break for simultaneous entry.";
}
