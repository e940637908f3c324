namespace Sim.Core.Random;

/// <summary>
/// A uniform in [0, 1) as a pure function of a key and a value — SplitMix64's finaliser (Steele, Lea and Flood,
/// OOPSLA 2014) of <c>key ⊕ value</c> — for decisions taken once per item by its id (keep a row, report an entry)
/// where opening a <see cref="RandomStream"/> per item would cost more than the decision.
/// </summary>
public static class KeyedHash
{
    /// <summary>The uniform of <paramref name="value"/> under <paramref name="key"/> (53 bits).</summary>
    public static double Uniform(ulong key, ulong value) => (SplitMix64.Mix(key ^ (value * SplitMix64.GoldenGamma)) >> 11) * (1.0 / (1UL << 53));
}
