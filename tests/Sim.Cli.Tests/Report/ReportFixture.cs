using Sim.Tests.Infrastructure;

namespace Sim.Cli.Tests.Report;

/// <summary>
/// A small batch folder made once for the report tests by running <c>sim run</c> in-process: two variations of the
/// golden street scenario with its weather drawn at random (2 frames each, CPU backend), one variation of the small bank
/// of <see cref="LedgerRunTests"/>, and an incomplete variation folder (no manifest); then <c>sim report</c> on it.
/// </summary>
public sealed class ReportFixture : IDisposable
{
    public ReportFixture()
    {
        string street = File.ReadAllText(RepositoryRoot.Combine("tests", "Sim.Cli.Tests", "Golden", "tiny-street.yaml"))
            .Replace("time_of_day: 17", "time_of_day: uniform(6, 20)", StringComparison.Ordinal)
            .Replace("rain: 0.3", "rain: uniform(0, 1)", StringComparison.Ordinal)
            .Replace("fog_visibility: 400", "fog_visibility: uniform(200, 2000)", StringComparison.Ordinal);
        Assert.Contains("uniform(200, 2000)", street, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(Root, "street.yaml"), street);
        File.WriteAllText(Path.Combine(Root, "bank.yaml"), LedgerRunTests.Scenario); // a week of a 2,000-customer bank
        Run("run", Path.Combine(Root, "street.yaml"), "--variations", "2", "--frames", "2", "--backend", "cpu", "--out", Path.Combine(Batch, "tiny-street"));
        Run("run", Path.Combine(Root, "bank.yaml"), "--variation", "0", "--out", Path.Combine(Batch, "tiny-bank"));
        Directory.CreateDirectory(Path.Combine(Batch, "tiny-street", "v000002")); // a killed shard: no manifest
        Result = CliRun.Sim("report", Batch);
    }

    /// <summary>The temporary folder holding everything.</summary>
    public string Root { get; } = Directory.CreateTempSubdirectory("sim-report-").FullName;

    /// <summary>The batch folder: <c>tiny-street/v000000</c>, <c>v000001</c>, <c>v000002</c> (incomplete),
    /// <c>tiny-bank/v000000</c>.</summary>
    public string Batch => Path.Combine(Root, "batch");

    /// <summary>Where <c>sim report</c> wrote by default.</summary>
    public string Output => Path.Combine(Batch, "report");

    /// <summary>The report's run.</summary>
    internal CliResult Result { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static void Run(params string[] args)
    {
        CliResult r = CliRun.Sim(args);
        Assert.True(r.ExitCode == ExitCodes.Success, $"sim {string.Join(' ', args)}: {r.Stderr}");
    }
}
