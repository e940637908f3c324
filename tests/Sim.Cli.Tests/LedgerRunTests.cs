using System.Security.Cryptography;
using System.Text.Json;
using Sim.Core.Finance;
using Sim.Export.Ledger;
using Sim.Export.Manifest;

namespace Sim.Cli.Tests;

public sealed class LedgerRunTests : IDisposable
{
    internal const string Scenario = """
        meta:
          name: tiny-bank
          description: A small bank for tests.
          seed: 5
        finance:
          customers: 2000
          merchants: 80
          days: 7
          start: 2026-01-19
          currency: EUR
          fraud_rate: 0.01
          laundering_rate: 0.005
          typologies:
            - { type: account_takeover, weight: 1 }
            - { type: card_testing, weight: 1 }
            - { type: fan_out, weight: 1, degree: 4 }
            - { type: structuring, weight: 1 }
        variations:
          count: 2
        """;

    private static readonly string[] Files =
    [
        "accounts.csv", "accounts.parquet", "edges.csv", "leakage.json", "manifest.json", "patterns.csv", "patterns.parquet",
        "paysim.csv", "transactions.csv", "transactions.parquet",
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("sim-ledger-run-").FullName;

    private string File => Path.Combine(_dir, "tiny-bank.yaml");

    public LedgerRunTests() => System.IO.File.WriteAllText(File, Scenario);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private CliResult Run(string output, params string[] extra) => CliRun.Sim(["run", File, "--variation", "0", "--out", Path.Combine(_dir, output), .. extra]);

    private static Dictionary<string, string> Hashes(string folder) =>
        Directory.GetFiles(folder).Where(f => Path.GetFileName(f) != "manifest.json").ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexStringLower(SHA256.HashData(System.IO.File.ReadAllBytes(f))));

    [Fact]
    public void A_ledger_scenario_runs_to_a_complete_dataset_whose_manifest_vouches_for_every_file()
    {
        CliResult r = Run("out");
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        string folder = Path.Combine(_dir, "out", "v000000");
        Assert.Equal(Files, Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Matches(@"v000000: 7 days, [0-9,]+ transactions \([0-9.]+ % fraud, [0-9.]+ % laundering\), [0-9,]+ patterns, 9 files", r.Stdout);

        using JsonDocument manifest = JsonDocument.Parse(System.IO.File.ReadAllBytes(Path.Combine(folder, "manifest.json")));
        JsonElement root = manifest.RootElement;
        Assert.Equal(LedgerManifest.Format, root.GetProperty("format").GetString());
        Dictionary<string, string> hashes = Hashes(folder);
        Assert.Equal(hashes, root.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("sha256").GetString()!));

        // The counts agree with the files: rows of transactions.csv, and the labels in them.
        string[] lines = System.IO.File.ReadAllLines(Path.Combine(folder, "transactions.csv"));
        string[] header = lines[0].Split(',');
        int isFraud = Array.IndexOf(header, "is_fraud"), isLaundering = Array.IndexOf(header, "is_laundering");
        JsonElement counts = root.GetProperty("counts");
        Assert.Equal(lines.Length - 1, counts.GetProperty("transactions").GetInt64());
        Assert.Equal(lines.Skip(1).Count(l => l.Split(',')[isFraud] == "1"), counts.GetProperty("fraud").GetInt64());
        Assert.Equal(lines.Skip(1).Count(l => l.Split(',')[isLaundering] == "1"), counts.GetProperty("laundering").GetInt64());
        Assert.Equal(lines.Length - 1, System.IO.File.ReadAllLines(Path.Combine(folder, "paysim.csv")).Length - 1);
        Assert.Equal(counts.GetProperty("transactions").GetInt64(), TransactionParquetReader.Read(Path.Combine(folder, "transactions.parquet"), Context(folder)).Sum(b => (long)b.Count));
        Assert.InRange(root.GetProperty("prevalence").GetProperty("fraud").GetProperty("actual").GetDouble(), 0.0095, 0.0105);
    }

    /// <summary>The accounts the run made, read back from accounts.csv's ids (enough for the readers' context).</summary>
    private static LedgerContext Context(string folder)
    {
        string[] rows = System.IO.File.ReadAllLines(Path.Combine(folder, "accounts.csv"));
        var accounts = new AccountTable(rows.Length - 1);
        string[] header = rows[0].Split(',');
        int id = Array.IndexOf(header, "account_id"), kind = Array.IndexOf(header, "kind"), merchant = Array.IndexOf(header, "merchant");
        for (int i = 1; i < rows.Length; i++)
        {
            string[] f = rows[i].Split(',');
            accounts.Id[i - 1] = f[id];
            accounts.Kind[i - 1] = Enum.GetValues<AccountKind>().First(k => FinanceNames.Of(k) == f[kind]);
            accounts.Merchant[i - 1] = f[merchant].Length == 0 ? -1 : int.Parse(f[merchant], System.Globalization.CultureInfo.InvariantCulture);
        }

        return new LedgerContext(accounts, "EUR", new DateOnly(2026, 1, 19));
    }

    [Fact]
    public void The_same_command_makes_the_same_bytes_skips_a_complete_ledger_and_starts_an_unfinished_one_afresh()
    {
        Assert.Equal(ExitCodes.Success, Run("a").ExitCode);
        Dictionary<string, string> first = Hashes(Path.Combine(_dir, "a", "v000000"));

        CliResult again = Run("a");
        Assert.Equal(ExitCodes.Success, again.ExitCode);
        Assert.Contains("complete, made by these same settings; skipped", again.Stdout, StringComparison.Ordinal);

        // What a killed run leaves: temporary files, no manifest.
        string killed = Path.Combine(_dir, "b", "v000000");
        Directory.CreateDirectory(killed);
        System.IO.File.WriteAllText(Path.Combine(killed, $".transactions.csv.4242{Sim.Export.Files.AtomicFile.TempSuffix}"), "id,time\n1,");
        System.IO.File.WriteAllText(Path.Combine(killed, "edges.csv"), "half");
        CliResult resumed = Run("b");
        Assert.True(resumed.ExitCode == ExitCodes.Success, resumed.Stderr);
        Assert.Equal(first, Hashes(killed));
        Assert.DoesNotContain(Directory.GetFiles(killed), f => Path.GetFileName(f).StartsWith('.'));

        // Another variation is another ledger.
        Assert.Equal(ExitCodes.Success, CliRun.Sim("run", File, "--variation", "1", "--out", Path.Combine(_dir, "a")).ExitCode);
        Assert.NotEqual(first["transactions.csv"], Hashes(Path.Combine(_dir, "a", "v000001"))["transactions.csv"]);
    }

    [Fact]
    public void Other_settings_and_foreign_files_are_refused_and_left_alone()
    {
        Assert.Equal(ExitCodes.Success, Run("a", "--formats", "parquet").ExitCode);
        Assert.Equal(["accounts.parquet", "leakage.json", "manifest.json", "patterns.parquet", "transactions.parquet"], Directory.GetFiles(Path.Combine(_dir, "a", "v000000")).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        CliResult other = Run("a", "--formats", "csv");
        Assert.Equal(ExitCodes.Usage, other.ExitCode);
        Assert.Contains("already holds a complete ledger made with other settings", other.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, Run("a", "--formats", "csv", "--overwrite").ExitCode);
        Assert.True(System.IO.File.Exists(Path.Combine(_dir, "a", "v000000", "transactions.csv")));

        string foreign = Path.Combine(_dir, "c", "v000000");
        Directory.CreateDirectory(foreign);
        System.IO.File.WriteAllText(Path.Combine(foreign, "notes.txt"), "mine");
        CliResult refused = Run("c", "--overwrite");
        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.Contains("holds files that are not a Sim ledger's", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.GetFiles(foreign).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("--frames", "3", "--frames applies to driving scenarios")]
    [InlineData("--backend", "cpu", "--backend applies to driving scenarios")]
    [InlineData("--formats", "parquet,kitti", "'kitti' is not a ledger format")]
    public void Options_that_do_not_apply_are_refused_with_the_reason(string option, string value, string message)
    {
        CliResult r = Run("x", option, value);
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains(message, r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "x")));
    }

    [Fact]
    public void A_balanced_variant_keeps_every_labelled_row_and_about_as_many_others_as_rows_of_the_ledger()
    {
        CliResult r = Run("bal", "--formats", "csv,parquet,balanced");
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        string folder = Path.Combine(_dir, "bal", "v000000");
        string[] ledger = System.IO.File.ReadAllLines(Path.Combine(folder, "transactions.csv"));
        string[] balanced = System.IO.File.ReadAllLines(Path.Combine(folder, "transactions_balanced.csv"));
        Assert.Equal(ledger[0], balanced[0]);
        string[] header = ledger[0].Split(',');
        int isFraud = Array.IndexOf(header, "is_fraud"), isLaundering = Array.IndexOf(header, "is_laundering");
        bool Labelled(string line) => line.Split(',')[isFraud] == "1" || line.Split(',')[isLaundering] == "1";

        Assert.Equal(ledger.Skip(1).Where(Labelled), balanced.Skip(1).Where(Labelled)); // every labelled row, in order
        Assert.Empty(balanced.Skip(1).Except(ledger.Skip(1))); // rows of the ledger, unchanged
        int labelled = balanced.Skip(1).Count(Labelled), others = balanced.Length - 1 - labelled;
        Assert.InRange(others, labelled * 0.8, labelled * 1.2);
        Assert.Equal(balanced.Length - 1, TransactionParquetReader.Read(Path.Combine(folder, "transactions_balanced.parquet"), Context(folder)).Sum(b => b.Count));
    }

    [Fact]
    public void Sim_inspect_calls_a_ledger_consistent_and_names_a_tampered_file_and_row()
    {
        Assert.Equal(ExitCodes.Success, Run("i").ExitCode);
        string folder = Path.Combine(_dir, "i", "v000000");
        CliResult ok = CliRun.Sim("inspect", Path.Combine(_dir, "i"));
        Assert.True(ok.ExitCode == ExitCodes.Success, ok.Stderr);
        Assert.Contains("tiny-bank variation 0", ok.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{folder}: consistent", ok.Stdout, StringComparison.Ordinal);

        // A balance changed in one row: the file no longer matches the manifest, and the row no longer adds up.
        string csv = Path.Combine(folder, "transactions.csv");
        string[] lines = System.IO.File.ReadAllLines(csv);
        string[] f = lines[5].Split(',');
        int after = Array.IndexOf(lines[0].Split(','), "from_balance_after");
        f[after] = "123456.78";
        lines[5] = string.Join(',', f);
        System.IO.File.WriteAllText(csv, string.Join('\n', lines) + "\n");
        System.IO.File.WriteAllText(Path.Combine(folder, "extra.txt"), "x");
        CliResult bad = CliRun.Sim("inspect", folder);
        Assert.Equal(ExitCodes.Failure, bad.ExitCode);
        Assert.Matches($"{System.Text.RegularExpressions.Regex.Escape(csv)}: [0-9,]+ bytes, the manifest says [0-9,]+", bad.Stderr);
        Assert.Contains($"{csv}:6: the row does not debit one account and credit another by its amount", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{Path.Combine(folder, "extra.txt")}: not listed in the manifest", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("INCONSISTENT", bad.Stdout, StringComparison.Ordinal);
    }
}
