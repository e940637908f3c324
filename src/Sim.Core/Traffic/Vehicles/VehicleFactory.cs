using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic.Roads;

namespace Sim.Core.Traffic.Vehicles;

/// <summary>What a spawned vehicle is: its class, body and driver models (defaults by class when null).</summary>
/// <param name="Class">Vehicle class.</param>
/// <param name="Body">Dimensions; <see cref="ActorDimensions.Typical"/> when null.</param>
/// <param name="Idm">Longitudinal driver; <see cref="IdmParameters.For"/> when null.</param>
/// <param name="Mobil">Lane-change driver; <see cref="MobilParameters.Default"/> when null.</param>
public sealed record VehicleSpec(ActorClass Class, ActorBody? Body = null, IdmParameters? Idm = null, MobilParameters? Mobil = null);

/// <summary>Creates vehicles with every component <see cref="VehicleSystem"/> needs.</summary>
public static class VehicleFactory
{
    /// <summary>Spawns a vehicle at a lane position with a speed, heading along the lane.</summary>
    /// <exception cref="ArgumentException">The class is not a vehicle, the lane is not drivable, s is off the lane,
    /// the speed is negative, or a model parameter is out of range (the message names it).</exception>
    public static Entity Spawn(World world, VehicleSpec spec, LanePosition position, double speed, ulong stableId)
    {
        ArgumentNullException.ThrowIfNull(world);
        Parts parts = Prepare(world, spec, position, speed, stableId);
        Entity e = world.Create(parts.Id, parts.Motion, parts.Body, parts.Idm);
        world.Add(e, parts.Mobil);
        world.Add(e, parts.Dynamics);
        world.Add(e, parts.Nav);
        world.Add(e, default(VehicleControl));
        world.Add(e, parts.Pose);
        return e;
    }

    /// <summary>Records the spawn in a command buffer (from inside a system or a query); returns the pending entity.</summary>
    /// <inheritdoc cref="Spawn(World, VehicleSpec, LanePosition, double, ulong)"/>
    public static Entity Spawn(CommandBuffer commands, World world, VehicleSpec spec, LanePosition position, double speed, ulong stableId)
    {
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(world);
        Parts parts = Prepare(world, spec, position, speed, stableId);
        Entity e = commands.Create();
        commands.Add(e, parts.Id);
        commands.Add(e, parts.Motion);
        commands.Add(e, parts.Body);
        commands.Add(e, parts.Idm);
        commands.Add(e, parts.Mobil);
        commands.Add(e, parts.Dynamics);
        commands.Add(e, parts.Nav);
        commands.Add(e, default(VehicleControl));
        commands.Add(e, parts.Pose);
        return e;
    }

    /// <summary>The world pose of a lane position, with the velocity of <paramref name="speed"/> along the lane.</summary>
    internal static ActorPose PoseOf(RoadNetwork network, LanePosition position, double heading, double speed)
    {
        Pose2 pose = network.ToWorld(position);
        double h = pose.Heading + heading;
        (double sin, double cos) = Math.SinCos(h);
        return new ActorPose { X = pose.X, Y = pose.Y, Heading = h, Vx = speed * cos, Vy = speed * sin };
    }

    private static Parts Prepare(World world, VehicleSpec spec, LanePosition position, double speed, ulong stableId)
    {
        ArgumentNullException.ThrowIfNull(spec);
        RoadNetwork network = world.GetManagedResource<RoadNetwork>();
        if (!ActorDimensions.IsVehicle(spec.Class))
        {
            throw new ArgumentException($"{spec.Class} is not a vehicle class.", nameof(spec));
        }

        Lane lane = network.Lane(position.Lane);
        if (!lane.IsDrivable)
        {
            throw new ArgumentException($"Vehicles spawn on driving or entry lanes; {lane} is not one.", nameof(position));
        }

        if (!(position.S >= 0 && position.S <= lane.Length))
        {
            throw new ArgumentOutOfRangeException(nameof(position), position.S, $"s must be within {lane} (0–{lane.Length:0.##} m).");
        }

        if (!(Math.Abs(position.T) <= lane.Width / 2))
        {
            throw new ArgumentOutOfRangeException(nameof(position), position.T, $"t must be within ±{lane.Width / 2} m of the centre of {lane}.");
        }

        if (!(speed >= 0 && speed <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "Speed must be in [0, 100] m/s.");
        }

        ActorBody body = spec.Body ?? ActorDimensions.Typical(spec.Class);
        if (!(body.Length is > 0.1f and <= 30) || !(body.Width is > 0.1f and <= 5) || !(body.Height is > 0.1f and <= 6) || !(body.Wheelbase is >= 0 and <= 25) || body.Wheelbase > body.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), body, "A vehicle body needs length 0.1–30 m, width 0.1–5 m, height 0.1–6 m and a wheelbase of 0–25 m no longer than the body.");
        }
        IdmParameters idm = spec.Idm ?? IdmParameters.For(spec.Class);
        MobilParameters mobil = spec.Mobil ?? MobilParameters.Default;
        idm.Validate();
        mobil.Validate();
        long tick = world.HasResource<SimulationClock>() ? world.GetResource<SimulationClock>().Tick : 0;
        ulong seed = world.HasResource<SimulationSeed>() ? world.GetResource<SimulationSeed>().Value : 0;
        return new Parts(
            new StableId(stableId),
            new LaneMotion { Lane = lane.Id, TargetLane = lane.Id, S = position.S, T = position.T, Speed = speed },
            body,
            idm,
            mobil,
            VehicleDynamics.For(body),
            VehicleNav.From(network, lane.Id, seed, stableId, tick, VehicleDynamics.For(body).MaxCurvature),
            PoseOf(network, position, 0, speed));
    }

    private readonly record struct Parts(
        StableId Id,
        LaneMotion Motion,
        ActorBody Body,
        IdmParameters Idm,
        MobilParameters Mobil,
        VehicleDynamics Dynamics,
        VehicleNav Nav,
        ActorPose Pose);
}
