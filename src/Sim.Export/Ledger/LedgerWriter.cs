using System.Runtime.ExceptionServices;
using Sim.Core.Finance;
using Sim.Export.Files;

namespace Sim.Export.Ledger;

/// <summary>
/// Writes a ledger's files into one folder as the generator streams batches: the transaction writers the formats ask
/// for (<see cref="TransactionCsvWriter"/>, <see cref="TransactionParquetWriter"/>, <see cref="EdgeListWriter"/>,
/// <see cref="PaySimWriter"/>) and the <see cref="LeakageCheck"/>, then, on <see cref="Complete"/>, the account and
/// pattern tables and <c>leakage.json</c>. Every file appears at its name only when complete.
/// </summary>
/// <remarks>
/// <see cref="Append"/> checks the batch, copies it (about 100 bytes an entry) and returns while the copy is written in
/// the background; <see cref="Handover"/> does the same without the copy, taking the batch itself and giving back the
/// previous one to fill. Each file (and the leakage check) is a task of its own on a long-lived thread, so that the
/// generator fills its next batch meanwhile and the writers share the cores: at most one batch is in flight, and the next
/// <see cref="Append"/> or <see cref="Handover"/> waits for it. A failure in the background surfaces, as itself, from the
/// next call or <see cref="Complete"/>.
/// </remarks>
public sealed class LedgerWriter : IDisposable
{
    /// <summary><c>transactions.csv</c>.</summary>
    public const string TransactionsCsv = "transactions.csv";

    /// <summary><c>transactions.parquet</c>.</summary>
    public const string TransactionsParquet = "transactions.parquet";

    /// <summary><c>accounts.csv</c>.</summary>
    public const string AccountsCsv = "accounts.csv";

    /// <summary><c>accounts.parquet</c>.</summary>
    public const string AccountsParquet = "accounts.parquet";

    /// <summary><c>patterns.csv</c>.</summary>
    public const string PatternsCsv = "patterns.csv";

    /// <summary><c>patterns.parquet</c>.</summary>
    public const string PatternsParquet = "patterns.parquet";

    /// <summary><c>edges.csv</c>.</summary>
    public const string EdgesCsv = "edges.csv";

    /// <summary><c>paysim.csv</c>.</summary>
    public const string PaySimCsv = "paysim.csv";

    private readonly LedgerContext _context;
    private readonly TransactionParquetWriter? _parquet;
    private readonly List<CsvLedgerWriter> _csv = [];
    private readonly LeakageCheck? _leakage;
    private TransactionBatch? _free;
    private TransactionBatch? _inFlight;
    private readonly List<WorkerThread> _workers = [];
    private Task _pending = Task.CompletedTask;
    private bool _completed;

    /// <summary>Starts the files of <paramref name="formats"/> in <paramref name="folder"/> (created if missing).</summary>
    public LedgerWriter(string folder, LedgerContext context, LedgerFormats formats = LedgerFormats.All)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(context);
        Folder = Path.GetFullPath(folder);
        Formats = formats;
        _context = context;
        Directory.CreateDirectory(Folder);
        try
        {
            if (formats.HasFlag(LedgerFormats.Parquet))
            {
                _parquet = new TransactionParquetWriter(Path.Combine(Folder, TransactionsParquet), context);
            }

            if (formats.HasFlag(LedgerFormats.Csv))
            {
                _csv.Add(new TransactionCsvWriter(Path.Combine(Folder, TransactionsCsv), context));
            }

            if (formats.HasFlag(LedgerFormats.Edges))
            {
                _csv.Add(new EdgeListWriter(Path.Combine(Folder, EdgesCsv), context));
            }

            if (formats.HasFlag(LedgerFormats.PaySim))
            {
                _csv.Add(new PaySimWriter(Path.Combine(Folder, PaySimCsv), context));
            }

            _leakage = formats.HasFlag(LedgerFormats.Leakage) ? new LeakageCheck(context) : null;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The folder written.</summary>
    public string Folder { get; }

    /// <summary>The files written.</summary>
    public LedgerFormats Formats { get; }

    /// <summary>Checks the batch, copies it and hands the copy to the writers in the background; the batch may be
    /// reused once this returns.</summary>
    /// <exception cref="ArgumentException">The batch breaks the contract; nothing of it is written.</exception>
    /// <exception cref="InvalidOperationException">The ledger is complete.</exception>
    public void Append(TransactionBatch batch)
    {
        ThrowIfCompleted();
        ThrowIfOwned(batch);
        _context.Validate(batch);
        WaitForPending();
        TransactionBatch copy = TakeFree(batch.Count);
        batch.CopyTo(copy);
        Start(copy);
    }

    /// <summary>Checks the batch and hands it itself to the writers in the background, without copying it; returns an
    /// empty batch of at least the same capacity to fill next (the one handed over before, once the writers are done
    /// with it). The caller may still read <paramref name="batch"/> but must not change it: it is the writers' now.</summary>
    /// <remarks>For a generator that can swap batches (<see cref="FinanceSimulation.Run(Func{TransactionBatch, TransactionBatch}, int, Action{int})"/>):
    /// <see cref="Append"/>'s copy was about 2 % of a million-customer run.</remarks>
    /// <exception cref="ArgumentException">The batch breaks the contract (nothing of it is written, and it is still the
    /// caller's), or it is one the writer holds already (handed over before).</exception>
    /// <exception cref="InvalidOperationException">The ledger is complete.</exception>
    public TransactionBatch Handover(TransactionBatch batch)
    {
        ThrowIfCompleted();
        ThrowIfOwned(batch);
        _context.Validate(batch);
        WaitForPending();
        TransactionBatch next = TakeFree(batch.Capacity);
        Start(batch);
        next.Count = 0;
        return next;
    }

    /// <summary>Refuses a batch the writer holds: one handed over (in flight, or finished and kept to give back). Taking it
    /// again would give it back to fill while the writers read it.</summary>
    private void ThrowIfOwned(TransactionBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (ReferenceEquals(batch, _inFlight) || ReferenceEquals(batch, _free))
        {
            throw new ArgumentException("this batch was handed over to the writer already; fill the one Handover gave back", nameof(batch));
        }
    }

    /// <summary>A batch of the writer's own with room for <paramref name="rows"/> that no one is using: the one the writers
    /// finished last, or a new one.</summary>
    private TransactionBatch TakeFree(int rows)
    {
        TransactionBatch? free = _free;
        _free = null;
        return free is not null && free.Capacity >= rows ? free : new TransactionBatch(Math.Max(rows, 1));
    }

    /// <summary>Hands <paramref name="batch"/> to each file's writer (and the leakage check) in the background.</summary>
    private void Start(TransactionBatch batch)
    {
        // Each file on its own long-lived thread (see WorkerThread: on the thread pool, memory grew with the run).
        var items = new List<Action>(_csv.Count + 2);
        // Checked once, by Append or Handover, for every file.
        if (_parquet is not null)
        {
            items.Add(() => _parquet.Append(batch, validated: true));
        }

        foreach (CsvLedgerWriter writer in _csv)
        {
            items.Add(() => writer.Append(batch, validated: true));
        }

        if (_leakage is not null)
        {
            items.Add(() => _leakage.Add(batch, validated: true));
        }

        while (_workers.Count < items.Count)
        {
            _workers.Add(new WorkerThread($"ledger writer {_workers.Count}"));
        }

        _inFlight = batch;
        _pending = Task.WhenAll(items.Select((item, i) => _workers[i].Run(item)));
    }

    /// <summary>Finishes the transaction files, writes the account and pattern tables and <c>leakage.json</c>, and
    /// returns the leakage report (null when not asked for).</summary>
    /// <exception cref="ArgumentException">A pattern is out of place or names an unknown account.</exception>
    /// <exception cref="InvalidOperationException">The ledger is already complete.</exception>
    public LeakageReport? Complete(IReadOnlyList<PatternRecord> patterns)
    {
        ThrowIfCompleted();
        PatternTableWriter.Validate(patterns, _context);
        WaitForPending();

        // The files are independent of one another: the transaction files are finished and the account and pattern
        // tables written at once, on up to ExportThreads.Max threads, the longest first (accounts.parquet, 1.2M rows for
        // a million customers, was 0.3 s of a 5 s run on its own).
        List<(string Path, Action Write)> work = [];
        if (Formats.HasFlag(LedgerFormats.Parquet))
        {
            string accounts = Path.Combine(Folder, AccountsParquet);
            work.Add((accounts, () => AccountTableWriter.WriteParquet(accounts, _context)));
        }

        if (Formats.HasFlag(LedgerFormats.Csv))
        {
            string accounts = Path.Combine(Folder, AccountsCsv);
            work.Add((accounts, () => AccountTableWriter.WriteCsv(accounts, _context)));
        }

        if (_parquet is not null)
        {
            work.Add((_parquet.Path, _parquet.Complete));
        }

        work.AddRange(_csv.Select(writer => (writer.Path, (Action)writer.Complete)));
        if (Formats.HasFlag(LedgerFormats.Parquet))
        {
            string table = Path.Combine(Folder, PatternsParquet);
            work.Add((table, () => PatternTableWriter.WriteParquet(table, patterns, _context)));
        }

        if (Formats.HasFlag(LedgerFormats.Csv))
        {
            string table = Path.Combine(Folder, PatternsCsv);
            work.Add((table, () => PatternTableWriter.WriteCsv(table, patterns, _context)));
        }

        RunAll(work);

        LeakageReport? report = _leakage?.Report();
        report?.Write(Path.Combine(Folder, LeakageReport.FileName));
        _completed = true;
        return report;
    }

    /// <summary>Writes every file of <paramref name="work"/>, on up to <see cref="ExportThreads.Max"/> threads. When any
    /// fails, the files the others completed are deleted too (a ledger is whole or absent, as if written one by one and
    /// stopped at the first failure, never some tables without their transactions), and the first failure in list order
    /// is rethrown as itself.</summary>
    private static void RunAll(List<(string Path, Action Write)> work)
    {
        var errors = new ExceptionDispatchInfo?[work.Count];
        Parallel.For(0, work.Count, new ParallelOptions { MaxDegreeOfParallelism = ExportThreads.Max }, i =>
        {
            try
            {
                work[i].Write();
            }
            catch (Exception e)
            {
                errors[i] = ExceptionDispatchInfo.Capture(e);
            }
        });
        ExceptionDispatchInfo? first = errors.FirstOrDefault(e => e is not null);
        if (first is null)
        {
            return;
        }

        for (int i = 0; i < work.Count; i++)
        {
            if (errors[i] is null)
            {
                try
                {
                    File.Delete(work[i].Path);
                }
                catch (IOException)
                {
                    // The failure reported below matters more; the folder has no manifest, so the run is redone anyway.
                }
                catch (UnauthorizedAccessException)
                {
                    // As above.
                }
            }
        }

        first.Throw();
    }

    /// <summary>Waits for the batch in flight, then closes every writer; files not completed are deleted.</summary>
    public void Dispose()
    {
        try
        {
            _pending.Wait();
        }
        catch (AggregateException)
        {
            // Disposal after a failure: the failure was (or will be) reported by Append or Complete.
        }
        finally
        {
            foreach (WorkerThread worker in _workers)
            {
                worker.Dispose();
            }

            _workers.Clear();
            // Every writer gets to delete its temporary file, even when another's disposal fails (a full disk can
            // fail the last flush); the first failure is rethrown once all have been tried.
            List<Exception>? failures = null;
            foreach (ILedgerWriter? writer in _csv.Prepend<ILedgerWriter?>(_parquet))
            {
                try
                {
                    writer?.Dispose();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
                {
                    (failures ??= []).Add(e);
                }
            }

            if (failures is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failures[0]);
            }
        }
    }

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException($"the ledger in {Folder} is complete");
        }
    }

    /// <summary>Waits for the batch in flight, which is free for the next once every writer is done with it, whether they
    /// succeeded or not (the task ends when all of them have); a failure is rethrown as itself.</summary>
    private void WaitForPending()
    {
        Task pending = _pending;
        _pending = Task.CompletedTask;
        try
        {
            pending.GetAwaiter().GetResult();
        }
        finally
        {
            if (_inFlight is not null)
            {
                _free = _inFlight;
                _inFlight = null;
            }
        }
    }
}
