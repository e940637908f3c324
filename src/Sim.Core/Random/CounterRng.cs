using System.Runtime.CompilerServices;

namespace Sim.Core.Random;

/// <summary>
/// A counter-based random number generator: every value is a pure function of
/// (seed, stable id, stream, tick, position within the cell), never of call order across entities,
/// iteration order or thread scheduling. The generator itself holds only the seed and is freely shared
/// between threads; draws go through the <see cref="RandomStream"/> returned by <see cref="Stream"/>.
/// </summary>
/// <remarks>
/// <para>Mapping onto Philox4x32-10 (<see cref="Philox4x32"/>), fixed as part of the dataset contract:</para>
/// <list type="bullet">
/// <item><description>
/// Key (64 bits): <c>K = SplitMix64(SplitMix64(seed) XOR stream)</c>, where <c>SplitMix64(x)</c> is the first
/// output of SplitMix64 seeded with <c>x</c>; key word 0 = low 32 bits of <c>K</c>, key word 1 = high 32 bits.
/// Because SplitMix64 is a bijection, two different streams under one seed, or one stream under two
/// different seeds, never share a key. (Seed and stream together are 96 bits and the key 64, so two pairs
/// that differ in both could in principle share a key; for unrelated seeds that has probability 2^-64.)
/// </description></item>
/// <item><description>
/// Counter (128 bits, four 32-bit words): word 0 = low 32 bits of the stable id, word 1 = high 32 bits of
/// the stable id, word 2 = low 32 bits of the tick, word 3 = tick bits 32–47 in its low 16 bits and the block
/// index (0 … 65,535) within the cell in its high 16 bits.
/// </description></item>
/// <item><description>
/// Each block yields four 32-bit values in output-word order 0, 1, 2, 3; a cell therefore holds
/// 65,536 × 4 = 262,144 values (<see cref="ValuesPerCell"/>).
/// </description></item>
/// </list>
/// <para>Distinct (stable id, tick, block) under one key are distinct counters, so Philox, being a bijection
/// for each key, never repeats a block within a (seed, stream).</para>
/// </remarks>
public readonly struct CounterRng : IEquatable<CounterRng>
{
    /// <summary>Ticks must lie in [0, 2^48): the counter has 48 bits for them.</summary>
    public const long MaxTickExclusive = 1L << 48;

    /// <summary>Number of Philox blocks in one (seed, stable id, stream, tick) cell: 2^16.</summary>
    public const int BlocksPerCell = 1 << 16;

    /// <summary>Number of 32-bit values in one cell: <see cref="BlocksPerCell"/> × 4 = 262,144.</summary>
    public const int ValuesPerCell = BlocksPerCell * 4;

    /// <summary>Creates the generator for one run.</summary>
    /// <param name="seed">The run seed (any 64-bit value; 0 is as good as any other).</param>
    public CounterRng(ulong seed) => Seed = seed;

    /// <summary>The run seed this generator was created with.</summary>
    public ulong Seed { get; }

    /// <summary>
    /// Returns the generator for one cell: the random values that belong to entity <paramref name="stableId"/>,
    /// purpose <paramref name="stream"/>, at simulation tick <paramref name="tick"/>. Cheap (no allocation, no
    /// Philox work until the first draw); calling it again with the same arguments restarts the same sequence.
    /// </summary>
    /// <param name="stableId">An identifier that does not depend on iteration order or thread count
    /// (for example an entity's stable id, an account number, a sensor index).</param>
    /// <param name="stream">Which independent purpose the values serve (for example 0 = driver behaviour,
    /// 1 = sensor noise); different streams of one seed use different Philox keys.</param>
    /// <param name="tick">The fixed-step simulation tick, in [0, 2^48).</param>
    /// <returns>A fresh <see cref="RandomStream"/> positioned at the first value of the cell.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tick"/> is negative or ≥ 2^48.</exception>
    public RandomStream Stream(ulong stableId, uint stream, long tick)
    {
        if ((ulong)tick >= (ulong)MaxTickExclusive)
        {
            RandomThrowHelper.ThrowTickOutOfRange(tick);
        }

        ulong key = Key(stream);
        return new RandomStream((uint)key, (uint)(key >> 32), stableId, stream, tick);
    }

    /// <summary>The 64-bit Philox key of <paramref name="stream"/> under this seed (see the remarks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ulong Key(uint stream) => SplitMix64.Mix(SplitMix64.Mix(Seed) ^ stream);

    /// <inheritdoc />
    public bool Equals(CounterRng other) => Seed == other.Seed;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CounterRng other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Seed.GetHashCode();

    /// <summary>Whether two generators have the same seed (and so produce the same values).</summary>
    public static bool operator ==(CounterRng left, CounterRng right) => left.Equals(right);

    /// <summary>Whether two generators have different seeds.</summary>
    public static bool operator !=(CounterRng left, CounterRng right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => $"CounterRng(seed {Seed})";
}
