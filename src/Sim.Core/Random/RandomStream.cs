using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Sim.Core.Random;

/// <summary>
/// The generator of one (seed, stable id, stream, tick) cell, obtained from
/// <see cref="CounterRng.Stream(ulong, uint, long)"/>. A small mutable struct: it walks the cell's
/// Philox blocks in order and hands out their 32-bit words; it allocates nothing and shares nothing, so
/// each thread or entity uses its own copy. Copying it copies the position: both copies then yield the
/// same values.
/// </summary>
/// <remarks>
/// The n-th value drawn from a cell is a pure function of (seed, stable id, stream, tick, n); see
/// <see cref="CounterRng"/> for the mapping. Every draw method documents how many 32-bit values it consumes,
/// so the position of later draws is predictable. A cell holds <see cref="CounterRng.ValuesPerCell"/> values;
/// asking for more throws rather than silently wrapping into another cell.
/// A <c>default(RandomStream)</c> belongs to no cell and throws on its first draw.
/// </remarks>
public partial struct RandomStream
{
    private const double DoubleUnit = 1.0 / (1UL << 53);
    private const float SingleUnit = 1.0f / (1 << 24);

    private readonly uint _key0;
    private readonly uint _key1;
    private readonly ulong _stableId;
    private readonly long _tick;
    private readonly uint _stream;
    private readonly bool _isCell;
    private int _nextBlock;
    private int _available;
    private Block _block;

    internal RandomStream(uint key0, uint key1, ulong stableId, uint stream, long tick)
    {
        _key0 = key0;
        _key1 = key1;
        _stableId = stableId;
        _stream = stream;
        _tick = tick;
        _isCell = true;
        _nextBlock = 0;
        _available = 0;
        _block = default;
    }

    /// <summary>The stable id of this cell.</summary>
    public readonly ulong StableId => _stableId;

    /// <summary>The stream (purpose) index of this cell.</summary>
    public readonly uint StreamIndex => _stream;

    /// <summary>The simulation tick of this cell.</summary>
    public readonly long Tick => _tick;

    /// <summary>Whether this stream belongs to a cell (false only for <c>default(RandomStream)</c>).</summary>
    public readonly bool IsCell => _isCell;

    /// <summary>How many 32-bit values have been drawn from this cell so far, in [0, <see cref="CounterRng.ValuesPerCell"/>].</summary>
    public readonly int ValuesDrawn => (_nextBlock * 4) - _available;

    /// <summary>Returns the next 32-bit value of the cell, uniform on [0, 2^32). Consumes one value.</summary>
    /// <exception cref="InvalidOperationException">The cell is exhausted, or this is a default-initialised stream.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint NextUInt()
    {
        if (_available == 0)
        {
            Refill();
        }

        int index = 4 - _available;
        _available--;
        return _block[index];
    }

    /// <summary>
    /// Returns a 64-bit value uniform on [0, 2^64): the next 32-bit value is the high half, the one after
    /// it the low half. Consumes two values.
    /// </summary>
    /// <exception cref="InvalidOperationException">The cell is exhausted, or this is a default-initialised stream.</exception>
    public ulong NextULong()
    {
        ulong high = NextUInt();
        return (high << 32) | NextUInt();
    }

    /// <summary>
    /// Returns a double uniform on [0, 1) with 53 random bits: the top 53 bits of <see cref="NextULong()"/>
    /// times 2^-53, so every value is a multiple of 2^-53. Consumes two values.
    /// </summary>
    /// <exception cref="InvalidOperationException">The cell is exhausted, or this is a default-initialised stream.</exception>
    public double NextDouble() => (NextULong() >> 11) * DoubleUnit;

    /// <summary>
    /// Returns a float uniform on [0, 1) with 24 random bits (the top 24 bits of one value times 2^-24).
    /// Consumes one value.
    /// </summary>
    /// <exception cref="InvalidOperationException">The cell is exhausted, or this is a default-initialised stream.</exception>
    public float NextSingle() => (NextUInt() >> 8) * SingleUnit;

    /// <summary>
    /// Returns an integer uniform on [0, <paramref name="maxExclusive"/>) without modulo bias, by Lemire's
    /// multiply-and-reject method ("Fast random integer generation in an interval", ACM TOMACS 29(1), 2019,
    /// algorithm 5). Consumes one value, and occasionally more (probability &lt; <paramref name="maxExclusive"/> / 2^32 per retry).
    /// </summary>
    /// <param name="maxExclusive">The exclusive upper bound; must be positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is zero.</exception>
    /// <exception cref="InvalidOperationException">The cell is exhausted, or this is a default-initialised stream.</exception>
    public uint NextUInt(uint maxExclusive)
    {
        if (maxExclusive == 0)
        {
            RandomThrowHelper.ThrowOutOfRange(nameof(maxExclusive), maxExclusive, "positive");
        }

        return NextUIntBelow(maxExclusive);
    }

    /// <summary>
    /// Returns an integer uniform on [0, <paramref name="maxExclusive"/>) without modulo bias (Lemire 2019,
    /// see <see cref="NextUInt(uint)"/>). Consumes one value, and occasionally more.
    /// </summary>
    /// <param name="maxExclusive">The exclusive upper bound; must be positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is zero or negative.</exception>
    /// <exception cref="InvalidOperationException">The cell is exhausted, or this is a default-initialised stream.</exception>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0)
        {
            RandomThrowHelper.ThrowOutOfRange(nameof(maxExclusive), maxExclusive, "positive");
        }

        return (int)NextUIntBelow((uint)maxExclusive);
    }

    /// <summary>
    /// Returns an integer uniform on [<paramref name="minInclusive"/>, <paramref name="maxExclusive"/>) without
    /// modulo bias (Lemire 2019, see <see cref="NextUInt(uint)"/>). Consumes one value, and occasionally more.
    /// </summary>
    /// <param name="minInclusive">The inclusive lower bound.</param>
    /// <param name="maxExclusive">The exclusive upper bound; must exceed <paramref name="minInclusive"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> ≤ <paramref name="minInclusive"/>.</exception>
    /// <exception cref="InvalidOperationException">The cell is exhausted, or this is a default-initialised stream.</exception>
    public int NextInt(int minInclusive, int maxExclusive)
    {
        if (maxExclusive <= minInclusive)
        {
            RandomThrowHelper.ThrowOutOfRange(nameof(maxExclusive), maxExclusive, "greater than minInclusive");
        }

        uint range = unchecked((uint)(maxExclusive - minInclusive));
        return unchecked((int)((uint)minInclusive + NextUIntBelow(range)));
    }

    /// <summary>
    /// Returns a 64-bit integer uniform on [0, <paramref name="maxExclusive"/>) without modulo bias
    /// (Lemire 2019 on 64-bit words). Consumes two values, and occasionally more.
    /// </summary>
    /// <param name="maxExclusive">The exclusive upper bound; must be positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is zero or negative.</exception>
    /// <exception cref="InvalidOperationException">The cell is exhausted, or this is a default-initialised stream.</exception>
    public long NextLong(long maxExclusive)
    {
        if (maxExclusive <= 0)
        {
            RandomThrowHelper.ThrowOutOfRange(nameof(maxExclusive), maxExclusive, "positive");
        }

        return (long)NextULongBelow((ulong)maxExclusive);
    }

    /// <summary>
    /// Returns a 64-bit integer uniform on [<paramref name="minInclusive"/>, <paramref name="maxExclusive"/>)
    /// without modulo bias (Lemire 2019 on 64-bit words). Consumes two values, and occasionally more.
    /// </summary>
    /// <param name="minInclusive">The inclusive lower bound.</param>
    /// <param name="maxExclusive">The exclusive upper bound; must exceed <paramref name="minInclusive"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> ≤ <paramref name="minInclusive"/>.</exception>
    /// <exception cref="InvalidOperationException">The cell is exhausted, or this is a default-initialised stream.</exception>
    public long NextLong(long minInclusive, long maxExclusive)
    {
        if (maxExclusive <= minInclusive)
        {
            RandomThrowHelper.ThrowOutOfRange(nameof(maxExclusive), maxExclusive, "greater than minInclusive");
        }

        ulong range = unchecked((ulong)(maxExclusive - minInclusive));
        return unchecked((long)((ulong)minInclusive + NextULongBelow(range)));
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with random bytes: each group of four bytes is one 32-bit value in
    /// little-endian order; a trailing group of one to three bytes takes the low bytes of one more value.
    /// Consumes ⌈length / 4⌉ values.
    /// </summary>
    /// <param name="destination">The bytes to overwrite.</param>
    /// <exception cref="InvalidOperationException">The cell is exhausted, or this is a default-initialised stream.</exception>
    public void NextBytes(Span<byte> destination)
    {
        while (destination.Length >= 4)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination, NextUInt());
            destination = destination[4..];
        }

        if (!destination.IsEmpty)
        {
            uint last = NextUInt();
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = (byte)(last >> (8 * i));
            }
        }
    }

    // Lemire 2019, algorithm 5: the high word of x·range is uniform on [0, range) once the low words below
    // 2^32 mod range (the ones that would make some outputs one preimage more likely) are rejected.
    private uint NextUIntBelow(uint range)
    {
        ulong product = Math.BigMul(NextUInt(), range);
        uint low = (uint)product;
        if (low < range)
        {
            uint threshold = unchecked(0u - range) % range;
            while (low < threshold)
            {
                product = Math.BigMul(NextUInt(), range);
                low = (uint)product;
            }
        }

        return (uint)(product >> 32);
    }

    private ulong NextULongBelow(ulong range)
    {
        ulong high = Math.BigMul(NextULong(), range, out ulong low);
        if (low < range)
        {
            ulong threshold = unchecked(0ul - range) % range;
            while (low < threshold)
            {
                high = Math.BigMul(NextULong(), range, out low);
            }
        }

        return high;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Refill()
    {
        if (!_isCell)
        {
            RandomThrowHelper.ThrowDefaultStream();
        }

        if (_nextBlock >= CounterRng.BlocksPerCell)
        {
            RandomThrowHelper.ThrowCellExhausted(_stableId, _stream, _tick);
        }

        // Counter layout (see CounterRng): id low, id high, tick low, tick bits 32-47 | block << 16.
        uint x0 = (uint)_stableId;
        uint x1 = (uint)(_stableId >> 32);
        uint x2 = (uint)_tick;
        uint x3 = (uint)(_tick >> 32) | ((uint)_nextBlock << 16);
        Philox4x32.Block(ref x0, ref x1, ref x2, ref x3, _key0, _key1);
        _block[0] = x0;
        _block[1] = x1;
        _block[2] = x2;
        _block[3] = x3;
        _nextBlock++;
        _available = 4;
    }

    /// <summary>The four output words of the current Philox block.</summary>
    [InlineArray(4)]
    private struct Block
    {
        private uint _word;
    }
}
