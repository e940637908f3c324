using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic.Safety;
using Sim.Core.Traffic.Vehicles;
using Sim.Core.Weather;
using Sim.Scenarios.Model;

namespace Sim.Scenarios;

/// <summary>A simulation built from one scenario variation, with its actors by name.</summary>
/// <param name="Simulation">The simulation, at tick 0.</param>
/// <param name="Actors">Each actor's entity, by its name in the file.</param>
public sealed record BuiltScenario(Simulation Simulation, IReadOnlyDictionary<string, Entity> Actors);

/// <summary>
/// Turns a <see cref="ScenarioInstance"/> into a ready <see cref="Simulation"/>: the road network as a resource with the
/// <see cref="VehicleSystem"/> and <see cref="CollisionSystem"/> (contacts in the world's <see cref="CollisionLog"/>), the weather timeline with the <see cref="WeatherSystem"/>, and every actor spawned.
/// </summary>
/// <remarks>
/// The simulation's seed is derived from the scenario seed and the variation index, so variations differ in every
/// random behaviour and the same pair always gives the same run. An actor's stable id is derived from its name alone,
/// so it names the same actor in every variation and in any file order (labels and resumes rely on this).
/// </remarks>
public static class WorldBuilder
{
    /// <summary>Builds variation <paramref name="instance"/> with <paramref name="workerThreads"/> worker threads
    /// (the result does not depend on it).</summary>
    public static BuiltScenario Build(ScenarioInstance instance, int workerThreads = 1)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var sim = new Simulation(new SimulationOptions(SimulationSeedFor(instance.Seed, instance.Index), instance.Meta.Dt, workerThreads));
        if (instance.Weather is { } weather)
        {
            sim.World.SetManagedResource(weather);
            sim.World.SetResource(weather.At(0));
            sim.AddSystem(Phase.Behaviour, new WeatherSystem());
        }

        var actors = new Dictionary<string, Entity>(StringComparer.Ordinal);
        if (instance.World is { } world)
        {
            sim.World.SetManagedResource(world.Network);
            sim.AddSystem(Phase.Physics, new VehicleSystem());
            sim.AddSystem(Phase.Events, new CollisionSystem());
            var ids = new HashSet<ulong>();
            foreach (ActorPlacement actor in instance.Actors)
            {
                ulong id = ActorId(actor.Name);
                if (!ids.Add(id))
                {
                    throw new InvalidOperationException($"actor '{actor.Name}' hashes to the stable id of another actor; rename one of them");
                }

                actors.Add(actor.Name, VehicleFactory.Spawn(sim.World, actor.Spec, actor.Position, actor.Speed, id));
            }
        }

        return new BuiltScenario(sim, actors);
    }

    /// <summary>The stable id of the actor named <paramref name="name"/>: XXH64 of <c>actor/</c> + the name.</summary>
    public static ulong ActorId(string name) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes("actor/" + name));

    /// <summary>The simulation seed of variation <paramref name="index"/> of a run with <paramref name="seed"/>:
    /// XXH64 of both as little-endian 64-bit integers.</summary>
    public static ulong SimulationSeedFor(ulong seed, int index)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, seed);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], index);
        return XxHash64.HashToUInt64(bytes);
    }
}
