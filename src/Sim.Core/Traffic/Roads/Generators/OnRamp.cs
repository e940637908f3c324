namespace Sim.Core.Traffic.Roads.Generators;

/// <summary>
/// An on-ramp of a <see cref="Highway"/>: a one-lane ramp road that comes in from the right (south) at an angle,
/// bends parallel to the highway and becomes an acceleration (<see cref="LaneKind.Entry"/>) lane beside the
/// rightmost main lane; the entry lane ends after <see cref="EntryLength"/> (a lane drop), so merging vehicles must
/// change left before its end.
/// </summary>
/// <param name="MergeStart">Distance from the highway's start to the start of the entry lane, m (≥ 10, and the entry
/// lane must end at least 10 m before the highway does).</param>
/// <param name="EntryLength">Length of the entry lane, m (50–1000). Default 250 m, the parallel acceleration lane of
/// German motorway guidelines (RAA 2008); AASHTO asks for similar lengths at 100–120 km/h.</param>
/// <param name="RampLength">Length of the ramp road (its s range) up to the entry lane, m: a straight at the ramp
/// angle, then the arc. From the arc's length (reference radius <paramref name="RampRadius"/> + half a lane width,
/// times <paramref name="RampAngle"/>) up to 2000 m.</param>
/// <param name="RampRadius">Radius of the ramp lane's centre line on its final arc, m (30–5000).</param>
/// <param name="RampAngle">Angle between the ramp's straight and the highway, rad (0.02–π/2).</param>
/// <param name="RampSpeedLimit">Speed limit on the ramp road, m/s (1–70); the entry lane has the highway's. Default
/// 80 km/h.</param>
public sealed record OnRamp(
    double MergeStart = 800,
    double EntryLength = 250,
    double RampLength = 200,
    double RampRadius = 300,
    double RampAngle = 0.2,
    double RampSpeedLimit = 80 / 3.6)
{
    /// <summary>Checks the ramp against a highway of length <paramref name="highwayLength"/> with lanes
    /// <paramref name="laneWidth"/> m wide.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter outside its range (named in the exception).</exception>
    public void Validate(double highwayLength, double laneWidth)
    {
        ParameterCheck.InRange(EntryLength, 50, 1000, nameof(EntryLength), "m");
        ParameterCheck.InRange(MergeStart, 10, highwayLength - EntryLength - 10, nameof(MergeStart), "m (the entry lane must end at least 10 m before the highway does)");
        ParameterCheck.InRange(RampRadius, 30, 5000, nameof(RampRadius), "m");
        ParameterCheck.InRange(RampAngle, 0.02, Math.PI / 2, nameof(RampAngle), "rad");
        ParameterCheck.InRange(RampLength, ArcLength(laneWidth), 2000, nameof(RampLength), "m (at least the arc's length on the ramp's reference line)");
        ParameterCheck.InRange(RampSpeedLimit, 1, 70, nameof(RampSpeedLimit), "m/s");
    }

    /// <summary>The ramp road's reference line is its left edge, half a lane outside the lane's centre on the
    /// right-hand arc.</summary>
    internal double ReferenceRadius(double laneWidth) => RampRadius + (laneWidth / 2);

    /// <summary>Length of the arc on the ramp's reference line, m.</summary>
    internal double ArcLength(double laneWidth) => ReferenceRadius(laneWidth) * RampAngle;
}
