using Parquet;
using Parquet.Schema;
using ParquetSharp;
using ParquetSharp.Schema;

namespace Sim.Export.Ledger;

/// <summary>
/// What the ledger's Parquet writers and readers share: the value conversions (minor units ↔ major-unit doubles, Unix
/// seconds ↔ UTC timestamps); for the tables written with ParquetSharp (Arrow's C++ writer: transactions and accounts)
/// the schema nodes and typed column writes; for those written with Parquet.Net (patterns) the writer options; and
/// blocking on Parquet.Net's asynchronous calls (its reader reads every file back).
/// </summary>
/// <remarks>Parquet.Net's API is asynchronous only; the ledger writers are synchronous (a generator appends batch after
/// batch) and write to a local file, so they wait on each call. No synchronisation context is involved: the waits
/// cannot deadlock.</remarks>
internal static class ParquetSupport
{
    /// <summary>Timestamps: microseconds since the epoch, UTC (Parquet's TIMESTAMP(MICROS, isAdjustedToUTC=true), read
    /// by pandas and pyarrow as <c>datetime64[…, UTC]</c>, by Spark as TimestampType).</summary>
    public static DateTimeDataField Timestamp(string name, bool nullable = false) =>
        new(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: nullable);

    /// <summary>Writer options: Snappy compression (fast; read everywhere), dictionary encoding for
    /// <paramref name="dictionary"/> (low-cardinality text) and delta encoding for <paramref name="delta"/> (increasing
    /// integers).</summary>
    public static ParquetOptions Options(IEnumerable<DataField> dictionary, IEnumerable<DataField> delta)
    {
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
        foreach (DataField field in dictionary)
        {
            options.ColumnEncodingHints[field.Path.ToString()] = EncodingHint.Dictionary;
        }

        foreach (DataField field in delta)
        {
            options.ColumnEncodingHints[field.Path.ToString()] = EncodingHint.DeltaBinaryPacked;
        }

        return options;
    }

    /// <summary>The memory pool the ParquetSharp writers (transactions, accounts) encode in: Arrow's jemalloc pool where
    /// the native library has one (it has on Linux), else Arrow's default. Arrow's default on Linux is mimalloc, whose
    /// per-thread heaps keep what each of Arrow's encoding threads used: the 1M-customer bench peaked about 110 MB
    /// higher with it, at the same speed (<c>docs/ledgers.md</c>, Memory).</summary>
    public static ParquetSharp.MemoryPool Pool => Pools.Value;

    private static readonly Lazy<ParquetSharp.MemoryPool> Pools = new(() =>
    {
        try
        {
            return ParquetSharp.MemoryPool.JemallocMemoryPool();
        }
        catch (ParquetSharp.ParquetException)
        {
            return ParquetSharp.MemoryPool.GetDefaultMemoryPool();
        }
    });

    /// <summary>Minor units as a double in major units: <c>1250</c> → <c>12.5</c>, the double nearest to the exact
    /// decimal (exact for every amount below 2⁵³ minor units), so <c>round(x, 2)</c> gives the cents back.</summary>
    public static double Major(long minor) => minor / 100.0;

    /// <summary>The minor units of a major-unit double written by <see cref="Major"/>.</summary>
    public static long Minor(double major) => checked((long)Math.Round(major * 100.0, MidpointRounding.AwayFromZero));

    /// <summary>Unix seconds as a UTC <see cref="DateTime"/>.</summary>
    public static DateTime FromUnix(long seconds) => new(DateTime.UnixEpoch.Ticks + (seconds * TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    /// <summary>A <see cref="DateTime"/> as Unix seconds (the time's own ticks, whatever its kind: Parquet.Net reads
    /// UTC timestamps as UTC).</summary>
    public static long ToUnix(DateTime time) => (time.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond;

    /// <summary>Each value's name as the text Parquet.Net writes, indexed by the enumeration's value.</summary>
    public static ReadOnlyMemory<char>[] Names<T>(Func<T, string> name)
        where T : struct, Enum => [.. Enum.GetValues<T>().Select(v => name(v).AsMemory())];

    /// <summary>Writes the first <paramref name="n"/> values as the row group's next column.</summary>
    public static void Write<T>(ParquetRowGroupWriter group, DataField field, T[] values, int n)
        where T : struct => Wait(group.WriteAsync<T>(field, new ReadOnlyMemory<T>(values, 0, n)));

    /// <summary>Writes the first <paramref name="n"/> values, null for missing, as the row group's next column.</summary>
    public static void Write<T>(ParquetRowGroupWriter group, DataField field, T?[] values, int n)
        where T : struct => Wait(group.WriteAsync<T>(field, new ReadOnlyMemory<T?>(values, 0, n)));

    /// <summary>Waits for Parquet.Net.</summary>
    public static void Wait(Task task) => task.GetAwaiter().GetResult();

    /// <summary>Waits for Parquet.Net.</summary>
    public static void Wait(ValueTask task) => task.GetAwaiter().GetResult();

    /// <summary>Waits for Parquet.Net.</summary>
    public static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    /// <summary>Microseconds per second (timestamps are written in microseconds).</summary>
    public const long Micros = 1_000_000;

    /// <summary>A column of a ParquetSharp schema: required, or optional (nulls allowed).</summary>
    public static PrimitiveNode Column(string name, PhysicalType type, LogicalType logical, bool optional = false) =>
        new(name, optional ? Repetition.Optional : Repetition.Required, logical, type);

    /// <summary>The file's schema of <paramref name="columns"/> (disposed here), which must be named
    /// <paramref name="names"/> in order.</summary>
    public static GroupNode Schema(Node[] columns, IReadOnlyList<string> names)
    {
        try
        {
            if (!columns.Select(c => c.Name).SequenceEqual(names))
            {
                throw new InvalidOperationException($"the schema's columns are not {string.Join(',', names)}");
            }

            return new GroupNode("schema", Repetition.Required, columns);
        }
        finally
        {
            foreach (Node column in columns)
            {
                column.Dispose();
            }
        }
    }

    /// <summary>A required column's values.</summary>
    public static void Write<T>(ColumnWriter column, ReadOnlySpan<T> values)
        where T : unmanaged => ((ColumnWriter<T>)column).WriteBatch(values);

    /// <summary>An optional column's values: definition levels (1 present, 0 null) for every row, and the present
    /// values in order.</summary>
    public static void Write<T>(ColumnWriter column, ReadOnlySpan<short> levels, ReadOnlySpan<T> present)
        where T : unmanaged => ((ColumnWriter<T>)column).WriteBatch(levels.Length, levels, default, present);

    /// <summary>An optional column of the first <paramref name="n"/> rows, null where <paramref name="value"/> gives
    /// none: the definition levels go to <paramref name="levels"/> and the present values, packed, to
    /// <paramref name="present"/> (both at least <paramref name="n"/> long) before they are written.</summary>
    public static void WriteOptional<T>(ColumnWriter column, short[] levels, T[] present, int n, Func<int, T?> value)
        where T : unmanaged
    {
        int count = 0;
        for (int i = 0; i < n; i++)
        {
            T? v = value(i);
            levels[i] = v.HasValue ? (short)1 : (short)0;
            if (v.HasValue)
            {
                present[count++] = v.GetValueOrDefault();
            }
        }

        Write(column, levels.AsSpan(0, n), present.AsSpan(0, count));
    }
}
