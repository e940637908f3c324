using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic.Roads;

namespace Sim.Core.Traffic.Vehicles;

/// <summary>
/// What scenario events do to vehicles. Each action checks its arguments and throws an exception that names the
/// entity and the bad value; value changes are allowed while queries iterate, spawning and despawning from inside
/// a system go through <see cref="CommandBuffer"/> overloads.
/// </summary>
public static class TrafficActions
{
    /// <summary>Drive at <paramref name="speed"/> m/s instead of the IDM desired speed (IDM still keeps the distance to leaders).</summary>
    public static void SetTargetSpeed(World world, Entity vehicle, double speed)
    {
        if (!(speed >= 0 && speed <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, $"Target speed for {vehicle} must be in [0, 100] m/s.");
        }

        ref VehicleControl control = ref Control(world, vehicle);
        control.HasTargetSpeed = 1;
        control.TargetSpeed = speed;
    }

    /// <summary>Return to the IDM desired speed and the lane's limit.</summary>
    public static void ClearTargetSpeed(World world, Entity vehicle) => Control(world, vehicle).HasTargetSpeed = 0;

    /// <summary>Brake at exactly <paramref name="deceleration"/> m/s² until standstill, whatever IDM wants (an emergency or scripted stop).</summary>
    public static void BrakeHard(World world, Entity vehicle, double deceleration)
    {
        if (!(deceleration > 0 && deceleration <= IdmParameters.PhysicalMaxDeceleration * 1.2))
        {
            throw new ArgumentOutOfRangeException(nameof(deceleration), deceleration, $"Braking deceleration for {vehicle} must be in (0, {IdmParameters.PhysicalMaxDeceleration * 1.2}] m/s².");
        }

        Control(world, vehicle).ForcedDeceleration = deceleration;
    }

    /// <summary>End hard braking: IDM drives again.</summary>
    public static void ReleaseBrake(World world, Entity vehicle) => Control(world, vehicle).ForcedDeceleration = 0;

    /// <summary>Come to a comfortable stop (target speed 0) and stay there.</summary>
    public static void Stop(World world, Entity vehicle) => SetTargetSpeed(world, vehicle, 0);

    /// <summary>Change to the neighbouring lane on the left (<paramref name="left"/>) or right now, with the normal
    /// lateral dynamics; MOBIL is not asked, and lane changes by MOBIL are held while the change runs.</summary>
    /// <exception cref="InvalidOperationException">There is no drivable lane on that side.</exception>
    public static void ChangeLane(World world, Entity vehicle, bool left) => StartChange(world, vehicle, left, forced: false);

    /// <summary>
    /// Cut in now: an abrupt change into the neighbouring lane on the given side (half the usual lateral lookahead),
    /// whatever the gap there — the scenario chooses the moment, e.g. when the gap to a vehicle in the target lane
    /// falls below a value. The path still respects the vehicle's curvature and steering-rate limits.
    /// </summary>
    /// <exception cref="InvalidOperationException">There is no drivable lane on that side.</exception>
    public static void CutIn(World world, Entity vehicle, bool left) => StartChange(world, vehicle, left, forced: true);

    /// <summary>Keep <paramref name="offset"/> m (left positive) from the lane centre instead of the centre, e.g. a
    /// motorcycle filtering along the lane line between queues: at most half the lane's width. MOBIL makes no lane
    /// changes while the vehicle is off-centre; other vehicles still see it only on its own lane.</summary>
    public static void SetLaneOffset(World world, Entity vehicle, double offset)
    {
        ArgumentNullException.ThrowIfNull(world);
        RoadNetwork network = world.GetManagedResource<RoadNetwork>();
        Lane lane = network.Lane(world.Get<LaneMotion>(vehicle).Lane);
        if (!(Math.Abs(offset) <= lane.Width / 2))
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"Lane offset for {vehicle} must be within ±{lane.Width / 2} m (half of {lane}'s width).");
        }

        Control(world, vehicle).LaneOffset = offset;
    }

    /// <summary>Places the vehicle at a lane position with a speed, aligned with the lane (lane changes cancelled).</summary>
    /// <exception cref="ArgumentException">The lane is not drivable or the position is off it.</exception>
    public static void Teleport(World world, Entity vehicle, LanePosition position, double speed)
    {
        ArgumentNullException.ThrowIfNull(world);
        RoadNetwork network = world.GetManagedResource<RoadNetwork>();
        Lane lane = network.Lane(position.Lane);
        if (!lane.IsDrivable || !(position.S >= 0 && position.S <= lane.Length) || !(Math.Abs(position.T) <= lane.Width / 2))
        {
            throw new ArgumentException($"Teleport of {vehicle}: {position} is not on a drivable lane (lane {lane}, s 0–{lane.Length:0.##} m, |t| ≤ {lane.Width / 2} m).", nameof(position));
        }

        if (!(speed >= 0 && speed <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, $"Speed for {vehicle} must be in [0, 100] m/s.");
        }

        ref LaneMotion motion = ref world.Get<LaneMotion>(vehicle);
        motion = new LaneMotion { Lane = lane.Id, TargetLane = lane.Id, S = position.S, T = position.T, Speed = speed };
        world.Get<VehicleDynamics>(vehicle).Curvature = network.LaneCurvature(lane.Id, position.S);
        ulong seed = world.HasResource<SimulationSeed>() ? world.GetResource<SimulationSeed>().Value : 0;
        long tick = world.HasResource<SimulationClock>() ? world.GetResource<SimulationClock>().Tick : 0;
        world.Get<VehicleNav>(vehicle) = VehicleNav.From(network, lane.Id, seed, world.Get<StableId>(vehicle).Value, tick, world.Get<VehicleDynamics>(vehicle).MaxCurvature);
        world.Get<ActorPose>(vehicle) = VehicleFactory.PoseOf(network, position, 0, speed);
    }

    /// <summary>Removes a vehicle now (outside iteration).</summary>
    public static void Despawn(World world, Entity vehicle)
    {
        ArgumentNullException.ThrowIfNull(world);
        world.Destroy(vehicle);
    }

    /// <summary>Removes a vehicle when the command buffer plays back (inside a system).</summary>
    public static void Despawn(CommandBuffer commands, Entity vehicle)
    {
        ArgumentNullException.ThrowIfNull(commands);
        commands.Destroy(vehicle);
    }

    private static void StartChange(World world, Entity vehicle, bool left, bool forced)
    {
        ArgumentNullException.ThrowIfNull(world);
        RoadNetwork network = world.GetManagedResource<RoadNetwork>();
        ref LaneMotion motion = ref world.Get<LaneMotion>(vehicle);
        Lane lane = network.Lanes[motion.Lane];
        int target = left ? lane.Left : lane.Right;
        if (target < 0)
        {
            throw new InvalidOperationException($"{vehicle} is on {lane}, which has no drivable lane on its {(left ? "left" : "right")}.");
        }

        motion.TargetLane = target;
        if (forced)
        {
            Control(world, vehicle).Forced = 1;
        }
    }

    private static ref VehicleControl Control(World world, Entity vehicle)
    {
        ArgumentNullException.ThrowIfNull(world);
        return ref world.Get<VehicleControl>(vehicle);
    }
}
