namespace Sim.Bench.Ecs;

public struct Position
{
    public float X;
    public float Y;
    public float Z;
}

public struct Velocity
{
    public float X;
    public float Y;
    public float Z;
}

/// <summary>The unrelated third component on half of the entities, so the query spans two archetypes.</summary>
public struct Mass
{
    public float Kilograms;
}
