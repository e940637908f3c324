using System.Globalization;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Sim.Export.Ledger;
using Sim.Export.Manifest;

namespace Sim.Export.Report;

/// <summary>Entries of one day (counted from each ledger's first day), over every ledger added.</summary>
/// <param name="Transactions">Entries posted that day.</param>
/// <param name="Fraud">Of them, labelled fraud.</param>
/// <param name="Laundering">Of them, labelled laundering.</param>
public readonly record struct DayCounts(long Transactions, long Fraud, long Laundering);

/// <summary>One finding of the leakage check (<c>leakage.json</c>), over every ledger that has it: the same column, label,
/// source and measure across ledgers make one row.</summary>
/// <param name="Label">The label scored (<c>is_fraud</c>, <c>is_laundering</c>).</param>
/// <param name="Column">The column (or derived feature) that was scored.</param>
/// <param name="Source"><c>column</c>, <c>derived</c> or <c>observed_label</c>.</param>
/// <param name="Measure"><c>auc</c> or <c>rule_precision</c>.</param>
/// <param name="Ledgers">Ledgers that scored it.</param>
/// <param name="Flagged">Ledgers where it was flagged as a leak.</param>
/// <param name="Min">Lowest value of the measure.</param>
/// <param name="Max">Highest value of the measure.</param>
/// <param name="Explanation">The explanation in the first ledger that flagged it, else in the first that scored it.</param>
public sealed record LeakageRow(string Label, string Column, string Source, string Measure, int Ledgers, int Flagged, double Min, double Max, string Explanation);

/// <summary>
/// The numbers behind a report's ledger plots, summed over every ledger added, in the order added: entries and labels
/// per day, amounts of legitimate, fraud and laundering entries (logarithmic bins), entries and patterns per typology,
/// and the leakage check's findings. Rows are streamed from <c>transactions.csv</c> (or, without it,
/// <c>transactions.parquet</c>, a row group at a time), reading only the columns the report needs, so it takes no
/// account table; memory is the fixed bins plus one count per day.
/// </summary>
public sealed class LedgerStatistics
{
    /// <summary>Amount bins: ten per decade from 0.01 to 10⁸ (in the ledger's currency).</summary>
    public const int AmountBins = 100;

    /// <summary>The most days a ledger may span (a century): guards the per-day counts against a corrupt time.</summary>
    public const int MaxDays = 36_600;

    private readonly List<DayCounts> _days = [];
    private readonly SortedDictionary<string, long> _typologyRows = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _manifestTypologyRows = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _typologyPatterns = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _currencies = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string, string, string), LeakageRow> _leakage = [];
    private readonly List<(string, string, string, string)> _leakageOrder = [];

    /// <summary>Ledgers added.</summary>
    public int Datasets { get; private set; }

    /// <summary>Ledgers that had a <c>leakage.json</c>.</summary>
    public int LeakageChecked { get; private set; }

    /// <summary>Entries read.</summary>
    public long Transactions { get; private set; }

    /// <summary>Entries read that are labelled fraud.</summary>
    public long Fraud { get; private set; }

    /// <summary>Entries read that are labelled laundering.</summary>
    public long Laundering { get; private set; }

    /// <summary>Entries the manifests count.</summary>
    public long ManifestTransactions { get; private set; }

    /// <summary>Fraud entries the manifests count.</summary>
    public long ManifestFraud { get; private set; }

    /// <summary>Laundering entries the manifests count.</summary>
    public long ManifestLaundering { get; private set; }

    /// <summary>Patterns the manifests count.</summary>
    public long ManifestPatterns { get; private set; }

    /// <summary>The currencies of the ledgers (amounts of different currencies share the amount bins).</summary>
    public IReadOnlyCollection<string> Currencies => _currencies;

    /// <summary>Counts per day since each ledger's first day.</summary>
    public IReadOnlyList<DayCounts> Days => _days;

    /// <summary>Amounts of entries labelled neither fraud nor laundering.</summary>
    public Histogram LegitimateAmounts { get; } = NewAmounts();

    /// <summary>Amounts of entries labelled fraud.</summary>
    public Histogram FraudAmounts { get; } = NewAmounts();

    /// <summary>Amounts of entries labelled laundering.</summary>
    public Histogram LaunderingAmounts { get; } = NewAmounts();

    /// <summary>Labelled entries (fraud or laundering) per typology, as read: what the manifests' <c>by_typology</c> counts.</summary>
    public IReadOnlyDictionary<string, long> TypologyRows => _typologyRows;

    /// <summary>Entries per typology as the manifests count them (<c>counts.by_typology</c>).</summary>
    public IReadOnlyDictionary<string, long> ManifestTypologyRows => _manifestTypologyRows;

    /// <summary>Pattern instances per typology, from <c>patterns.csv</c>.</summary>
    public IReadOnlyDictionary<string, long> TypologyPatterns => _typologyPatterns;

    /// <summary>The leakage findings, in the order first seen.</summary>
    public IReadOnlyList<LeakageRow> Leakage => [.. _leakageOrder.Select(k => _leakage[k])];

    private static Histogram NewAmounts() => new(0.01, 1e8, AmountBins, log10: true);

    /// <summary>Adds the ledger in <paramref name="folder"/>.</summary>
    /// <exception cref="ReportInputException">Its manifest, transactions, patterns or leakage file does not read; the
    /// message names the file (and line or field).</exception>
    public void Add(string folder)
    {
        string manifest = Path.Combine(folder, DatasetManifest.FileName);
        long start = ReadManifest(manifest);
        Datasets++;
        string csv = Path.Combine(folder, LedgerWriter.TransactionsCsv);
        string parquet = Path.Combine(folder, LedgerWriter.TransactionsParquet);
        try
        {
            if (File.Exists(csv))
            {
                ReadCsv(csv, start);
            }
            else if (File.Exists(parquet))
            {
                ReadParquet(parquet, start);
            }
            else
            {
                throw new ReportInputException($"{folder}: neither {LedgerWriter.TransactionsCsv} nor {LedgerWriter.TransactionsParquet}");
            }

            string patterns = Path.Combine(folder, LedgerWriter.PatternsCsv);
            if (File.Exists(patterns))
            {
                CountColumn(patterns, "typology", _typologyPatterns);
            }
        }
        catch (Exception e) when (e is LedgerFormatException or IOException or InvalidDataException or NotSupportedException)
        {
            throw new ReportInputException(e.Message, e);
        }

        string leakage = Path.Combine(folder, LeakageReport.FileName);
        if (File.Exists(leakage))
        {
            ReadLeakage(leakage);
        }
    }

    /// <summary>Reads the counts; returns the first day's midnight (Unix seconds).</summary>
    private long ReadManifest(string path)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement root = doc.RootElement, finance = root.GetProperty("finance"), counts = root.GetProperty("counts");
            DateOnly start = DateOnly.ParseExact(finance.GetProperty("start").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            _currencies.Add(finance.GetProperty("currency").GetString()!);
            ManifestTransactions += counts.GetProperty("transactions").GetInt64();
            ManifestFraud += counts.GetProperty("fraud").GetInt64();
            ManifestLaundering += counts.GetProperty("laundering").GetInt64();
            ManifestPatterns += counts.GetProperty("patterns").GetInt64();
            foreach (JsonProperty t in counts.GetProperty("by_typology").EnumerateObject())
            {
                _manifestTypologyRows[t.Name] = _manifestTypologyRows.GetValueOrDefault(t.Name) + t.Value.GetInt64();
            }

            return ParquetSupport.ToUnix(start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentNullException)
        {
            throw new ReportInputException($"{path}: not a readable ledger manifest ({e.Message})", e);
        }
    }

    /// <summary>Counts one entry; false (nothing counted) when its time is outside the ledger's days, which the caller
    /// reports with the row's place.</summary>
    private bool Count(long time, long start, double amount, bool fraud, bool laundering, string? typology)
    {
        long day = (time - start) / 86_400;
        if (time < start || day >= MaxDays)
        {
            return false;
        }

        while (_days.Count <= day)
        {
            _days.Add(default);
        }

        DayCounts d = _days[(int)day];
        _days[(int)day] = new DayCounts(d.Transactions + 1, d.Fraud + (fraud ? 1 : 0), d.Laundering + (laundering ? 1 : 0));
        Transactions++;
        Fraud += fraud ? 1 : 0;
        Laundering += laundering ? 1 : 0;
        (fraud ? FraudAmounts : laundering ? LaunderingAmounts : LegitimateAmounts).Add(amount);
        if (fraud && laundering)
        {
            LaunderingAmounts.Add(amount);
        }

        if ((fraud || laundering) && typology is not null and not "none")
        {
            _typologyRows[typology] = _typologyRows.GetValueOrDefault(typology) + 1;
        }

        return true;
    }

    private static string OutsideDays(long time) =>
        string.Create(CultureInfo.InvariantCulture, $"time {ParquetSupport.FromUnix(time):yyyy-MM-ddTHH:mm:ssZ} is before the ledger's first day or {MaxDays:N0} days after it");

    private void ReadCsv(string path, long start)
    {
        using var reader = new CsvRecordReader(path);
        var fields = new List<string>();
        if (!reader.Read(fields))
        {
            throw new LedgerFormatException(path, "line 1", "empty (no header)");
        }

        int Column(string name) => fields.IndexOf(name) is >= 0 and int i ? i : throw new LedgerFormatException(path, "line 1", $"no column '{name}'");
        int time = Column("time"), amount = Column("amount"), fraud = Column("is_fraud"), laundering = Column("is_laundering"), typology = Column("typology");
        int columns = fields.Count;
        while (reader.Read(fields))
        {
            if (fields.Count != columns)
            {
                throw new LedgerFormatException(path, $"line {reader.Line}", $"{fields.Count} fields, the header has {columns}");
            }

            long t = LedgerText.Time(fields[time]) ?? throw new LedgerFormatException(path, $"line {reader.Line}, column time", $"'{fields[time]}' is not an ISO 8601 UTC time");
            long cents = LedgerText.Money(fields[amount]) ?? throw new LedgerFormatException(path, $"line {reader.Line}, column amount", $"'{fields[amount]}' is not an amount");
            bool f = LedgerText.Flag(fields[fraud]) ?? throw new LedgerFormatException(path, $"line {reader.Line}, column is_fraud", $"'{fields[fraud]}' is not 0 or 1");
            bool l = LedgerText.Flag(fields[laundering]) ?? throw new LedgerFormatException(path, $"line {reader.Line}, column is_laundering", $"'{fields[laundering]}' is not 0 or 1");
            if (!Count(t, start, ParquetSupport.Major(cents), f, l, fields[typology]))
            {
                throw new LedgerFormatException(path, $"line {reader.Line}, column time", OutsideDays(t));
            }
        }
    }

    private void ReadParquet(string path, long start)
    {
        using FileStream stream = File.OpenRead(path);
        ParquetReader reader = ParquetSupport.Wait(ParquetReader.CreateAsync(stream, null, leaveStreamOpen: true));
        try
        {
            DataField[] fields = reader.Schema.GetDataFields();
            DataField Field(string name) => fields.FirstOrDefault(f => f.Name == name) ?? throw new LedgerFormatException(path, null, $"no column '{name}'");
            DataField time = Field("time"), amount = Field("amount"), fraud = Field("is_fraud"), laundering = Field("is_laundering"), typology = Field("typology");
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
                int n = checked((int)group.RowCount);
                var times = new DateTime[n];
                var amounts = new double[n];
                var frauds = new bool[n];
                var launderings = new bool[n];
                var typologies = new string?[n];
                ParquetSupport.Wait(group.ReadAsync<DateTime>(time, times.AsMemory()));
                ParquetSupport.Wait(group.ReadAsync<double>(amount, amounts.AsMemory()));
                ParquetSupport.Wait(group.ReadAsync<bool>(fraud, frauds.AsMemory()));
                ParquetSupport.Wait(group.ReadAsync<bool>(laundering, launderings.AsMemory()));
                ParquetSupport.Wait(group.ReadAsync(typology, typologies.AsMemory()!));
                for (int i = 0; i < n; i++)
                {
                    long t = ParquetSupport.ToUnix(times[i]);
                    if (!Count(t, start, amounts[i], frauds[i], launderings[i], typologies[i]))
                    {
                        throw new LedgerFormatException(path, $"row group {g}, row {i}, column time", OutsideDays(t));
                    }
                }
            }
        }
        finally
        {
            ParquetSupport.Wait(reader.DisposeAsync());
        }
    }

    private static void CountColumn(string path, string column, SortedDictionary<string, long> counts)
    {
        using var reader = new CsvRecordReader(path);
        var fields = new List<string>();
        if (!reader.Read(fields))
        {
            return;
        }

        int c = fields.IndexOf(column) is >= 0 and int i ? i : throw new LedgerFormatException(path, "line 1", $"no column '{column}'");
        while (reader.Read(fields))
        {
            string value = c < fields.Count ? fields[c] : throw new LedgerFormatException(path, $"line {reader.Line}", $"no field '{column}'");
            counts[value] = counts.GetValueOrDefault(value) + 1;
        }
    }

    private void ReadLeakage(string path)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
            LeakageChecked++;
            foreach (JsonElement f in doc.RootElement.GetProperty("findings").EnumerateArray())
            {
                var key = (f.GetProperty("label").GetString()!, f.GetProperty("column").GetString()!, f.GetProperty("source").GetString()!, f.GetProperty("measure").GetString()!);
                double value = f.GetProperty("value").GetDouble();
                bool flagged = f.GetProperty("flagged").GetBoolean();
                string explanation = f.GetProperty("explanation").GetString()!;
                if (_leakage.TryGetValue(key, out LeakageRow? row))
                {
                    _leakage[key] = row with
                    {
                        Ledgers = row.Ledgers + 1,
                        Flagged = row.Flagged + (flagged ? 1 : 0),
                        Min = Math.Min(row.Min, value),
                        Max = Math.Max(row.Max, value),
                        Explanation = flagged && row.Flagged == 0 ? explanation : row.Explanation,
                    };
                }
                else
                {
                    _leakage[key] = new LeakageRow(key.Item1, key.Item2, key.Item3, key.Item4, 1, flagged ? 1 : 0, value, value, explanation);
                    _leakageOrder.Add(key);
                }
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ReportInputException($"{path}: not a readable leakage check ({e.Message})", e);
        }
    }
}
