using System.Runtime.InteropServices;
using ParquetSharp;

namespace Sim.Export.Ledger;

/// <summary>
/// A fixed list of strings as UTF-8 in one pinned byte array, each handed to ParquetSharp as a <see cref="ByteArray"/>
/// (address and length) without copying or transcoding: the ledger's account ids (built once per writer, about 16 bytes
/// an account) and the names of its enumerations.
/// </summary>
/// <remarks>The array lives on the pinned object heap, so the addresses stay valid for as long as this object is
/// reachable: a writer keeps it in a field (or alive with <see cref="GC.KeepAlive"/>) until ParquetSharp has returned
/// from the writes that read the values.</remarks>
internal sealed class Utf8Values
{
    private readonly byte[] _bytes;
    private readonly int[] _offsets;
    private readonly IntPtr _address;

    /// <summary>The UTF-8 bytes of <paramref name="values"/>, in order.</summary>
    public Utf8Values(IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _offsets = new int[values.Count + 1];
        long total = 0;
        for (int i = 0; i < values.Count; i++)
        {
            total += System.Text.Encoding.UTF8.GetByteCount(values[i]);
            _offsets[i + 1] = checked((int)total);
        }

        _bytes = GC.AllocateUninitializedArray<byte>(Math.Max(1, (int)total), pinned: true);
        for (int i = 0; i < values.Count; i++)
        {
            System.Text.Encoding.UTF8.GetBytes(values[i], _bytes.AsSpan(_offsets[i]));
        }

        _address = Marshal.UnsafeAddrOfPinnedArrayElement(_bytes, 0);
    }

    /// <summary>How many values.</summary>
    public int Count => _offsets.Length - 1;

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
}
