using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using ParquetSharp;
using Sim.Core.Finance;
using Sim.Export.Files;
using ArrowFileWriter = ParquetSharp.Arrow.FileWriter;

namespace Sim.Export.Ledger;

/// <summary>
/// Writes <c>transactions.parquet</c>: the columns of <see cref="LedgerColumns.Transactions"/>, one row group per
/// appended batch, Snappy-compressed. Types: <c>id</c> INT64; <c>time</c> and <c>reported_at</c> TIMESTAMP(MICROS, UTC)
/// (<c>reported_at</c> null when not reported); <c>step</c> and <c>pattern_id</c> INT32 (<c>pattern_id</c> null for
/// legitimate entries); amounts and balances DOUBLE in major units; the flags BOOLEAN; names, the currency and account
/// ids UTF-8 strings (<c>merchant</c> and <c>alert</c> null for none). The same batches give the same bytes.
/// </summary>
/// <remarks>
/// <para>The file is encoded by Apache Arrow's C++ Parquet writer (the one pyarrow and pandas use) through ParquetSharp's
/// Arrow interface: each batch becomes an Arrow record batch over buffers reused from batch to batch, handed over
/// without copying (the C data interface). The low-cardinality text (the type, currency, merchant, typology, roles,
/// stage and alert) goes as dictionary arrays — the enumeration's value or the merchant's number indexing a dictionary
/// of names built once — which Arrow writes as Parquet dictionary pages and indices without hashing a value (hashing
/// and comparing the names was a sixth of encoding before). Account ids go as string arrays gathered from a pinned UTF-8
/// table; <c>id</c> and <c>step</c> are delta-encoded, the rest plain; account ids carry no min/max statistics (random
/// ids prune nothing). A row group's columns are encoded on Arrow's threads at once when more than one export thread
/// is allowed (<see cref="ExportThreads.Max"/>); the bytes do not depend on it.</para>
/// <para>The footer's <c>created_by</c> names the Arrow version, so the bytes are the same for the same batches and the
/// same package version.</para>
/// </remarks>
public sealed class TransactionParquetWriter : ILedgerWriter
{
    private static readonly Utf8Values Types = Utf8Values.Names<TransactionType>(FinanceNames.Of);
    private static readonly Utf8Values Typologies = Utf8Values.Names<Typology>(FinanceNames.Of);
    private static readonly Utf8Values Roles = Utf8Values.Names<PartyRole>(FinanceNames.Of);
    private static readonly Utf8Values Stages = Utf8Values.Names<LaunderingStage>(FinanceNames.Of);
    private static readonly Utf8Values Alerts = Utf8Values.Names<AlertRule>(LedgerNames.Of);

    private static readonly TimestampType Micros = new(Apache.Arrow.Types.TimeUnit.Microsecond, "UTC");

    private readonly LedgerContext _context;
    private readonly AtomicFileStream _file;
    private readonly Utf8Values _accounts;
    private readonly Schema _schema;

    // The dictionaries, made once: names indexed by the enumeration's value, merchants' account ids by merchant number.
    private readonly StringArray _types = Types.ToArrow(), _typologies = Typologies.ToArrow(), _roles = Roles.ToArrow();
    private readonly StringArray _stages = Stages.ToArrow(), _alerts = Alerts.ToArrow();
    private readonly StringArray _currency;
    private readonly StringArray _merchants;
    private readonly int[] _merchantIndex;

    private ArrowFileWriter? _writer;
    private bool _completed;
    private bool _faulted;
    private readonly Scratch _scratch = new();

    /// <summary>Starts <paramref name="path"/> (a temporary file until <see cref="Complete"/>), encoding on up to
    /// <see cref="ExportThreads.Max"/> threads.</summary>
    public TransactionParquetWriter(string path, LedgerContext context)
        : this(path, context, ExportThreads.Max)
    {
    }

    /// <summary>Starts <paramref name="path"/> (a temporary file until <see cref="Complete"/>), encoding a row group's
    /// columns on Arrow's threads when <paramref name="threads"/> is above 1, on the caller's alone when it is 1; the
    /// bytes are the same either way.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is below 1.</exception>
    public TransactionParquetWriter(string path, LedgerContext context, int threads)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _context = context;
        _accounts = context.Utf8Ids;
        _currency = new Utf8Values([context.Currency]).ToArrow();
        // The merchants with a settlement account, in merchant order (a dictionary's values must be distinct; numbers with
        // no account, which no entry can name, have no entry); _merchantIndex maps a merchant number to its place.
        int[] withAccount = [.. Enumerable.Range(0, context.MerchantCount).Where(m => context.MerchantAccountOrNone(m) >= 0)];
        _merchants = new Utf8Values([.. withAccount.Select(m => context.Accounts.Id[context.MerchantAccountOrNone(m)])]).ToArrow();
        _merchantIndex = new int[context.MerchantCount];
        for (int k = 0; k < withAccount.Length; k++)
        {
            _merchantIndex[withAccount[k]] = k;
        }

        _schema = Schema();
        _file = new AtomicFileStream(path);
        try
        {
            using WriterProperties properties = Properties();
            using var arrow = new ParquetSharp.Arrow.ArrowWriterPropertiesBuilder();
            using ParquetSharp.Arrow.ArrowWriterProperties arrowProperties = arrow.UseThreads(threads > 1).Build();
            _writer = new ArrowFileWriter(_file.Stream, _schema, properties, arrowProperties, leaveOpen: true);
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public string Path => _file.Path;

    /// <inheritdoc />
    public void Append(TransactionBatch batch) => Append(batch, validated: false);

    /// <summary><see cref="Append(TransactionBatch)"/>; <paramref name="validated"/> when the caller has checked the batch
    /// against the same context already (<see cref="LedgerWriter"/> checks once for all its files).</summary>
    internal void Append(TransactionBatch batch, bool validated)
    {
        ArrowFileWriter writer = _writer ?? throw new InvalidOperationException($"{Path} is complete; nothing more can be appended");
        ThrowIfFaulted();
        if (!validated)
        {
            _context.Validate(batch);
        }

        int n = batch.Count;
        if (n == 0)
        {
            return;
        }

        try
        {
            RecordBatch record = Record(batch, n, _scratch);
            writer.NewBufferedRowGroup();
            writer.WriteBufferedRecordBatch(record);
        }
        catch
        {
            // A row group half encoded cannot be taken back: the file is unusable, and Complete refuses it.
            _faulted = true;
            throw;
        }
    }

    private void ThrowIfFaulted()
    {
        if (_faulted)
        {
            throw new InvalidOperationException($"{Path}: an earlier batch failed to encode; the file cannot be completed");
        }
    }

    /// <summary>The batch's first <paramref name="n"/> entries as Arrow arrays over <paramref name="s"/>'s buffers.</summary>
    private RecordBatch Record(TransactionBatch batch, int n, Scratch s)
    {
        s.Reset();
        long start = _context.StartUnixSeconds;
        IArrowArray[] columns =
        [
            new Int64Array(s.Copy<long>(batch.Id, n), ArrowBuffer.Empty, n, 0, 0),
            new TimestampArray(Micros, s.Scaled(batch.Time, n, ParquetSupport.Micros), ArrowBuffer.Empty, n, 0, 0),
            new Int32Array(s.Steps(batch.Time.AsSpan(0, n), start), ArrowBuffer.Empty, n, 0, 0),
            Names(_types, batch.Type, n, s),
            Money(batch.Amount, n, s),
            Names(_currency, s.Zeros(n), ArrowBuffer.Empty, n, 0),
            Accounts(batch.From, n, s),
            Accounts(batch.To, n, s),
            Merchants(batch.Merchant, n, s),
            Money(batch.FromBefore, n, s),
            Money(batch.FromAfter, n, s),
            Money(batch.ToBefore, n, s),
            Money(batch.ToAfter, n, s),
            new BooleanArray(s.Bits<bool, IsTrue>(batch.IsFraud.AsSpan(0, n), out _), ArrowBuffer.Empty, n, 0, 0),
            new BooleanArray(s.Bits<bool, IsTrue>(batch.IsLaundering.AsSpan(0, n), out _), ArrowBuffer.Empty, n, 0, 0),
            Names(_typologies, batch.Typology, n, s),
            new Int32Array(s.Copy<int>(batch.Pattern, n), s.Bits<int, NotNegative>(batch.Pattern.AsSpan(0, n), out int patternNulls), n, patternNulls, 0),
            Names(_roles, batch.FromRole, n, s),
            Names(_roles, batch.ToRole, n, s),
            Names(_stages, batch.Stage, n, s),
            Names(_alerts, s.Copy<byte>(MemoryMarshal.Cast<AlertRule, byte>(batch.Alert), n), s.Bits<byte, NotZero>(MemoryMarshal.Cast<AlertRule, byte>(batch.Alert.AsSpan(0, n)), out int alertNulls), n, alertNulls),
            new TimestampArray(Micros, s.Scaled(batch.ReportedAt, n, ParquetSupport.Micros), s.Bits<long, NotZero>(batch.ReportedAt.AsSpan(0, n), out int reportNulls), n, reportNulls, 0),
        ];
        return new RecordBatch(_schema, columns, n);
    }

    /// <summary>A dictionary column of an enumeration (one byte a value): the values index <paramref name="dictionary"/>,
    /// the enumeration's names.</summary>
    private static DictionaryArray Names<T>(StringArray dictionary, T[] values, int n, Scratch s)
        where T : unmanaged, Enum =>
        Names(dictionary, s.Copy<byte>(MemoryMarshal.Cast<T, byte>(values), n), ArrowBuffer.Empty, n, 0);

    /// <summary>A dictionary column: one-byte indices into <paramref name="dictionary"/>.</summary>
    private static DictionaryArray Names(StringArray dictionary, ArrowBuffer indices, ArrowBuffer valid, int n, int nulls) =>
        new(new DictionaryType(UInt8Type.Default, StringType.Default, false), new UInt8Array(indices, valid, n, nulls, 0), dictionary);

    private static DoubleArray Money(long[] minor, int n, Scratch s)
    {
        Span<double> major = s.Values<double>(n, out ArrowBuffer buffer);
        ReadOnlySpan<long> values = minor.AsSpan(0, n);
        for (int i = 0; i < values.Length; i++)
        {
            major[i] = ParquetSupport.Major(values[i]);
        }

        return new DoubleArray(buffer, ArrowBuffer.Empty, n, 0, 0);
    }

    private DictionaryArray Merchants(int[] merchants, int n, Scratch s)
    {
        Span<int> places = s.Values<int>(n, out ArrowBuffer buffer);
        int[] index = _merchantIndex;
        for (int i = 0; i < places.Length; i++)
        {
            int m = merchants[i];
            places[i] = m >= 0 ? index[m] : 0;
        }

        return new(
            new DictionaryType(Int32Type.Default, StringType.Default, false),
            new Int32Array(buffer, s.Bits<int, NotNegative>(merchants.AsSpan(0, n), out int nulls), n, nulls, 0),
            _merchants);
    }

    /// <summary>Account ids: the UTF-8 bytes gathered into one buffer (prefetched: the ids come in no order).</summary>
    private StringArray Accounts(int[] accounts, int n, Scratch s)
    {
        Span<int> offsets = s.Values<int>(n + 1, out ArrowBuffer offsetBuffer);
        Span<byte> data = s.Values<byte>(checked(n * _accounts.Longest), out ArrowBuffer dataBuffer);
        int total = _accounts.GatherArrow(accounts.AsSpan(0, n), data, offsets);
        return new StringArray(n, offsetBuffer, dataBuffer.Length == total ? dataBuffer : new ArrowBuffer(dataBuffer.Memory[..total]), ArrowBuffer.Empty, 0, 0);
    }

    /// <inheritdoc />
    public void Complete()
    {
        ArrowFileWriter writer = _writer ?? throw new InvalidOperationException($"{Path} is already complete");
        ThrowIfFaulted();
        _writer = null;
        try
        {
            writer.Close();
        }
        finally
        {
            writer.Dispose();
        }

        _file.Commit();
        _completed = true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_completed)
        {
            try
            {
                // Dispose without Close: the native writer is released and the temporary file deleted unfinished.
                _writer?.Dispose();
                _writer = null;
            }
            finally
            {
                _file.Dispose();
            }
        }
    }

    /// <summary>The columns, in <see cref="LedgerColumns.Transactions"/> order: the Parquet schema Arrow derives from
    /// them (dictionary columns are plain strings in Parquet; the Arrow schema is not stored in the file).</summary>
    private static Schema Schema()
    {
        DictionaryType name = new(UInt8Type.Default, StringType.Default, false);
        (string Name, IArrowType Type, bool Nullable)[] fields =
        [
            ("id", Int64Type.Default, false),
            ("time", Micros, false),
            ("step", Int32Type.Default, false),
            ("type", name, false),
            ("amount", DoubleType.Default, false),
            ("currency", name, false),
            ("from_account", StringType.Default, false),
            ("to_account", StringType.Default, false),
            ("merchant", new DictionaryType(Int32Type.Default, StringType.Default, false), true),
            ("from_balance_before", DoubleType.Default, false),
            ("from_balance_after", DoubleType.Default, false),
            ("to_balance_before", DoubleType.Default, false),
            ("to_balance_after", DoubleType.Default, false),
            ("is_fraud", BooleanType.Default, false),
            ("is_laundering", BooleanType.Default, false),
            ("typology", name, false),
            ("pattern_id", Int32Type.Default, true),
            ("from_role", name, false),
            ("to_role", name, false),
            ("stage", name, false),
            ("alert", name, true),
            ("reported_at", Micros, true),
        ];
        if (!fields.Select(f => f.Name).SequenceEqual(LedgerColumns.Transactions))
        {
            throw new InvalidOperationException("the Parquet columns differ from LedgerColumns.Transactions");
        }

        var schema = new Schema.Builder();
        foreach ((string n, IArrowType type, bool nullable) in fields)
        {
            schema.Field(f => f.Name(n).DataType(type).Nullable(nullable));
        }

        return schema.Build();
    }

    /// <summary>Snappy; dictionaries for the low-cardinality text; delta encoding for the increasing integers;
    /// no statistics for account ids.</summary>
    private static WriterProperties Properties()
    {
        using var builder = new WriterPropertiesBuilder();
        // One row group per batch, however large (Arrow would split a batch at a million rows by default).
        builder.MemoryPool(ParquetSupport.Pool).Compression(Compression.Snappy).DisableDictionary().MaxRowGroupLength(int.MaxValue);
        foreach (string column in (string[])["type", "currency", "merchant", "typology", "from_role", "to_role", "stage", "alert"])
        {
            builder.EnableDictionary(column);
        }

        // Not on the timestamps: Parquet.Net, among other readers, cannot decode DELTA_BINARY_PACKED timestamps.
        builder.Encoding("id", ParquetSharp.Encoding.DeltaBinaryPacked).Encoding("step", ParquetSharp.Encoding.DeltaBinaryPacked);
        foreach (string column in (string[])["from_account", "to_account", "merchant"])
        {
            builder.DisableStatistics(column);
        }

        return builder.Build();
    }

    /// <summary>The buffers of one record batch, reused for the next: a batch's arrays are handed to Arrow, which is
    /// done with them when the row group is written (it is encoded and buffered by then).</summary>
    private sealed class Scratch
    {
        private readonly List<byte[]> _buffers = [];
        private int _next;

        /// <summary>Starts a batch: every buffer may be reused.</summary>
        public void Reset() => _next = 0;

        /// <summary>Room for <paramref name="n"/> values in the batch's next buffer, and the Arrow buffer over them.</summary>
        public Span<T> Values<T>(int n, out ArrowBuffer arrow)
            where T : unmanaged
        {
            int size = n * Unsafe.SizeOf<T>();
            if (_next == _buffers.Count)
            {
                _buffers.Add([]);
            }

            byte[] buffer = _buffers[_next];
            if (buffer.Length < size)
            {
                buffer = _buffers[_next] = GC.AllocateUninitializedArray<byte>(Math.Max(size, 64), pinned: true);
            }

            _next++;
            arrow = new ArrowBuffer(buffer.AsMemory(0, size));
            return MemoryMarshal.Cast<byte, T>(buffer.AsSpan(0, size));
        }

        /// <summary>A copy of the first <paramref name="n"/> values.</summary>
        public ArrowBuffer Copy<T>(ReadOnlySpan<T> values, int n)
            where T : unmanaged
        {
            values[..n].CopyTo(Values<T>(n, out ArrowBuffer arrow));
            return arrow;
        }

        /// <summary><paramref name="n"/> zero bytes.</summary>
        public ArrowBuffer Zeros(int n)
        {
            Values<byte>(n, out ArrowBuffer arrow).Clear();
            return arrow;
        }

        /// <summary>Each time's step: whole hours since <paramref name="start"/>.</summary>
        public ArrowBuffer Steps(ReadOnlySpan<long> times, long start)
        {
            Span<int> steps = Values<int>(times.Length, out ArrowBuffer arrow);
            for (int i = 0; i < times.Length; i++)
            {
                steps[i] = (int)((times[i] - start) / 3600);
            }

            return arrow;
        }

        /// <summary>Each value times <paramref name="factor"/>.</summary>
        public ArrowBuffer Scaled(long[] values, int n, long factor)
        {
            Span<long> scaled = Values<long>(n, out ArrowBuffer arrow);
            ReadOnlySpan<long> from = values.AsSpan(0, n);
            for (int i = 0; i < from.Length; i++)
            {
                scaled[i] = from[i] * factor;
            }

            return arrow;
        }

        /// <summary>A bitmap, least significant bit first: whether each value passes <typeparamref name="TTest"/> (is true,
        /// or present); the count that do not.</summary>
        public ArrowBuffer Bits<T, TTest>(ReadOnlySpan<T> values, out int falses)
            where TTest : IBitTest<T>
        {
            int n = values.Length;
            Span<byte> bits = Values<byte>((n + 7) / 8, out ArrowBuffer arrow);
            int trues = 0;
            for (int i = 0; i < n; i += 8)
            {
                int b = 0;
                for (int k = 0, end = Math.Min(8, n - i); k < end; k++)
                {
                    b |= TTest.Passes(values[i + k]) ? 1 << k : 0;
                }

                bits[i >> 3] = (byte)b;
                trues += BitOperations.PopCount((uint)b);
            }

            falses = n - trues;
            return arrow;
        }
    }

    /// <summary>What a bitmap bit says of a value (a static test, so that each bitmap's loop is compiled with it inlined).</summary>
    private interface IBitTest<T>
    {
        static abstract bool Passes(T value);
    }

    private readonly struct IsTrue : IBitTest<bool>
    {
        public static bool Passes(bool value) => value;
    }

    /// <summary>An index that is there (−1 is none).</summary>
    private readonly struct NotNegative : IBitTest<int>
    {
        public static bool Passes(int value) => value >= 0;
    }

    /// <summary>A value that is there (0 is none: no alert, not reported).</summary>
    private readonly struct NotZero : IBitTest<byte>, IBitTest<long>
    {
        public static bool Passes(byte value) => value != 0;

        public static bool Passes(long value) => value != 0;
    }
}
