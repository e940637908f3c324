namespace Sim.Core.Traffic.Safety;

/// <summary>
/// A new contact between two actors: their bounding boxes overlap (or touch) in this step's state and did not in the
/// previous step's. Ids and classes are ordered so that <see cref="IdA"/> &lt; <see cref="IdB"/>.
/// </summary>
/// <param name="Tick">The step that brought the actors into contact (<see cref="Kernel.SimulationClock.Tick"/> while it ran).</param>
/// <param name="Time">Simulated time of the state in which the contact was first seen, s: the end of step
/// <paramref name="Tick"/>, i.e. (Tick + 1) × Dt, since the Events phase sees the world after Physics moved it.</param>
/// <param name="IdA">The smaller stable id.</param>
/// <param name="IdB">The larger stable id.</param>
/// <param name="ClassA">Class of actor <paramref name="IdA"/>.</param>
/// <param name="ClassB">Class of actor <paramref name="IdB"/>.</param>
/// <param name="RelativeSpeed">|v_A − v_B| from the actors' world-frame velocities (<see cref="ActorPose"/>), m/s.</param>
/// <param name="X">East of the centroid of the boxes' shared region, m.</param>
/// <param name="Y">North of the centroid of the boxes' shared region, m.</param>
public readonly record struct CollisionEvent(
    long Tick,
    double Time,
    ulong IdA,
    ulong IdB,
    ActorClass ClassA,
    ActorClass ClassB,
    double RelativeSpeed,
    double X,
    double Y)
{
    /// <summary>The pair of ids.</summary>
    public ContactPair Pair => new(IdA, IdB);
}
