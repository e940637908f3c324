using Sim.Core.Traffic;

namespace Sim.Sensors;

/// <summary>The class of a pixel or LiDAR point. Stable numeric values: labels and exports store them.</summary>
public enum SemanticClass : byte
{
    /// <summary>Nothing (sky, no return).</summary>
    Unlabelled = 0,

    /// <summary>Road surface and ground.</summary>
    Road = 1,

    /// <summary>Passenger car.</summary>
    Car = 2,

    /// <summary>Van.</summary>
    Van = 3,

    /// <summary>Truck.</summary>
    Truck = 4,

    /// <summary>Bus.</summary>
    Bus = 5,

    /// <summary>Motorcycle.</summary>
    Motorcycle = 6,

    /// <summary>Bicycle.</summary>
    Bicycle = 7,

    /// <summary>Pedestrian.</summary>
    Pedestrian = 8,

    /// <summary>Deer or other large animal.</summary>
    Deer = 9,

    /// <summary>Tree.</summary>
    Tree = 10,

    /// <summary>Building.</summary>
    Building = 11,

    /// <summary>Barrier.</summary>
    Barrier = 12,

    /// <summary>A return from the weather itself (fog or rain backscatter, a snowflake).</summary>
    Weather = 13,

    /// <summary>Sidewalk.</summary>
    Sidewalk = 14,

    /// <summary>Painted lane marking on the road.</summary>
    LaneMarking = 15,

    /// <summary>Ground beside the road (verges, fields).</summary>
    Terrain = 16,
}

/// <summary>From the traffic world's classes to the sensors' semantic classes.</summary>
public static class SemanticClasses
{
    /// <summary>The semantic class of an actor or prop class.</summary>
    public static SemanticClass Of(ActorClass kind) => kind switch
    {
        ActorClass.Car => SemanticClass.Car,
        ActorClass.Van => SemanticClass.Van,
        ActorClass.Truck => SemanticClass.Truck,
        ActorClass.Bus => SemanticClass.Bus,
        ActorClass.Motorcycle => SemanticClass.Motorcycle,
        ActorClass.Bicycle => SemanticClass.Bicycle,
        ActorClass.Pedestrian => SemanticClass.Pedestrian,
        ActorClass.Deer => SemanticClass.Deer,
        ActorClass.Tree => SemanticClass.Tree,
        ActorClass.Building => SemanticClass.Building,
        ActorClass.Barrier => SemanticClass.Barrier,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown actor class."),
    };
}
