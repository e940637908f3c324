using Sim.Core.Traffic;

namespace Sim.Sensors.Geometry;

/// <summary>
/// Procedural shapes per class, as parts inside the class's body box (so 3D and amodal labels stay the body box): a car
/// is a body on four wheels with a cabin set back; a van a tall box with a bonnet; a truck a cab ahead of a higher
/// box body; a bus a box on wheels; a motorcycle or bicycle a narrow frame with a rider; a pedestrian two legs, a torso
/// and a head; a deer a body on four legs with a neck and head forward; a tree a trunk under a crown; buildings and
/// barriers their box.
/// </summary>
public static class Shapes
{
    private static readonly Part[] Wheels =
    [
        new(0.26, 0.4, -0.5, -0.38, 0, 0.28), new(0.26, 0.4, 0.38, 0.5, 0, 0.28),
        new(-0.4, -0.26, -0.5, -0.38, 0, 0.28), new(-0.4, -0.26, 0.38, 0.5, 0, 0.28),
    ];

    /// <summary>The parts of a <paramref name="kind"/>.</summary>
    public static IReadOnlyList<Part> Of(ActorClass kind) => kind switch
    {
        ActorClass.Car => [new(-0.5, 0.5, -0.5, 0.5, 0.15, 0.55), new(-0.32, 0.18, -0.46, 0.46, 0.55, 1), .. Wheels],
        ActorClass.Van => [new(-0.5, 0.3, -0.5, 0.5, 0.1, 1), new(0.3, 0.5, -0.5, 0.5, 0.1, 0.55), new(0.3, 0.36, -0.47, 0.47, 0.55, 0.95), .. Wheels],
        ActorClass.Truck => [new(0.32, 0.5, -0.5, 0.5, 0.08, 0.85), new(-0.5, 0.3, -0.5, 0.5, 0.25, 1), new(-0.5, 0.32, -0.35, 0.35, 0.08, 0.25), .. Wheels],
        ActorClass.Bus => [new(-0.5, 0.5, -0.5, 0.5, 0.08, 1), .. Wheels],
        ActorClass.Motorcycle => [new(-0.45, 0.45, -0.2, 0.2, 0, 0.45), new(-0.15, 0.1, -0.35, 0.35, 0.45, 0.88), new(-0.06, 0.08, -0.15, 0.15, 0.88, 1)],
        ActorClass.Bicycle => [new(-0.5, 0.5, -0.1, 0.1, 0, 0.55), new(-0.15, 0.1, -0.4, 0.4, 0.5, 0.87), new(-0.05, 0.08, -0.15, 0.15, 0.87, 1)],
        ActorClass.Pedestrian => [new(-0.25, 0.25, -0.3, -0.05, 0, 0.5), new(-0.25, 0.25, 0.05, 0.3, 0, 0.5), new(-0.35, 0.35, -0.5, 0.5, 0.5, 0.85), new(-0.2, 0.2, -0.15, 0.15, 0.87, 1)],
        ActorClass.Deer =>
        [
            new(-0.35, 0.3, -0.5, 0.5, 0.45, 0.8), new(0.28, 0.4, -0.3, 0.3, 0.65, 0.95), new(0.38, 0.5, -0.3, 0.3, 0.82, 1),
            new(-0.33, -0.25, -0.4, -0.1, 0, 0.45), new(-0.33, -0.25, 0.1, 0.4, 0, 0.45), new(0.18, 0.26, -0.4, -0.1, 0, 0.45), new(0.18, 0.26, 0.1, 0.4, 0, 0.45),
        ],
        ActorClass.Tree => [new(-0.06, 0.06, -0.06, 0.06, 0, 0.35), new(-0.5, 0.5, -0.5, 0.5, 0.3, 1)],
        _ => [Part.Whole],
    };
}
