namespace Sim.Core.Traffic.Safety;

/// <summary>
/// One encounter of the ego and another vehicle at a junction conflict point, with its post-encroachment time
/// (Allen, Shin and Cooper 1978): the time from the first vehicle leaving the conflict area to the second entering it.
/// </summary>
/// <param name="Tick">The step in which the encounter was complete (the second vehicle entered).</param>
/// <param name="Time">Simulated time of the state in which it was seen, s ((Tick + 1) × Dt).</param>
/// <param name="Conflict">Index of the conflict point in <see cref="Roads.RoadNetwork.Conflicts"/>.</param>
/// <param name="EgoId">Stable id of the ego.</param>
/// <param name="OtherId">Stable id of the other vehicle.</param>
/// <param name="EgoFirst">Whether the ego passed first (and the other vehicle encroached after it).</param>
/// <param name="EgoOnPriorityLane">Whether the ego was on the conflict's priority lane (else on its yielding lane).</param>
/// <param name="Seconds">The post-encroachment time, s; 0 when both occupied the conflict area at once.</param>
public readonly record struct PostEncroachment(
    long Tick,
    double Time,
    int Conflict,
    ulong EgoId,
    ulong OtherId,
    bool EgoFirst,
    bool EgoOnPriorityLane,
    double Seconds);
