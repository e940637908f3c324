namespace Sim.Core.Ecs;

/// <summary>An operation named an entity that was destroyed, or a handle whose slot has been recycled.</summary>
public sealed class EntityNotAliveException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="entity"/>.</summary>
    public EntityNotAliveException(Entity entity, string operation, string detail)
        : base($"{operation}: {entity} is not alive ({detail}).")
    {
        Entity = entity;
    }

    /// <summary>The stale or destroyed handle.</summary>
    public Entity Entity { get; }
}

/// <summary>An entity lacks a component that an operation needs, or already has one it was asked to add.</summary>
public sealed class ComponentMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception with a message that names the entity and the component.</summary>
    public ComponentMismatchException(string message)
        : base(message)
    {
    }
}

/// <summary>A structural change (create, destroy, add or remove a component) was attempted while a query iterated.</summary>
public sealed class StructuralChangeException : InvalidOperationException
{
    /// <summary>Creates the exception with a message that names the operation.</summary>
    public StructuralChangeException(string message)
        : base(message)
    {
    }
}
