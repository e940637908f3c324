namespace Sim.Core.Random;

/// <summary>
/// A <see cref="System.Random"/> whose every value comes from one <see cref="RandomStream"/> cell, so that
/// libraries written against <see cref="System.Random"/> (notably MathNet.Numerics distributions such as
/// <c>new Gamma(2, 3, source)</c>) sample deterministically from (seed, stable id, stream, tick).
/// </summary>
/// <remarks>
/// <para>The adapter is a class and so allocates once; in hot loops create one per worker and re-point it with
/// <see cref="Reset(RandomStream)"/> for each cell, or draw from <see cref="RandomStream"/> directly. Like
/// <see cref="System.Random"/> it is not thread-safe: one instance belongs to one thread at a time.</para>
/// <para>Value mapping: <see cref="NextDouble()"/> and <see cref="Sample()"/> are <see cref="RandomStream.NextDouble()"/>;
/// the integer methods use <see cref="RandomStream"/>'s unbiased bounded draws; <see cref="NextBytes(Span{byte})"/>
/// is <see cref="RandomStream.NextBytes(Span{byte})"/>. The base class's seeded state is never used.</para>
/// </remarks>
public sealed class CounterRandomSource : System.Random
{
    private RandomStream _stream;

    /// <summary>Creates an adapter that draws from <paramref name="stream"/>, starting at its current position.</summary>
    /// <param name="stream">The cell to draw from (a copy is taken; the caller's copy does not advance).</param>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is default-initialised.</exception>
    public CounterRandomSource(RandomStream stream)
        : base(0) // Any seed: every virtual member is overridden, so the base generator's state is never read.
    {
        Reset(stream);
    }

    /// <summary>Creates an adapter that draws from the cell <c>rng.Stream(stableId, stream, tick)</c>.</summary>
    /// <param name="rng">The run's generator.</param>
    /// <param name="stableId">The cell's stable id.</param>
    /// <param name="stream">The cell's stream (purpose) index.</param>
    /// <param name="tick">The cell's simulation tick, in [0, 2^48).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tick"/> is negative or ≥ 2^48.</exception>
    public CounterRandomSource(CounterRng rng, ulong stableId, uint stream, long tick)
        : this(rng.Stream(stableId, stream, tick))
    {
    }

    /// <summary>How many 32-bit values have been drawn from the current cell so far.</summary>
    public int ValuesDrawn => _stream.ValuesDrawn;

    /// <summary>Re-points the adapter at another cell (or another position of one), without allocating.</summary>
    /// <param name="stream">The cell to draw from from now on (a copy is taken).</param>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is default-initialised.</exception>
    public void Reset(RandomStream stream)
    {
        if (!stream.IsCell)
        {
            throw new ArgumentException("The RandomStream is default-initialised; obtain one from CounterRng.Stream(stableId, stream, tick).", nameof(stream));
        }

        _stream = stream;
    }

    /// <summary>Returns an integer uniform on [0, <see cref="int.MaxValue"/>). Consumes one value, occasionally more.</summary>
    /// <exception cref="InvalidOperationException">The cell is exhausted.</exception>
    public override int Next() => _stream.NextInt(int.MaxValue);

    /// <summary>Returns an integer uniform on [0, <paramref name="maxValue"/>), or 0 when <paramref name="maxValue"/> is 0 (drawing nothing).</summary>
    /// <param name="maxValue">The exclusive upper bound; ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxValue"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The cell is exhausted.</exception>
    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return maxValue == 0 ? 0 : _stream.NextInt(maxValue);
    }

    /// <summary>
    /// Returns an integer uniform on [<paramref name="minValue"/>, <paramref name="maxValue"/>), or
    /// <paramref name="minValue"/> when the bounds are equal (drawing nothing).
    /// </summary>
    /// <param name="minValue">The inclusive lower bound.</param>
    /// <param name="maxValue">The exclusive upper bound; ≥ <paramref name="minValue"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minValue"/> &gt; <paramref name="maxValue"/>.</exception>
    /// <exception cref="InvalidOperationException">The cell is exhausted.</exception>
    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return minValue == maxValue ? minValue : _stream.NextInt(minValue, maxValue);
    }

    /// <summary>Returns an integer uniform on [0, <see cref="long.MaxValue"/>). Consumes two values, occasionally more.</summary>
    /// <exception cref="InvalidOperationException">The cell is exhausted.</exception>
    public override long NextInt64() => _stream.NextLong(long.MaxValue);

    /// <summary>Returns an integer uniform on [0, <paramref name="maxValue"/>), or 0 when <paramref name="maxValue"/> is 0 (drawing nothing).</summary>
    /// <param name="maxValue">The exclusive upper bound; ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxValue"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The cell is exhausted.</exception>
    public override long NextInt64(long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return maxValue == 0 ? 0 : _stream.NextLong(maxValue);
    }

    /// <summary>
    /// Returns an integer uniform on [<paramref name="minValue"/>, <paramref name="maxValue"/>), or
    /// <paramref name="minValue"/> when the bounds are equal (drawing nothing).
    /// </summary>
    /// <param name="minValue">The inclusive lower bound.</param>
    /// <param name="maxValue">The exclusive upper bound; ≥ <paramref name="minValue"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minValue"/> &gt; <paramref name="maxValue"/>.</exception>
    /// <exception cref="InvalidOperationException">The cell is exhausted.</exception>
    public override long NextInt64(long minValue, long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return minValue == maxValue ? minValue : _stream.NextLong(minValue, maxValue);
    }

    /// <summary>Returns a double uniform on [0, 1) with 53 random bits. Consumes two values.</summary>
    /// <exception cref="InvalidOperationException">The cell is exhausted.</exception>
    public override double NextDouble() => _stream.NextDouble();

    /// <summary>Returns a float uniform on [0, 1) with 24 random bits. Consumes one value.</summary>
    /// <exception cref="InvalidOperationException">The cell is exhausted.</exception>
    public override float NextSingle() => _stream.NextSingle();

    /// <summary>Fills <paramref name="buffer"/> with random bytes (see <see cref="RandomStream.NextBytes(Span{byte})"/>).</summary>
    /// <param name="buffer">The array to overwrite.</param>
    /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The cell is exhausted.</exception>
    public override void NextBytes(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        _stream.NextBytes(buffer);
    }

    /// <summary>Fills <paramref name="buffer"/> with random bytes (see <see cref="RandomStream.NextBytes(Span{byte})"/>).</summary>
    /// <param name="buffer">The bytes to overwrite.</param>
    /// <exception cref="InvalidOperationException">The cell is exhausted.</exception>
    public override void NextBytes(Span<byte> buffer) => _stream.NextBytes(buffer);

    /// <summary>Returns a double uniform on [0, 1), the same as <see cref="NextDouble()"/>.</summary>
    /// <returns>A double uniform on [0, 1) with 53 random bits.</returns>
    /// <exception cref="InvalidOperationException">The cell is exhausted.</exception>
    protected override double Sample() => _stream.NextDouble();
}
