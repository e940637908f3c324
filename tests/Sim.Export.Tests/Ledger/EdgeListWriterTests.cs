using System.Globalization;
using Sim.Core.Finance;
using Sim.Export.Ledger;

namespace Sim.Export.Tests.Ledger;

public sealed class EdgeListWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-ledger-edges-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void One_edge_per_entry_from_the_debited_to_the_credited_account()
    {
        LedgerTestData data = LedgerTestData.Create(entries: 600);
        string path = Path.Combine(_dir, "edges.csv");
        using (var writer = new EdgeListWriter(path, data.Context))
        {
            data.WriteAll(writer);
        }

        string[] lines = File.ReadAllText(path).Split('\n');
        Assert.Equal("src,dst,time,amount,type,is_fraud,is_laundering,pattern_id", lines[0]);
        TransactionBatch all = LedgerTestData.Concat(data.Batches);
        Assert.Equal(all.Count + 2, lines.Length);
        string[] ids = data.Context.Accounts.Id;
        for (int i = 0; i < all.Count; i++)
        {
            string expected = string.Join(',',
                ids[all.From[i]], ids[all.To[i]], all.Time[i].ToString(CultureInfo.InvariantCulture), (all.Amount[i] / 100m).ToString("0.00", CultureInfo.InvariantCulture),
                FinanceNames.Of(all.Type[i]), all.IsFraud[i] ? "1" : "0", all.IsLaundering[i] ? "1" : "0", all.Pattern[i] >= 0 ? all.Pattern[i].ToString(CultureInfo.InvariantCulture) : "");
            Assert.Equal(expected, lines[i + 1]);
        }
    }
}
