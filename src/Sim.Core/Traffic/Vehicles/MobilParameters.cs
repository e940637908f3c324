namespace Sim.Core.Traffic.Vehicles;

/// <summary>
/// MOBIL lane-change parameters ("Minimizing Overall Braking Induced by Lane changes", Kesting, Treiber, Helbing 2007,
/// Transportation Research Record 1999, 86–94), with the keep-right bias of the European rule set.
/// </summary>
/// <param name="Politeness">p: weight of the acceleration changes of the old and new followers (0 = egoistic, 1 = altruistic).</param>
/// <param name="Threshold">Δa_th: minimum advantage to change, m/s².</param>
/// <param name="SafeBraking">b_safe: the new follower must not need to brake harder than this, m/s².</param>
/// <param name="KeepRightBias">Δa_bias: extra incentive to move right (and disincentive to move left), m/s².</param>
public readonly record struct MobilParameters(double Politeness, double Threshold, double SafeBraking, double KeepRightBias)
{
    /// <summary>Kesting et al.'s values: p = 0.2, Δa_th = 0.1 m/s², b_safe = 4 m/s², Δa_bias = 0.3 m/s².</summary>
    public static MobilParameters Default => new(0.2, 0.1, 4.0, 0.3);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first parameter outside its range.</summary>
    public void Validate()
    {
        if (!(Politeness is >= 0 and <= 2))
        {
            throw new ArgumentOutOfRangeException(nameof(Politeness), Politeness, "MOBIL politeness must be in [0, 2].");
        }

        if (!(Threshold is >= 0 and <= 5))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "MOBIL threshold must be in [0, 5] m/s².");
        }

        if (!(SafeBraking is > 0 and <= IdmParameters.PhysicalMaxDeceleration))
        {
            throw new ArgumentOutOfRangeException(nameof(SafeBraking), SafeBraking, $"MOBIL safe braking must be in (0, {IdmParameters.PhysicalMaxDeceleration}] m/s².");
        }

        if (!(KeepRightBias is >= 0 and <= 5))
        {
            throw new ArgumentOutOfRangeException(nameof(KeepRightBias), KeepRightBias, "MOBIL keep-right bias must be in [0, 5] m/s².");
        }
    }

    /// <summary>
    /// MOBIL's decision (Kesting et al. 2007, eqs. 3–5): the change is safe when the new follower's acceleration
    /// after it, ã_n, is ≥ −b_safe, and it is made when
    /// ã_c − a_c + p[(ã_n − a_n) + (ã_o − a_o)] &gt; Δa_th ± Δa_bias (minus the bias to the right, plus to the left).
    /// </summary>
    /// <returns>The incentive (positive: change), or −∞ when unsafe.</returns>
    public double Incentive(double ownNow, double ownAfter, double newFollowerNow, double newFollowerAfter, double oldFollowerNow, double oldFollowerAfter, bool toTheRight)
    {
        if (newFollowerAfter < -SafeBraking)
        {
            return double.NegativeInfinity;
        }

        double advantage = ownAfter - ownNow + (Politeness * ((newFollowerAfter - newFollowerNow) + (oldFollowerAfter - oldFollowerNow)));
        return advantage - Threshold + (toTheRight ? KeepRightBias : -KeepRightBias);
    }
}
