using System.Runtime.CompilerServices;
using ParquetSharp;
using ParquetSharp.Schema;
using Sim.Core.Finance;
using Sim.Export.Files;

namespace Sim.Export.Ledger;

/// <summary>
/// Writes <c>transactions.parquet</c>: the columns of <see cref="LedgerColumns.Transactions"/>, one row group per
/// appended batch, Snappy-compressed. Types: <c>id</c> INT64; <c>time</c> and <c>reported_at</c> TIMESTAMP(MICROS, UTC)
/// (<c>reported_at</c> null when not reported); <c>step</c> and <c>pattern_id</c> INT32 (<c>pattern_id</c> null for
/// legitimate entries); amounts and balances DOUBLE in major units; the flags BOOLEAN; names, the currency and account
/// ids UTF-8 strings (<c>merchant</c> and <c>alert</c> null for none). The same batches give the same bytes.
/// </summary>
/// <remarks>
/// <para>The file is encoded by Apache Arrow's C++ Parquet writer (the one pyarrow and pandas use) through ParquetSharp:
/// the row group's columns are handed over one at a time as spans of plain values from scratch arrays reused across
/// batches. Text goes as <see cref="ByteArray"/>s pointing into pinned UTF-8 tables built once (<see cref="Utf8Values"/>:
/// every account id, every name), so no string is made or transcoded per entry. Low-cardinality text is
/// dictionary-encoded, <c>id</c> and <c>step</c> delta-encoded, the rest plain; account ids carry no min/max statistics
/// (random ids prune nothing). Parquet.Net wrote this file before and took about 0.8 µs an entry against Arrow's 0.55
/// (1M entries, one thread, 2-core development machine; <c>bench/run finance</c> measures the whole ledger).</para>
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

    /// <summary>The number of columns.</summary>
    private const int ColumnCount = 22;

    /// <summary>The most encoding threads: the costliest column (an account id column) is about a sixth of a row
    /// group's work, so more than four gain little, and each thread keeps about 50 bytes an entry of scratch.</summary>
    private const int MaxThreads = 4;

    /// <summary>The columns in the order encoding threads take them: the costliest first (account ids, balances,
    /// amounts), so that the threads finish together.</summary>
    private static readonly int[] ByCost = [6, 7, 9, 10, 11, 12, 4, 8, 1, 3, 15, 17, 18, 19, 5, 0, 2, 13, 14, 16, 20, 21];

    private readonly LedgerContext _context;
    private readonly AtomicFileStream _file;
    private readonly Utf8Values _accounts;
    private readonly Utf8Values _currency;
    private ParquetFileWriter? _writer;
    private bool _completed;
    private bool _faulted;

    private readonly Scratch[] _scratch;
    private readonly WorkerThread[] _helpers;

    /// <summary>Starts <paramref name="path"/> (a temporary file until <see cref="Complete"/>), encoding on up to
    /// <see cref="ExportThreads.Max"/> threads.</summary>
    public TransactionParquetWriter(string path, LedgerContext context)
        : this(path, context, ExportThreads.Max)
    {
    }

    /// <summary>Starts <paramref name="path"/> (a temporary file until <see cref="Complete"/>), encoding a row group's
    /// columns on up to <paramref name="threads"/> threads, at most four (the caller's and helpers of its own); the bytes
    /// are the same for any number.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is below 1.</exception>
    public TransactionParquetWriter(string path, LedgerContext context, int threads)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _context = context;
        _accounts = new Utf8Values(context.Accounts.Id);
        _currency = new Utf8Values([context.Currency]);
        threads = Math.Min(threads, MaxThreads);
        _scratch = [.. Enumerable.Range(0, threads).Select(_ => new Scratch())];
        _file = new AtomicFileStream(path);
        _helpers = [];
        try
        {
            using GroupNode schema = Schema();
            using WriterProperties properties = Properties();
            _writer = new ParquetFileWriter(_file.Stream, schema, properties, keyValueMetadata: null, leaveOpen: true);
            _helpers = [.. Enumerable.Range(1, threads - 1).Select(i => new WorkerThread($"parquet encoder {i}"))];
        }
        catch
        {
            _writer?.Dispose();
            _file.Dispose();
            DisposeHelpers();
            throw;
        }
    }

    /// <inheritdoc />
    public string Path => _file.Path;

    /// <inheritdoc />
    public void Append(TransactionBatch batch)
    {
        ParquetFileWriter writer = _writer ?? throw new InvalidOperationException($"{Path} is complete; nothing more can be appended");
        ThrowIfFaulted();
        _context.Validate(batch);
        int n = batch.Count;
        if (n == 0)
        {
            return;
        }

        // A buffered row group: every column chunk is encoded into memory on its own and the chunks are laid out in
        // column order when the group closes, so the columns can be encoded on several threads at once (as Arrow's own
        // writer does) and the bytes do not depend on which thread encoded which column, or on how many there were.
        using RowGroupWriter group = writer.AppendBufferedRowGroup();
        ColumnWriter[] columns = new ColumnWriter[ColumnCount];
        try
        {
            for (int c = 0; c < ColumnCount; c++)
            {
                columns[c] = group.Column(c);
            }

            int next = -1;
            void Encode(Scratch scratch)
            {
                scratch.Reserve(n);
                for (int k = Interlocked.Increment(ref next); k < ByCost.Length; k = Interlocked.Increment(ref next))
                {
                    WriteColumn(ByCost[k], columns[ByCost[k]], batch, n, scratch);
                }
            }

            Task[] helpers = new Task[_helpers.Length];
            for (int h = 0; h < helpers.Length; h++)
            {
                Scratch scratch = _scratch[h + 1];
                helpers[h] = _helpers[h].Run(() => Encode(scratch));
            }

            try
            {
                Encode(_scratch[0]);
            }
            catch
            {
                // Every helper is done with the batch and the columns before either is let go; this thread's failure
                // is the one reported.
                try
                {
                    Task.WaitAll(helpers);
                }
                catch (AggregateException)
                {
                    // A helper's failure too: the first one is enough.
                }

                throw;
            }

            Task.WhenAll(helpers).GetAwaiter().GetResult(); // a helper's failure surfaces as itself
            group.Close();
        }
        catch
        {
            // A row group half encoded cannot be taken back: the file is unusable, and Complete refuses it.
            _faulted = true;
            throw;
        }
        finally
        {
            foreach (ColumnWriter? column in columns)
            {
                column?.Dispose();
            }
        }
    }

    private void ThrowIfFaulted()
    {
        if (_faulted)
        {
            throw new InvalidOperationException($"{Path}: an earlier batch failed to encode; the file cannot be completed");
        }
    }

    /// <summary>Encodes column <paramref name="c"/> of the batch's first <paramref name="n"/> entries.</summary>
    private void WriteColumn(int c, ColumnWriter column, TransactionBatch batch, int n, Scratch s)
    {
        switch (c)
        {
            case 0:
                ParquetSupport.Write(column, batch.Id.AsSpan(0, n));
                break;
            case 1:
                ParquetSupport.Write(column, s.Times(batch.Time, n));
                break;
            case 2:
                long start = _context.StartUnixSeconds;
                for (int i = 0; i < n; i++)
                {
                    s.Ints[i] = (int)((batch.Time[i] - start) / 3600);
                }

                ParquetSupport.Write(column, s.Ints.AsSpan(0, n));
                break;
            case 3:
                ParquetSupport.Write(column, s.Names(batch.Type, Types, n));
                break;
            case 4:
                ParquetSupport.Write(column, s.Money(batch.Amount, n));
                break;
            case 5:
                s.Texts.AsSpan(0, n).Fill(_currency[0]);
                ParquetSupport.Write(column, s.Texts.AsSpan(0, n));
                break;
            case 6:
                ParquetSupport.Write(column, s.Accounts(batch.From, _accounts, n));
                break;
            case 7:
                ParquetSupport.Write(column, s.Accounts(batch.To, _accounts, n));
                break;
            case 8:
                ParquetSupport.WriteOptional(column, s.Levels, s.Texts, n, i => batch.Merchant[i] >= 0 ? _accounts[_context.MerchantAccount(batch.Merchant[i])] : null);
                break;
            case 9:
                ParquetSupport.Write(column, s.Money(batch.FromBefore, n));
                break;
            case 10:
                ParquetSupport.Write(column, s.Money(batch.FromAfter, n));
                break;
            case 11:
                ParquetSupport.Write(column, s.Money(batch.ToBefore, n));
                break;
            case 12:
                ParquetSupport.Write(column, s.Money(batch.ToAfter, n));
                break;
            case 13:
                ParquetSupport.Write(column, batch.IsFraud.AsSpan(0, n));
                break;
            case 14:
                ParquetSupport.Write(column, batch.IsLaundering.AsSpan(0, n));
                break;
            case 15:
                ParquetSupport.Write(column, s.Names(batch.Typology, Typologies, n));
                break;
            case 16:
                ParquetSupport.WriteOptional(column, s.Levels, s.Ints, n, i => batch.Pattern[i] >= 0 ? batch.Pattern[i] : null);
                break;
            case 17:
                ParquetSupport.Write(column, s.Names(batch.FromRole, Roles, n));
                break;
            case 18:
                ParquetSupport.Write(column, s.Names(batch.ToRole, Roles, n));
                break;
            case 19:
                ParquetSupport.Write(column, s.Names(batch.Stage, Stages, n));
                break;
            case 20:
                ParquetSupport.WriteOptional(column, s.Levels, s.Texts, n, i => batch.Alert[i] != AlertRule.None ? Alerts[(int)batch.Alert[i]] : null);
                break;
            case 21:
                ParquetSupport.WriteOptional(column, s.Levels, s.Longs, n, i => batch.ReportedAt[i] != 0 ? batch.ReportedAt[i] * ParquetSupport.Micros : null);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(c), c, "no such column");
        }
    }

    /// <inheritdoc />
    public void Complete()
    {
        ParquetFileWriter writer = _writer ?? throw new InvalidOperationException($"{Path} is already complete");
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
        DisposeHelpers();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
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
        finally
        {
            DisposeHelpers();
        }
    }

    private void DisposeHelpers()
    {
        foreach (WorkerThread helper in _helpers)
        {
            helper.Dispose();
        }
    }

    /// <summary>The columns, in <see cref="LedgerColumns.Transactions"/> order.</summary>
    private static GroupNode Schema()
    {
        using LogicalType text = LogicalType.String();
        using LogicalType timestamp = ParquetSupport.UtcMicros();
        using LogicalType none = LogicalType.None();

        Node[] nodes =
        [
            ParquetSupport.Column("id", PhysicalType.Int64, none),
            ParquetSupport.Column("time", PhysicalType.Int64, timestamp),
            ParquetSupport.Column("step", PhysicalType.Int32, none),
            ParquetSupport.Column("type", PhysicalType.ByteArray, text),
            ParquetSupport.Column("amount", PhysicalType.Double, none),
            ParquetSupport.Column("currency", PhysicalType.ByteArray, text),
            ParquetSupport.Column("from_account", PhysicalType.ByteArray, text),
            ParquetSupport.Column("to_account", PhysicalType.ByteArray, text),
            ParquetSupport.Column("merchant", PhysicalType.ByteArray, text, optional: true),
            ParquetSupport.Column("from_balance_before", PhysicalType.Double, none),
            ParquetSupport.Column("from_balance_after", PhysicalType.Double, none),
            ParquetSupport.Column("to_balance_before", PhysicalType.Double, none),
            ParquetSupport.Column("to_balance_after", PhysicalType.Double, none),
            ParquetSupport.Column("is_fraud", PhysicalType.Boolean, none),
            ParquetSupport.Column("is_laundering", PhysicalType.Boolean, none),
            ParquetSupport.Column("typology", PhysicalType.ByteArray, text),
            ParquetSupport.Column("pattern_id", PhysicalType.Int32, none, optional: true),
            ParquetSupport.Column("from_role", PhysicalType.ByteArray, text),
            ParquetSupport.Column("to_role", PhysicalType.ByteArray, text),
            ParquetSupport.Column("stage", PhysicalType.ByteArray, text),
            ParquetSupport.Column("alert", PhysicalType.ByteArray, text, optional: true),
            ParquetSupport.Column("reported_at", PhysicalType.Int64, timestamp, optional: true),
        ];
        return ParquetSupport.Schema(nodes, LedgerColumns.Transactions);
    }

    /// <summary>Snappy; dictionaries for the low-cardinality text; delta encoding for the increasing integers;
    /// no statistics for account ids.</summary>
    private static WriterProperties Properties()
    {
        using var builder = new WriterPropertiesBuilder();
        builder.Compression(Compression.Snappy).DisableDictionary();
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

    /// <summary>One encoding thread's arrays, reused across batches.</summary>
    private sealed class Scratch
    {
        public long[] Longs { get; private set; } = [];

        public int[] Ints { get; private set; } = [];

        public double[] Doubles { get; private set; } = [];

        public ByteArray[] Texts { get; private set; } = [];

        public short[] Levels { get; private set; } = [];

        /// <summary>Account ids gathered for the column in hand (pinned: the encoder reads them by address).</summary>
        public byte[] Bytes { get; private set; } = GC.AllocateUninitializedArray<byte>(0, pinned: true);

        public void Reserve(int n)
        {
            Longs = ParquetSupport.AtLeast(Longs, n);
            Ints = ParquetSupport.AtLeast(Ints, n);
            Doubles = ParquetSupport.AtLeast(Doubles, n);
            Texts = ParquetSupport.AtLeast(Texts, n);
            Levels = ParquetSupport.AtLeast(Levels, n);
        }

        public ReadOnlySpan<long> Times(long[] seconds, int n)
        {
            for (int i = 0; i < n; i++)
            {
                Longs[i] = seconds[i] * ParquetSupport.Micros;
            }

            return Longs.AsSpan(0, n);
        }

        public ReadOnlySpan<double> Money(long[] minor, int n)
        {
            for (int i = 0; i < n; i++)
            {
                Doubles[i] = ParquetSupport.Major(minor[i]);
            }

            return Doubles.AsSpan(0, n);
        }

        public ReadOnlySpan<ByteArray> Names<T>(T[] values, Utf8Values names, int n)
            where T : unmanaged, Enum
        {
            for (int i = 0; i < n; i++)
            {
                Texts[i] = names[Unsafe.As<T, byte>(ref values[i])];
            }

            return Texts.AsSpan(0, n);
        }

        public ReadOnlySpan<ByteArray> Accounts(int[] accounts, Utf8Values ids, int n)
        {
            if ((long)n * ids.Width > Bytes.Length)
            {
                Bytes = GC.AllocateUninitializedArray<byte>(n * ids.Width, pinned: true);
            }

            ids.Gather(accounts.AsSpan(0, n), Bytes, Texts.AsSpan(0, n));
            return Texts.AsSpan(0, n);
        }
    }
}
