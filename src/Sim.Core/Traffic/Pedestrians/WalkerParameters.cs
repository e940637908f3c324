namespace Sim.Core.Traffic.Pedestrians;

/// <summary>
/// Per-pedestrian parameters at spawn. The desired walking speed is drawn from a normal distribution truncated to
/// [<see cref="MinSpeed"/>, <see cref="MaxSpeed"/>] (by redrawing), unless <see cref="DesiredSpeed"/> fixes it. The
/// defaults, mean 1.34 m/s and standard deviation 0.26 m/s, are Weidmann's free walking speed of pedestrians
/// (U. Weidmann, <i>Transporttechnik der Fussgänger</i>, IVT Schriftenreihe 90, ETH Zürich, 1993).
/// </summary>
/// <param name="MeanSpeed">Mean desired speed, m/s.</param>
/// <param name="SpeedStdDev">Its standard deviation, m/s.</param>
/// <param name="MinSpeed">Lowest desired speed, m/s.</param>
/// <param name="MaxSpeed">Highest desired speed, m/s.</param>
/// <param name="CrossingProbability">Probability of crossing at each crosswalk met, [0, 1].</param>
/// <param name="StartUpAndClearance">Gap-acceptance margin t_s, s (HCM default 3 s; see <see cref="GapAcceptance"/>).</param>
/// <param name="DesiredSpeed">A fixed desired speed, m/s, instead of a draw.</param>
public sealed record WalkerParameters(
    double MeanSpeed = 1.34,
    double SpeedStdDev = 0.26,
    double MinSpeed = 0.5,
    double MaxSpeed = 2.5,
    double CrossingProbability = 0.5,
    double StartUpAndClearance = GapAcceptance.DefaultStartUpAndClearance,
    double? DesiredSpeed = null)
{
    /// <summary>Throws when a parameter is out of range.</summary>
    /// <exception cref="ArgumentException">A speed is not positive and finite, the bounds are inverted, the
    /// probability is outside [0, 1], or t_s is negative.</exception>
    public void Validate()
    {
        if (!(MinSpeed > 0 && MaxSpeed >= MinSpeed && MaxSpeed <= 12 && MeanSpeed > 0 && SpeedStdDev >= 0 && double.IsFinite(MeanSpeed) && double.IsFinite(SpeedStdDev)))
        {
            throw new ArgumentException($"Walker speeds: mean {MeanSpeed}, σ {SpeedStdDev}, range [{MinSpeed}, {MaxSpeed}] m/s must be positive, finite, ordered and at most 12 m/s.");
        }

        if (DesiredSpeed is { } v && !(v is >= 0.1 and <= 12))
        {
            throw new ArgumentException($"Walker desired speed {v} m/s is outside 0.1–12 m/s.");
        }

        if (!(CrossingProbability is >= 0 and <= 1))
        {
            throw new ArgumentException($"Walker crossing probability {CrossingProbability} is outside [0, 1].");
        }

        if (!(StartUpAndClearance is >= 0 and <= 60))
        {
            throw new ArgumentException($"Walker start-up and clearance time {StartUpAndClearance} s is outside 0–60 s.");
        }
    }
}
