using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Parquet;
using Sim.Export.Manifest;

namespace Sim.Export.Ledger;

/// <summary>What <see cref="LedgerInspector.Inspect"/> found in a ledger dataset.</summary>
/// <param name="Folder">The dataset folder.</param>
/// <param name="Summary">One line about the dataset (scenario, variation, seed, period), empty when the manifest is unreadable.</param>
/// <param name="Transactions">Rows of transactions.csv (or of transactions.parquet when there is no CSV).</param>
/// <param name="Fraud">Rows labelled fraud (CSV only; −1 when not read).</param>
/// <param name="Laundering">Rows labelled laundering (CSV only; −1 when not read).</param>
/// <param name="Bytes">Bytes of the files the manifest lists.</param>
/// <param name="Files">Files the manifest lists.</param>
/// <param name="Problems">Every problem, each naming its file (and row where there is one).</param>
public sealed record LedgerReport(string Folder, string Summary, long Transactions, long Fraud, long Laundering, long Bytes, int Files, IReadOnlyList<string> Problems)
{
    /// <summary>Whether nothing is wrong.</summary>
    public bool IsConsistent => Problems.Count == 0;
}

/// <summary>
/// Checks a ledger dataset as an independent reader would: every file the manifest lists is there at its size and
/// SHA-256 and nothing else is; transactions.csv is read row by row — ids consecutive from 1, times in order, each row
/// debiting one account and crediting another by its amount, and every account's balances chaining from one row to its
/// next (so the ledger balances) — and its row and label counts are the manifest's; the Parquet files hold as many rows.
/// Memory: one balance per account seen.
/// </summary>
public static class LedgerInspector
{
    /// <summary>Whether <paramref name="folder"/> holds a ledger manifest.</summary>
    public static bool IsLedger(string folder) => LedgerManifest.RunKeyOf(Path.Combine(folder, DatasetManifest.FileName)) is not null;

    /// <summary>Inspects the ledger in <paramref name="folder"/>.</summary>
    public static LedgerReport Inspect(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var problems = new List<string>();
        string manifestPath = Path.Combine(folder, DatasetManifest.FileName);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return new LedgerReport(folder, "", 0, -1, -1, 0, 0, [$"{manifestPath}: not a readable manifest ({e.Message})"]);
        }

        using (doc)
        {
            try
            {
                JsonElement root = doc.RootElement;
                JsonElement scenario = root.GetProperty("scenario"), finance = root.GetProperty("finance"), counts = root.GetProperty("counts");
                string summary = string.Create(CultureInfo.InvariantCulture,
                    $"{scenario.GetProperty("name").GetString()} variation {scenario.GetProperty("variation").GetInt32()}, seed {scenario.GetProperty("seed").GetUInt64()}; {finance.GetProperty("customers").GetInt32():N0} customers, {finance.GetProperty("days").GetInt32()} days from {finance.GetProperty("start").GetString()}, {finance.GetProperty("currency").GetString()}");
                long bytes = 0;
                var listed = new HashSet<string>(StringComparer.Ordinal);
                foreach (JsonElement f in root.GetProperty("files").EnumerateArray())
                {
                    string relative = f.GetProperty("path").GetString()!;
                    listed.Add(relative);
                    bytes += f.GetProperty("bytes").GetInt64();
                    CheckFile(Path.Combine(folder, relative), f.GetProperty("bytes").GetInt64(), f.GetProperty("sha256").GetString()!, problems);
                }

                foreach (string file in DatasetManifest.ListPaths(folder).Where(p => !listed.Contains(p)))
                {
                    problems.Add($"{Path.Combine(folder, file)}: not listed in the manifest");
                }

                long expected = counts.GetProperty("transactions").GetInt64();
                long rows = -1, fraud = -1, laundering = -1;
                string csv = Path.Combine(folder, LedgerWriter.TransactionsCsv);
                if (File.Exists(csv))
                {
                    (rows, fraud, laundering) = CheckTransactions(csv, problems);
                    Compare(csv, "fraud rows", fraud, counts.GetProperty("fraud").GetInt64(), problems);
                    Compare(csv, "laundering rows", laundering, counts.GetProperty("laundering").GetInt64(), problems);
                }

                foreach (string parquet in new[] { LedgerWriter.TransactionsParquet }.Select(n => Path.Combine(folder, n)).Where(File.Exists))
                {
                    long parquetRows = ParquetRows(parquet, problems);
                    rows = rows < 0 ? parquetRows : rows;
                    Compare(parquet, "rows", parquetRows, expected, problems);
                }

                if (File.Exists(csv))
                {
                    Compare(csv, "rows", rows, expected, problems);
                }

                return new LedgerReport(folder, summary, Math.Max(0, rows), fraud, laundering, bytes, listed.Count, problems);
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
            {
                problems.Add($"{manifestPath}: a field is missing or of the wrong type ({e.Message})");
                return new LedgerReport(folder, "", 0, -1, -1, 0, 0, problems);
            }
        }
    }

    private static void Compare(string path, string what, long found, long manifest, List<string> problems)
    {
        if (found >= 0 && found != manifest)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: {found:N0} {what}, the manifest says {manifest:N0}"));
        }
    }

    private static void CheckFile(string path, long size, string sha256, List<string> problems)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            problems.Add($"{path}: listed in the manifest but missing");
            return;
        }

        if (info.Length != size)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: {info.Length:N0} bytes, the manifest says {size:N0}"));
            return;
        }

        using FileStream stream = File.OpenRead(path);
        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(stream)), sha256, StringComparison.Ordinal))
        {
            problems.Add($"{path}: its SHA-256 is not the manifest's (the file was changed)");
        }
    }

    private static long ParquetRows(string path, List<string> problems)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            ParquetReader reader = ParquetSupport.Wait(ParquetReader.CreateAsync(stream, null, leaveStreamOpen: true));
            try
            {
                return reader.Metadata?.NumRows ?? -1;
            }
            finally
            {
                ParquetSupport.Wait(reader.DisposeAsync());
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException)
        {
            problems.Add($"{path}: not a readable Parquet file ({e.Message})");
            return -1;
        }
    }

    /// <summary>Reads transactions.csv row by row; returns its rows and label counts.</summary>
    private static (long Rows, long Fraud, long Laundering) CheckTransactions(string path, List<string> problems)
    {
        const int MaxProblems = 20;
        using var reader = new CsvRecordReader(path);
        var fields = new List<string>();
        if (!reader.Read(fields))
        {
            problems.Add($"{path}: empty (no header)");
            return (0, 0, 0);
        }

        int Column(string name)
        {
            int i = fields.IndexOf(name);
            if (i < 0)
            {
                throw new FormatException($"{path}: no column '{name}'");
            }

            return i;
        }

        int id = Column("id"), time = Column("time"), amount = Column("amount"), from = Column("from_account"), to = Column("to_account");
        int fromBefore = Column("from_balance_before"), fromAfter = Column("from_balance_after"), toBefore = Column("to_balance_before"), toAfter = Column("to_balance_after");
        int isFraud = Column("is_fraud"), isLaundering = Column("is_laundering");
        int columns = fields.Count;
        var balances = new Dictionary<string, long>(StringComparer.Ordinal);
        long rows = 0, fraud = 0, laundering = 0;
        string lastTime = "";
        int found = problems.Count;
        void Problem(string message)
        {
            if (problems.Count - found < MaxProblems)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}:{reader.Line}: {message}"));
            }
        }

        long Money(int column)
        {
            long? value = LedgerText.Money(fields[column]);
            if (value is null)
            {
                Problem($"{fields[column]} is not an amount with two decimals");
            }

            return value ?? 0;
        }

        void Chain(string account, long before, long after)
        {
            if (balances.TryGetValue(account, out long last) && last != before)
            {
                Problem(string.Create(CultureInfo.InvariantCulture, $"{account}'s balance before is {before / 100.0:0.00}, after its previous row it was {last / 100.0:0.00}"));
            }

            balances[account] = after;
        }

        while (reader.Read(fields))
        {
            rows++;
            if (fields.Count != columns)
            {
                Problem($"{fields.Count} fields, the header has {columns}");
                continue;
            }

            if (fields[id] != rows.ToString(CultureInfo.InvariantCulture))
            {
                Problem($"id {fields[id]}, expected {rows} (ids count from 1)");
            }

            if (string.CompareOrdinal(fields[time], lastTime) < 0)
            {
                Problem($"time {fields[time]} is before the previous row's {lastTime}");
            }

            lastTime = fields[time];
            long value = Money(amount);
            long fb = Money(fromBefore), fa = Money(fromAfter), tb = Money(toBefore), ta = Money(toAfter);
            if (value <= 0 || fb - value != fa || tb + value != ta || fields[from] == fields[to])
            {
                Problem("the row does not debit one account and credit another by its amount");
            }

            Chain(fields[from], fb, fa);
            Chain(fields[to], tb, ta);
            fraud += fields[isFraud] == "1" ? 1 : 0;
            laundering += fields[isLaundering] == "1" ? 1 : 0;
        }

        if (problems.Count - found >= MaxProblems)
        {
            problems.Add($"{path}: more problems not listed");
        }

        return (rows, fraud, laundering);
    }
}
