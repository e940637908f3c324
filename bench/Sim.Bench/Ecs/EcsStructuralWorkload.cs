using Sim.Core.Ecs;

namespace Sim.Bench.Ecs;

/// <summary>Structural operations: creating entities and moving them between archetypes.</summary>
public static class EcsStructuralWorkload
{
    /// <summary>Creates <paramref name="count"/> entities with Position + Velocity in a fresh world.</summary>
    public static World Create(int count)
    {
        var world = new World();
        for (int i = 0; i < count; i++)
        {
            world.Create(new Position { X = i }, new Velocity { X = 1 });
        }

        return world;
    }

    /// <summary>Adds Mass to every entity, then removes it again: 2 × entities archetype moves.</summary>
    public static int AddRemove(World world, Entity[] entities)
    {
        foreach (Entity e in entities)
        {
            world.Add(e, new Mass { Kilograms = 1 });
        }

        foreach (Entity e in entities)
        {
            world.Remove<Mass>(e);
        }

        return entities.Length * 2;
    }
}
