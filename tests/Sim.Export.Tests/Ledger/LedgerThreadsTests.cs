using System.Security.Cryptography;
using Sim.Core.Finance;
using Sim.Export.Ledger;

namespace Sim.Export.Tests.Ledger;

public sealed class LedgerThreadsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-ledger-threads-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Dictionary<string, string> Write(string name, int threads, int batchRows)
    {
        FinanceSpec spec = FinanceSpec.Default with
        {
            Customers = 3_000, Merchants = 100, Days = 5, FraudRate = 0.01, LaunderingRate = 0.01,
            Typologies = [.. TypologyCatalog.All.Select(t => new TypologySchedule(t, 1, 0, 4, new Dictionary<string, double>()))],
        };
        var simulation = new FinanceSimulation(spec, 99, threads);
        string folder = Path.Combine(_dir, name);
        using (var writer = new LedgerWriter(folder, LedgerContext.For(spec, simulation.Population.Accounts)))
        {
            simulation.Run(writer.Append, batchRows);
            writer.Complete(simulation.Patterns);
        }

        return Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))));
    }

    [Fact]
    public void The_same_seed_writes_byte_identical_csv_and_parquet_whatever_the_thread_count()
    {
        Dictionary<string, string> one = Write("one", threads: 1, batchRows: 20_000);
        Dictionary<string, string> two = Write("two", threads: 2, batchRows: 20_000);
        Assert.Contains("transactions.parquet", one.Keys);
        Assert.Contains("transactions.csv", one.Keys);
        Assert.Equal(one, two);
    }
}
