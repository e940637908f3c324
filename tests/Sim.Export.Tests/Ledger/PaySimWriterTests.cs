using Sim.Core.Finance;
using Sim.Export.Ledger;

namespace Sim.Export.Tests.Ledger;

public sealed class PaySimWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-ledger-paysim-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_header_is_PaySims_byte_for_byte()
    {
        string[] lines = Write(LedgerTestData.Create(entries: 10));
        Assert.Equal("step,type,amount,nameOrig,oldbalanceOrg,newbalanceOrig,nameDest,oldbalanceDest,newbalanceDest,isFraud,isFlaggedFraud", lines[0]);
        Assert.Equal(string.Join(',', LedgerColumns.PaySim), lines[0]);
    }

    [Theory]
    [InlineData(TransactionType.CardPresent, "PAYMENT")]
    [InlineData(TransactionType.CardNotPresent, "PAYMENT")]
    [InlineData(TransactionType.Payment, "PAYMENT")]
    [InlineData(TransactionType.Transfer, "TRANSFER")]
    [InlineData(TransactionType.CashOut, "CASH_OUT")]
    [InlineData(TransactionType.CashIn, "CASH_IN")]
    [InlineData(TransactionType.Salary, "CASH_IN")]
    [InlineData(TransactionType.Refund, "CASH_IN")]
    [InlineData(TransactionType.Chargeback, "CASH_IN")]
    public void Types_map_to_PaySims_five(TransactionType type, string paysim) => Assert.Equal(paysim, LedgerNames.PaySimType(type));

    [Fact]
    public void Rows_follow_PaySims_conventions()
    {
        LedgerTestData data = LedgerTestData.Create();
        string[] lines = Write(data);
        TransactionBatch all = LedgerTestData.Concat(data.Batches);
        Assert.Equal(all.Count + 2, lines.Length); // header, rows, and the empty string after the last LF
        string[] ids = data.Context.Accounts.Id;
        int flagged = 0;
        for (int i = 0; i < all.Count; i++)
        {
            string[] f = lines[i + 1].Split(',');
            Assert.Equal(11, f.Length);
            Assert.Equal(((all.Time[i] - data.Context.StartUnixSeconds) / 3600) + 1, long.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture)); // PaySim's first hour is step 1
            Assert.Equal(LedgerNames.PaySimType(all.Type[i]), f[1]);
            bool cashIn = f[1] == "CASH_IN";

            // PaySim's origin is the customer: credited for CASH_IN (the balance rises), debited otherwise.
            (int orig, long oldOrig, long newOrig, int dest, long oldDest, long newDest) = cashIn
                ? (all.To[i], all.ToBefore[i], all.ToAfter[i], all.From[i], all.FromBefore[i], all.FromAfter[i])
                : (all.From[i], all.FromBefore[i], all.FromAfter[i], all.To[i], all.ToBefore[i], all.ToAfter[i]);
            Assert.Equal([Money(all.Amount[i]), ids[orig], Money(oldOrig), Money(newOrig), ids[dest], Money(oldDest), Money(newDest)], f[2..9]);
            Assert.Equal(all.IsFraud[i] ? "1" : "0", f[9]); // the fraud truth only: laundering is another target
            bool flag = all.Type[i] == TransactionType.Transfer && all.Amount[i] > 20_000_000;
            Assert.Equal(flag ? "1" : "0", f[10]);
            flagged += flag ? 1 : 0;
        }

        Assert.Equal(1, flagged); // 200,000.01 is flagged, 200,000.00 (also in the data) is not
        Assert.Contains(lines, l => l.Contains(",200000.00,", StringComparison.Ordinal) && l.EndsWith(",0", StringComparison.Ordinal));
        Assert.Contains(all.IsLaundering.Take(all.Count), l => l);
    }

    private string[] Write(LedgerTestData data)
    {
        string path = Path.Combine(_dir, "paysim.csv");
        using (var writer = new PaySimWriter(path, data.Context))
        {
            data.WriteAll(writer);
        }

        return File.ReadAllText(path).Split('\n');
    }

    private static string Money(long cents) => (cents / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}
