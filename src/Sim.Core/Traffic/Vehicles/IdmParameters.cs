using System.Runtime.CompilerServices;

namespace Sim.Core.Traffic.Vehicles;

/// <summary>
/// Intelligent Driver Model parameters of one vehicle (Treiber, Hennecke, Helbing 2000, "Congested traffic states in
/// empirical observations and microscopic simulations", Phys. Rev. E 62, 1805). The effective desired speed is the
/// smaller of <see cref="DesiredSpeed"/> and the lane's speed limit.
/// </summary>
/// <param name="DesiredSpeed">v0, m/s.</param>
/// <param name="TimeHeadway">T, s.</param>
/// <param name="MaxAcceleration">a, m/s².</param>
/// <param name="ComfortableDeceleration">b, m/s².</param>
/// <param name="MinimumGap">s0, m (bumper to bumper at standstill).</param>
/// <param name="Exponent">δ, the acceleration exponent.</param>
public readonly record struct IdmParameters(
    double DesiredSpeed,
    double TimeHeadway,
    double MaxAcceleration,
    double ComfortableDeceleration,
    double MinimumGap,
    double Exponent)
{
    /// <summary>The hardest braking any vehicle can do (dry asphalt, ≈ 0.9 g), m/s²: IDM's demand is clipped to it.</summary>
    public const double PhysicalMaxDeceleration = 9.0;

    /// <summary>Treiber &amp; Kesting's highway car: v0 = 120 km/h, T = 1.5 s, a = 1.0 m/s², b = 2.0 m/s², s0 = 2 m, δ = 4
    /// ("Traffic Flow Dynamics", 2013, table 11.2).</summary>
    public static IdmParameters Car => new(33.33, 1.5, 1.0, 2.0, 2.0, 4.0);

    /// <summary>Truck: v0 = 80 km/h, T = 1.7 s, a = 0.6 m/s², b = 2.0 m/s², s0 = 2 m, δ = 4.</summary>
    public static IdmParameters Truck => new(22.22, 1.7, 0.6, 2.0, 2.0, 4.0);

    /// <summary>Typical parameters per actor class.</summary>
    public static IdmParameters For(ActorClass kind) => kind switch
    {
        ActorClass.Truck or ActorClass.Bus => Truck,
        ActorClass.Van => Car with { MaxAcceleration = 0.8, TimeHeadway = 1.6 },
        ActorClass.Motorcycle => Car with { MaxAcceleration = 1.8, TimeHeadway = 1.2, MinimumGap = 1.5 },
        ActorClass.Bicycle => new(5.5, 1.2, 0.8, 1.5, 1.0, 4.0),
        _ => Car,
    };

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first parameter outside its physical range.</summary>
    public void Validate()
    {
        Check(DesiredSpeed, 0.1, 100, nameof(DesiredSpeed), "m/s");
        Check(TimeHeadway, 0, 10, nameof(TimeHeadway), "s");
        Check(MaxAcceleration, 0.05, 10, nameof(MaxAcceleration), "m/s²");
        Check(ComfortableDeceleration, 0.1, PhysicalMaxDeceleration, nameof(ComfortableDeceleration), "m/s²");
        Check(MinimumGap, 0, 20, nameof(MinimumGap), "m");
        Check(Exponent, 1, 10, nameof(Exponent), string.Empty);

        static void Check(double value, double min, double max, string name, string unit)
        {
            if (!(value >= min && value <= max))
            {
                throw new ArgumentOutOfRangeException(name, value, $"IDM {name} must be in [{min}, {max}] {unit}.");
            }
        }
    }

    /// <summary>
    /// IDM acceleration (eq. 2 of Treiber et al. 2000): a [1 − (v/v0)^δ − (s*/s)²] with the desired gap
    /// s* = s0 + max(0, vT + vΔv / (2√(ab))), Δv = v − vLeader. Without a leader, pass <paramref name="gap"/> =
    /// +∞. Clipped below at −<see cref="PhysicalMaxDeceleration"/>.
    /// </summary>
    /// <param name="speed">v, m/s.</param>
    /// <param name="desiredSpeed">Effective v0, m/s (positive).</param>
    /// <param name="gap">Bumper-to-bumper gap to the leader, m.</param>
    /// <param name="leaderSpeed">Leader speed, m/s.</param>
    /// <remarks>Above v0 (a lowered target or speed limit) the free-road term is the improved IDM's
    /// −b[1 − (v0/v)^(aδ/b)] (Treiber &amp; Kesting 2013, §11.3.7) instead of a(1 − (v/v0)^δ), which would demand an
    /// emergency stop for a small excess speed.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Acceleration(double speed, double desiredSpeed, double gap, double leaderSpeed)
    {
        double free = speed <= desiredSpeed
            ? 1 - FastPow(speed / desiredSpeed, Exponent)
            : -ComfortableDeceleration / MaxAcceleration * (1 - Math.Pow(desiredSpeed / speed, MaxAcceleration * Exponent / ComfortableDeceleration));
        double interaction = 0;
        if (gap < double.PositiveInfinity)
        {
            double desiredGap = MinimumGap + Math.Max(0, (speed * TimeHeadway) + (speed * (speed - leaderSpeed) / (2 * Math.Sqrt(MaxAcceleration * ComfortableDeceleration))));
            double ratio = desiredGap / Math.Max(gap, 0.01);
            interaction = ratio * ratio;
        }

        return Math.Max(-PhysicalMaxDeceleration, MaxAcceleration * (free - interaction));
    }

    /// <summary>The equilibrium gap at speed v (dv/dt = 0 behind a leader at the same speed):
    /// s_e(v) = (s0 + vT) / √(1 − (v/v0)^δ).</summary>
    public double EquilibriumGap(double speed, double desiredSpeed) =>
        (MinimumGap + (speed * TimeHeadway)) / Math.Sqrt(1 - Math.Pow(speed / desiredSpeed, Exponent));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double FastPow(double x, double exponent)
    {
        if (exponent == 4)
        {
            double x2 = x * x;
            return x2 * x2;
        }

        return Math.Pow(Math.Max(x, 0), exponent);
    }
}
