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

        if (!(speed >= 0 && speed <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "Speed must be in [0, 100] m/s.");
        }

        ActorBody body = spec.Body ?? ActorDimensions.Typical(spec.Class);
        IdmParameters idm = spec.Idm ?? IdmParameters.For(spec.Class);
        MobilParameters mobil = spec.Mobil ?? MobilParameters.Default;
        idm.Validate();
        mobil.Validate();
        long tick = world.HasResource<SimulationClock>() ? world.GetResource<SimulationClock>().Tick : 0;
        ulong seed = world.HasResource<SimulationSeed>() ? world.GetResource<SimulationSeed>().Value : 0;
        var motion = new LaneMotion { Lane = lane.Id, TargetLane = lane.Id, S = position.S, T = position.T, Speed = speed };
        Entity e = world.Create(new StableId(stableId), motion, body, idm);
        world.Add(e, mobil);
        world.Add(e, VehicleDynamics.For(body));
        world.Add(e, new VehicleNav { NextLane = VehicleStep.ChooseSuccessor(lane, seed, stableId, tick) });
        world.Add(e, default(VehicleControl));
        Pose2 pose = network.ToWorld(position);
        (double sin, double cos) = Math.SinCos(pose.Heading);
        world.Add(e, new ActorPose { X = pose.X, Y = pose.Y, Heading = pose.Heading, Vx = speed * cos, Vy = speed * sin });
        return e;
    }
}
