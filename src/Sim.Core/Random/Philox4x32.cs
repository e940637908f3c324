using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sim.Core.Random;

/// <summary>
/// The Philox4x32-10 block function: a keyed bijection of a 128-bit counter (four 32-bit words) under a
/// 64-bit key (two 32-bit words), the counter-based generator of Salmon, Moraes, Dror and Shaw,
/// "Parallel random numbers: as easy as 1, 2, 3", SC'11 (doi:10.1145/2063384.2063405), section 4.2.
/// </summary>
/// <remarks>
/// Each of the 10 rounds multiplies words 0 and 2 by the constants <c>0xD2511F53</c> and <c>0xCD9E8D57</c>
/// (full 64-bit products), and produces
/// <c>(hi(M1·x2) ⊕ x1 ⊕ k0, lo(M1·x2), hi(M0·x0) ⊕ x3 ⊕ k1, lo(M0·x0))</c>;
/// between rounds the key is bumped by the Weyl increments <c>0x9E3779B9</c> and <c>0xBB67AE85</c>
/// (the golden ratio and √3 − 1 in 0.32 fixed point). The word order, constants and round count are
/// those of the Random123 reference library, and the results match its published known-answer vectors
/// (<c>tests/kat_vectors</c>). The function is pure: same counter and key, same output, on any machine.
/// </remarks>
public static class Philox4x32
{
    /// <summary>Number of rounds (the "10" in Philox4x32-10).</summary>
    public const int Rounds = 10;

    private const uint Multiplier0 = 0xD2511F53;
    private const uint Multiplier1 = 0xCD9E8D57;
    private const uint Weyl0 = 0x9E3779B9;
    private const uint Weyl1 = 0xBB67AE85;

    /// <summary>
    /// Applies Philox4x32-10 to one counter block.
    /// </summary>
    /// <param name="counter">The 128-bit counter; element <c>i</c> is Random123's <c>ctr.v[i]</c>.</param>
    /// <param name="key0">Key word 0 (Random123's <c>key.v[0]</c>).</param>
    /// <param name="key1">Key word 1 (Random123's <c>key.v[1]</c>).</param>
    /// <returns>The four output words; element <c>i</c> is Random123's <c>out.v[i]</c>.</returns>
    public static Vector128<uint> Block(Vector128<uint> counter, uint key0, uint key1)
    {
        uint x0 = counter.GetElement(0);
        uint x1 = counter.GetElement(1);
        uint x2 = counter.GetElement(2);
        uint x3 = counter.GetElement(3);
        Block(ref x0, ref x1, ref x2, ref x3, key0, key1);
        return Vector128.Create(x0, x1, x2, x3);
    }

    /// <summary>Scalar form used on the hot path: transforms the four counter words in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Block(ref uint x0, ref uint x1, ref uint x2, ref uint x3, uint key0, uint key1)
    {
        Round(ref x0, ref x1, ref x2, ref x3, key0, key1);
        for (int round = 1; round < Rounds; round++)
        {
            key0 += Weyl0;
            key1 += Weyl1;
            Round(ref x0, ref x1, ref x2, ref x3, key0, key1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(ref uint x0, ref uint x1, ref uint x2, ref uint x3, uint key0, uint key1)
    {
        ulong product0 = Math.BigMul(Multiplier0, x0);
        ulong product1 = Math.BigMul(Multiplier1, x2);
        uint y0 = (uint)(product1 >> 32) ^ x1 ^ key0;
        uint y1 = (uint)product1;
        uint y2 = (uint)(product0 >> 32) ^ x3 ^ key1;
        uint y3 = (uint)product0;
        x0 = y0;
        x1 = y1;
        x2 = y2;
        x3 = y3;
    }
}
