namespace Sim.Core.Traffic.Pedestrians;

/// <summary>
/// Parameters of a crossing deer. The start time is <see cref="StartTime"/> when given (scripted), otherwise
/// uniform in [<see cref="EarliestStart"/>, <see cref="LatestStart"/>); the cruise speed is uniform in
/// [<see cref="MinSpeed"/>, <see cref="MaxSpeed"/>) (3–8 m/s: a trot to a canter). While crossing, hesitations
/// (the animal freezing on the road) arrive as a Poisson process of rate <see cref="HesitationRate"/> and last
/// uniform in [<see cref="MinHesitation"/>, <see cref="MaxHesitation"/>) s. The hesitation figures and the
/// acceleration are modelling assumptions for edge-case generation, not fitted to field data.
/// </summary>
/// <param name="StartTime">Scripted start time, s, or null for a random one.</param>
/// <param name="EarliestStart">Earliest random start time, s.</param>
/// <param name="LatestStart">Latest random start time, s.</param>
/// <param name="MinSpeed">Lowest cruise speed, m/s.</param>
/// <param name="MaxSpeed">Highest cruise speed, m/s.</param>
/// <param name="HesitationRate">Hesitations per second while crossing, 1/s (0: none).</param>
/// <param name="MinHesitation">Shortest hesitation, s.</param>
/// <param name="MaxHesitation">Longest hesitation, s.</param>
/// <param name="Acceleration">From a standstill to the cruise speed, m/s².</param>
/// <param name="LeaveDistance">How far past the far verge point it goes before it is removed, m.</param>
public sealed record DeerParameters(
    double? StartTime = null,
    double EarliestStart = 0,
    double LatestStart = 10,
    double MinSpeed = 3,
    double MaxSpeed = 8,
    double HesitationRate = 0.25,
    double MinHesitation = 0.5,
    double MaxHesitation = 2.5,
    double Acceleration = 6,
    double LeaveDistance = 15)
{
    /// <summary>Throws when a parameter is out of range.</summary>
    /// <exception cref="ArgumentException">Negative or inverted times, speeds or hesitations, or a non-positive acceleration.</exception>
    public void Validate()
    {
        if (StartTime is { } t ? !(t >= 0 && double.IsFinite(t)) : !(EarliestStart >= 0 && LatestStart >= EarliestStart && double.IsFinite(LatestStart)))
        {
            throw new ArgumentException($"Deer start: time {StartTime} or window [{EarliestStart}, {LatestStart}] s must be finite, non-negative and ordered.");
        }

        if (!(MinSpeed > 0 && MaxSpeed >= MinSpeed && MaxSpeed <= 25))
        {
            throw new ArgumentException($"Deer speeds [{MinSpeed}, {MaxSpeed}] m/s must be positive, ordered and at most 25 m/s.");
        }

        if (!(HesitationRate >= 0 && double.IsFinite(HesitationRate) && MinHesitation >= 0 && MaxHesitation >= MinHesitation && double.IsFinite(MaxHesitation)))
        {
            throw new ArgumentException($"Deer hesitation rate {HesitationRate} 1/s and lengths [{MinHesitation}, {MaxHesitation}] s must be finite, non-negative and ordered.");
        }

        if (!(Acceleration > 0) || !(LeaveDistance >= 0 && double.IsFinite(LeaveDistance)))
        {
            throw new ArgumentException($"Deer acceleration {Acceleration} m/s² must be positive and leave distance {LeaveDistance} m finite and non-negative.");
        }
    }
}
