using System.Text.Json;
using Sim.Export.Manifest;
using Sim.Export.Report;
using Sim.Tests.Infrastructure;

namespace Sim.Cli.Tests.Report;

/// <summary><c>sim report</c> on datasets written in fewer formats: a ledger with only Parquet files (rows read from
/// transactions.parquet) and a sensor dataset with only KITTI files (the manifest's counts alone).</summary>
public sealed class ReportSourcesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-report-sources-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void Run(params string[] args)
    {
        CliResult r = CliRun.Sim(args);
        Assert.True(r.ExitCode == ExitCodes.Success, $"sim {string.Join(' ', args)}: {r.Stderr}");
    }

    private JsonElement Report(string folder)
    {
        Run("report", folder, "--out", Path.Combine(_dir, "report"));
        return JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir, "report", QualityReport.FileName))).RootElement.Clone();
    }

    [Fact]
    public void A_parquet_only_ledger_is_read_from_its_parquet_file()
    {
        string scenario = Path.Combine(_dir, "bank.yaml");
        File.WriteAllText(scenario, LedgerRunTests.Scenario);
        string dataset = Path.Combine(_dir, "bank", "v000000");
        Run("run", scenario, "--variation", "0", "--formats", "parquet", "--out", Path.Combine(_dir, "bank"));
        Assert.False(File.Exists(Path.Combine(dataset, "transactions.csv")));

        JsonElement l = Report(dataset).GetProperty("ledger");

        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dataset, DatasetManifest.FileName)));
        JsonElement counts = manifest.RootElement.GetProperty("counts");
        Assert.Equal(counts.GetProperty("transactions").GetInt64(), l.GetProperty("transactions").GetInt64());
        Assert.Equal(counts.GetProperty("fraud").GetInt64(), l.GetProperty("fraud").GetInt64());
        Assert.Equal(counts.GetProperty("laundering").GetInt64(), l.GetProperty("laundering").GetInt64());
        Assert.Equal(counts.GetProperty("transactions").GetInt64(), l.GetProperty("per_day").GetProperty("transactions").EnumerateArray().Sum(d => d.GetInt64()));
        Assert.Equal(7, l.GetProperty("per_day").GetProperty("transactions").GetArrayLength());
    }

    [Fact]
    public void A_kitti_only_dataset_contributes_its_manifest_counts()
    {
        string golden = RepositoryRoot.Combine("tests", "Sim.Cli.Tests", "Golden", "tiny-street.yaml");
        Run("run", golden, "--variation", "0", "--frames", "1", "--backend", "cpu", "--formats", "kitti", "--out", Path.Combine(_dir, "street"));

        JsonElement s = Report(Path.Combine(_dir, "street")).GetProperty("sensor");

        DatasetManifest m = DatasetManifest.Read(Path.Combine(_dir, "street", "v000000", DatasetManifest.FileName));
        Assert.Equal(new Dictionary<string, long> { ["manifest"] = 1 }, s.GetProperty("label_sources").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64()));
        Assert.Equal(m.LabelsPerClass.ToDictionary(c => c.Key, c => (long)c.Value), s.GetProperty("manifest_labels_per_class").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64()));
        Assert.Empty(s.GetProperty("labels_per_class").EnumerateObject());
        Assert.True(File.Exists(Path.Combine(_dir, "report", "class_balance.png")));
    }
}
