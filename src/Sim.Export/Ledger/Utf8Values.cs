using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using ParquetSharp;

namespace Sim.Export.Ledger;

/// <summary>
/// A fixed list of strings as UTF-8 in one pinned byte array, without copying or transcoding per use: the ledger's account
/// ids (built once per ledger, <see cref="LedgerContext.Utf8Ids"/>, about 16 bytes an account) and the names of its enumerations. Each value can be handed to
/// ParquetSharp's column writers as a <see cref="ByteArray"/> (address and length; the accounts table), the whole list
/// to Arrow as a string array (dictionaries), or values gathered into an Arrow string array's buffers (the transactions'
/// account ids).
/// </summary>
/// <remarks>The array lives on the pinned object heap, so the addresses stay valid for as long as this object is
/// reachable: a writer keeps it in a field (or alive with <see cref="GC.KeepAlive"/>) until ParquetSharp has returned
/// from the writes that read the values.</remarks>
internal sealed class Utf8Values
{
    /// <summary>How many values ahead <see cref="GatherArrow"/> asks for a value's bytes to be brought into the cache.</summary>
    private const int PrefetchAhead = 16;

    private readonly byte[] _bytes;
    private readonly int[] _offsets;
    private readonly IntPtr _address;

    /// <summary>The UTF-8 bytes of <paramref name="values"/>, in order.</summary>
    public Utf8Values(IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        string[] strings = values as string[] ?? [.. values];
        _offsets = new int[strings.Length + 1];
        long total = 0;
        int longest = 0, width = strings.Length > 0 ? -1 : 0;
        for (int i = 0; i < strings.Length; i++)
        {
            int length = System.Text.Encoding.UTF8.GetByteCount(strings[i]);
            total += length;
            _offsets[i + 1] = checked((int)total);
            longest = Math.Max(longest, length);
            width = width == -1 || width == length ? length : 0;
        }

        _bytes = GC.AllocateUninitializedArray<byte>(Math.Max(1, (int)total), pinned: true);
        for (int i = 0; i < strings.Length; i++)
        {
            System.Text.Encoding.UTF8.GetBytes(strings[i], _bytes.AsSpan(_offsets[i]));
        }

        _address = Marshal.UnsafeAddrOfPinnedArrayElement(_bytes, 0);
        Longest = longest;
        Width = width;
    }

    /// <summary>The byte length every value has, or 0 when they differ (account ids: a letter and ten digits, 11).</summary>
    public int Width { get; }

    /// <summary>The values as an Arrow string array over the pinned bytes themselves (the offsets copied as bytes).</summary>
    public Apache.Arrow.StringArray ToArrow() =>
        new(_offsets.Length - 1, new Apache.Arrow.ArrowBuffer(MemoryMarshal.AsBytes(_offsets.AsSpan()).ToArray()), new Apache.Arrow.ArrowBuffer(_bytes), Apache.Arrow.ArrowBuffer.Empty);

    /// <summary>The byte length of the longest value.</summary>
    public int Longest { get; }

    /// <summary>Value <paramref name="index"/> as ParquetSharp reads it.</summary>
    public ByteArray this[int index] => new(_address + _offsets[index], _offsets[index + 1] - _offsets[index]);

    /// <summary>The names of every value of <typeparamref name="T"/>, indexed by the value (0, 1, 2, …).</summary>
    public static Utf8Values Names<T>(Func<T, string> name)
        where T : struct, Enum
    {
        T[] values = Enum.GetValues<T>();
        for (int i = 0; i < values.Length; i++)
        {
            if (Convert.ToInt32(values[i], System.Globalization.CultureInfo.InvariantCulture) != i)
            {
                throw new ArgumentException($"{typeof(T).Name} is not numbered 0, 1, 2, …", nameof(name));
            }
        }

        return new Utf8Values([.. values.Select(name)]);
    }

    /// <summary>The values at <paramref name="indices"/>, one after another, as an Arrow string array's data and
    /// offsets: <paramref name="offsets"/> (one more than the indices) gets where each starts; returns the bytes
    /// written. The values are read with prefetching (the indices come in no order).</summary>
    /// <exception cref="ArgumentException"><paramref name="into"/> or <paramref name="offsets"/> is too short.</exception>
    public unsafe int GatherArrow(ReadOnlySpan<int> indices, Span<byte> into, Span<int> offsets)
    {
        if (offsets.Length <= indices.Length)
        {
            throw new ArgumentException($"{offsets.Length} offsets cannot hold {indices.Length + 1}", nameof(offsets));
        }

        int w = Width;
        if (w > 0)
        {
            return GatherFixed(indices, into, offsets, w);
        }

        long total = 0;
        for (int i = 0; i < indices.Length; i++)
        {
            offsets[i] = (int)total;
            total += _offsets[indices[i] + 1] - _offsets[indices[i]];
            if (total > into.Length)
            {
                throw new ArgumentException($"{into.Length} bytes cannot hold the values", nameof(into));
            }
        }

        offsets[indices.Length] = (int)total;
        byte* source = (byte*)_address;
        fixed (byte* target = into)
        {
            for (int i = 0; i < indices.Length; i++)
            {
                if (Sse.IsSupported && i + PrefetchAhead < indices.Length)
                {
                    int ahead = indices[i + PrefetchAhead];
                    Sse.Prefetch0(source + _offsets[ahead]);
                    Sse.Prefetch0(source + _offsets[ahead + 1] - 1);
                }

                int from = _offsets[indices[i]];
                Unsafe.CopyBlockUnaligned(target + offsets[i], source + from, (uint)(_offsets[indices[i] + 1] - from));
            }
        }

        GC.KeepAlive(this);
        return (int)total;
    }

    /// <summary><see cref="GatherArrow"/> for values all <paramref name="w"/> bytes long (account ids): value k's bytes
    /// are at k × w, so the offsets table is not read at all (a random read per value otherwise).</summary>
    private unsafe int GatherFixed(ReadOnlySpan<int> indices, Span<byte> into, Span<int> offsets, int w)
    {
        long total = (long)indices.Length * w;
        if (total > into.Length)
        {
            throw new ArgumentException($"{into.Length} bytes cannot hold {indices.Length} values of {w}", nameof(into));
        }

        byte* source = (byte*)_address;
        int count = _offsets.Length - 1;
        fixed (byte* target = into)
        {
            for (int i = 0; i < indices.Length; i++)
            {
                if (Sse.IsSupported && i + PrefetchAhead < indices.Length && (uint)indices[i + PrefetchAhead] < (uint)count)
                {
                    byte* ahead = source + ((long)indices[i + PrefetchAhead] * w);
                    Sse.Prefetch0(ahead);
                    Sse.Prefetch0(ahead + w - 1);
                }

                if ((uint)indices[i] >= (uint)count)
                {
                    throw new ArgumentOutOfRangeException(nameof(indices), indices[i], $"value {i}'s index is not below {count}");
                }

                offsets[i] = i * w;
                Unsafe.CopyBlockUnaligned(target + ((long)i * w), source + ((long)indices[i] * w), (uint)w);
            }
        }

        offsets[indices.Length] = (int)total;
        GC.KeepAlive(this);
        return (int)total;
    }
}
