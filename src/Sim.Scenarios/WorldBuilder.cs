using System.Buffers.Binary;
using System.IO.Hashing;
using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Pedestrians;
using Sim.Core.Traffic.Safety;
using Sim.Core.Traffic.Vehicles;
using Sim.Core.Weather;
using Sim.Scenarios.Events;
using Sim.Scenarios.Model;

namespace Sim.Scenarios;

/// <summary>A simulation built from one scenario variation, with its actors by name.</summary>
/// <param name="Simulation">The simulation, at tick 0.</param>
/// <param name="Actors">Each actor's entity in the world, by its name in the file (actors spawned by events join it
/// when they spawn; despawned ones leave it).</param>
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
    /// <summary>The actor whose name is this is the ego: it gets the <see cref="Ego"/> tag and its metrics are recorded.</summary>
    public const string EgoName = "ego";

    /// <summary>Builds variation <paramref name="instance"/> with <paramref name="workerThreads"/> worker threads
    /// (the result does not depend on it).</summary>
    /// <exception cref="InvalidOperationException">Two names hash to the same stable id (rename one).</exception>
    public static BuiltScenario Build(ScenarioInstance instance, int workerThreads = 1)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ulong seed = SimulationSeedFor(instance.Seed, instance.Index);
        var sim = new Simulation(new SimulationOptions(seed, instance.Meta.Dt, workerThreads));
        bool weatherActions = instance.Events.Any(e => e.Do.Any(a => a.Kind == "weather"));
        if (instance.Weather is not null || weatherActions)
        {
            WeatherTimeline weather = instance.Weather ?? new WeatherTimeline([new WeatherKeyframe(0, WeatherState.Clear)]);
            sim.World.SetManagedResource(weather);
            sim.World.SetResource(weather.At(0));
            sim.AddSystem(Phase.Behaviour, new WeatherSystem());
        }

        var actors = new Dictionary<string, Entity>(StringComparer.Ordinal);
        if (instance.World is { } world)
        {
            sim.World.SetManagedResource(world.Network);
            sim.AddSystem(Phase.Physics, new VehicleSystem());
            if (instance.Actors.Any(a => !ActorDimensions.IsVehicle(a.Class)) || instance.Traffic is { PedestriansPer100m: > 0 })
            {
                sim.AddPedestrianSystems();
            }

            sim.AddSystem(Phase.Events, new CollisionSystem());
            var ids = new HashSet<ulong>();
            foreach (PropPlacement prop in instance.Props)
            {
                Unique(ids, ActorSpawner.PropId(prop.Name), "prop", prop.Name);
                ActorSpawner.SpawnProp(sim.World, prop);
            }

            foreach (ActorPlacement actor in instance.Actors)
            {
                Unique(ids, ActorSpawner.ActorId(actor.Name), "actor", actor.Name);
                if (actor.AtStart)
                {
                    actors.Add(actor.Name, ActorSpawner.Spawn(sim.World, seed, actor, actor.Name == EgoName));
                }
            }

            if (instance.Traffic is { } fill)
            {
                ActorSpawner.FillTraffic(sim.World, seed, fill);
            }

            if (instance.Actors.Any(a => a.Name == EgoName))
            {
                sim.AddSystem(Phase.Events, new EgoMetricsSystem());
            }
        }

        if (instance.Events.Count > 0)
        {
            sim.World.SetManagedResource(new EventLog());
            sim.AddSystem(Phase.Events, new ScenarioEventSystem(instance.Events, instance.Actors, actors, instance.World, instance.Actors.Any(a => a.Name == EgoName) ? EgoName : null));
        }

        return new BuiltScenario(sim, actors);
    }

    /// <summary>The stable id of the actor named <paramref name="name"/>: XXH64 of <c>actor/</c> + the name.</summary>
    public static ulong ActorId(string name) => ActorSpawner.ActorId(name);

    /// <summary>The simulation seed of variation <paramref name="index"/> of a run with <paramref name="seed"/>:
    /// XXH64 of both as little-endian 64-bit integers.</summary>
    public static ulong SimulationSeedFor(ulong seed, int index)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, seed);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], index);
        return XxHash64.HashToUInt64(bytes);
    }

    private static void Unique(HashSet<ulong> ids, ulong id, string what, string name)
    {
        if (!ids.Add(id))
        {
            throw new InvalidOperationException($"{what} '{name}' hashes to the stable id of another actor or prop; rename one of them");
        }
    }
}
