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
    /// <summary>The longest ramp road, m: <see cref="RampLength"/>, and so the arc within it, is at most this long.</summary>
    public const double MaxRampLength = 2000;

    /// <summary>The least distance, m, between the entry lane and either end of the highway.</summary>
    public const double EndMargin = 10;

    /// <summary>Checks the ramp against a highway of length <paramref name="highwayLength"/> with lanes
    /// <paramref name="laneWidth"/> m wide.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter outside its range (named in the exception), or an
    /// entry lane or arc that cannot fit whatever the other parameters are.</exception>
    public void Validate(double highwayLength, double laneWidth)
    {
        ParameterCheck.InRange(EntryLength, 50, 1000, nameof(EntryLength), "m");
        if (!(highwayLength - EntryLength - EndMargin >= EndMargin))
        {
            throw new ArgumentOutOfRangeException(nameof(EntryLength), EntryLength, FormattableString.Invariant(
                $"EntryLength must be at most {highwayLength - (2 * EndMargin):0.###} m on a {highwayLength:0.###} m highway (the entry lane must start at least {EndMargin} m after the highway's start and end at least {EndMargin} m before its end)."));
        }

        ParameterCheck.InRange(MergeStart, EndMargin, highwayLength - EntryLength - EndMargin, nameof(MergeStart), "m (the entry lane must end at least 10 m before the highway does)");
        ParameterCheck.InRange(RampRadius, 30, 5000, nameof(RampRadius), "m");
        ParameterCheck.InRange(RampAngle, 0.02, Math.PI / 2, nameof(RampAngle), "rad");
        if (ArcLength(laneWidth) > MaxRampLength)
        {
            throw new ArgumentOutOfRangeException(nameof(RampRadius), RampRadius, FormattableString.Invariant(
                $"RampRadius with a ramp angle of {RampAngle:0.###} rad gives an arc of {ArcLength(laneWidth):0.###} m on the ramp's reference line, longer than a ramp may be ({MaxRampLength} m)."));
        }

        ParameterCheck.InRange(RampLength, ArcLength(laneWidth), MaxRampLength, nameof(RampLength), "m (at least the arc's length on the ramp's reference line)");
        ParameterCheck.InRange(RampSpeedLimit, 1, 70, nameof(RampSpeedLimit), "m/s");
    }

    /// <summary>The ramp road's reference line is its left edge, half a lane outside the lane's centre on the
    /// right-hand arc.</summary>
    internal double ReferenceRadius(double laneWidth) => RampRadius + (laneWidth / 2);

    /// <summary>Length of the arc on the ramp's reference line (its radius, <see cref="RampRadius"/> plus half of
    /// <paramref name="laneWidth"/>, times <see cref="RampAngle"/>), m.</summary>
    public double ArcLength(double laneWidth) => ReferenceRadius(laneWidth) * RampAngle;
}
