namespace Sim.Core.Traffic;

/// <summary>The kinds of traffic actor. The numeric values are stable: labels and exports store them.</summary>
public enum ActorClass
{
    /// <summary>Passenger car.</summary>
    Car = 0,

    /// <summary>Delivery van.</summary>
    Van = 1,

    /// <summary>Heavy goods vehicle.</summary>
    Truck = 2,

    /// <summary>Bus.</summary>
    Bus = 3,

    /// <summary>Motorcycle.</summary>
    Motorcycle = 4,

    /// <summary>Bicycle with rider.</summary>
    Bicycle = 5,

    /// <summary>Pedestrian.</summary>
    Pedestrian = 6,

    /// <summary>Deer (or any large animal crossing the road).</summary>
    Deer = 7,

    /// <summary>Tree (static prop).</summary>
    Tree = 8,

    /// <summary>Building (static prop).</summary>
    Building = 9,

    /// <summary>Road barrier, e.g. a concrete safety barrier segment (static prop).</summary>
    Barrier = 10,
}

/// <summary>Typical dimensions per class (length, width, height in metres; wheelbase for vehicles), from common
/// European references: a mid-size car 4.5 × 1.8 × 1.5 m, a 3.5 t van 5.9 × 2.0 × 2.5 m, a 12 m rigid truck
/// or bus 12 × 2.55 × 3.5 m, a motorcycle 2.1 × 0.8 m, a bicycle 1.8 × 0.6 m, an adult pedestrian 0.5 × 0.6 × 1.75 m,
/// a red deer 1.9 × 0.5 × 1.2 m; props: a street tree's crown 4 × 4 × 8 m, a small building 20 × 12 × 10 m, a 4 m
/// segment of concrete step barrier 0.6 m wide and 0.9 m tall (EN 1317 profiles are 0.8–1.1 m).</summary>
public static class ActorDimensions
{
    /// <summary>The body of a typical actor of this class.</summary>
    public static ActorBody Typical(ActorClass kind) => kind switch
    {
        ActorClass.Car => new ActorBody(kind, 4.5f, 1.8f, 1.5f, 2.7f),
        ActorClass.Van => new ActorBody(kind, 5.9f, 2.0f, 2.5f, 3.7f),
        ActorClass.Truck => new ActorBody(kind, 12.0f, 2.55f, 3.6f, 6.5f),
        ActorClass.Bus => new ActorBody(kind, 12.0f, 2.55f, 3.2f, 6.0f),
        ActorClass.Motorcycle => new ActorBody(kind, 2.1f, 0.8f, 1.4f, 1.45f),
        ActorClass.Bicycle => new ActorBody(kind, 1.8f, 0.6f, 1.7f, 1.05f),
        ActorClass.Pedestrian => new ActorBody(kind, 0.5f, 0.6f, 1.75f, 0f),
        ActorClass.Deer => new ActorBody(kind, 1.9f, 0.5f, 1.2f, 0f),
        ActorClass.Tree => new ActorBody(kind, 4f, 4f, 8f, 0f),
        ActorClass.Building => new ActorBody(kind, 20f, 12f, 10f, 0f),
        ActorClass.Barrier => new ActorBody(kind, 4f, 0.6f, 0.9f, 0f),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown actor class."),
    };

    /// <summary>Whether actors of this class drive on lanes with IDM/MOBIL.</summary>
    public static bool IsVehicle(ActorClass kind) => kind <= ActorClass.Bicycle;
}
