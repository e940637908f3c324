using System.Runtime.CompilerServices;

namespace Sim.Core.Random;

/// <summary>
/// The SplitMix64 output function (Steele, Lea, Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014; constants of Vigna's public-domain <c>splitmix64.c</c>), used to turn (seed, stream) into a
/// Philox key. A bijection on 64-bit values.
/// </summary>
internal static class SplitMix64
{
    /// <summary>The golden-ratio increment 2^64/φ.</summary>
    internal const ulong GoldenGamma = 0x9E3779B97F4A7C15;

    /// <summary>
    /// The first output of SplitMix64 seeded with <paramref name="value"/>: the finaliser applied to
    /// <c>value + GoldenGamma</c>. <c>Mix(0) == 0xE220A8397B1DCDAF</c>, the published first output for seed 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Mix(ulong value)
    {
        ulong z = unchecked(value + GoldenGamma);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EB);
        return z ^ (z >> 31);
    }
}
