using System.Diagnostics.CodeAnalysis;

namespace Sim.Core.Ecs;

/// <summary>Rare paths out of line, so that hot methods stay small enough to inline.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void NotAlive(Entity entity, string operation, int slotVersion, int slotCount)
    {
        string detail = entity.IsPending
            ? "it was created by a command buffer that has not been played back"
            : entity.Id < 0 || entity.Id >= slotCount
                ? "no entity with this id was ever created in this world"
                : entity.Version == 0
                    ? "it is the null entity"
                    : slotVersion == entity.Version
                        ? "it was destroyed"
                        : $"it was destroyed; its id now belongs to version {slotVersion}";
        throw new EntityNotAliveException(entity, operation, detail);
    }

    [DoesNotReturn]
    public static void StructuralChange(string operation, Entity entity) =>
        throw new StructuralChangeException(
            $"{operation}({entity}) is a structural change and a query is iterating this world; record it in a CommandBuffer and play it back after the query.");

    [DoesNotReturn]
    public static void MissingComponent(Entity entity, Type type, string operation, Archetype archetype) =>
        throw new ComponentMismatchException($"{operation}<{type.Name}>({entity}): the entity has no {type.Name}; it has {archetype.Types}.");

    [DoesNotReturn]
    public static void DuplicateComponent(Entity entity, Type type) =>
        throw new ComponentMismatchException($"Add<{type.Name}>({entity}): the entity already has a {type.Name}; use Set to change its value.");

    [DoesNotReturn]
    public static void ArchetypeLacks(Archetype archetype, Type type) =>
        throw new ComponentMismatchException(
            $"Archetype {archetype.Types} has no {type.Name} column; add {type.Name} to the query's WithAll so that only archetypes with it match.");
}
