using Sim.Core.Finance;

namespace Sim.Export.Ledger;

/// <summary>
/// Writes <c>edges.csv</c>, the ledger as a temporal edge list for graph learning: one directed edge per entry from the
/// debited account (<c>src</c>) to the credited one (<c>dst</c>), both public account ids, with <c>time</c> in Unix
/// seconds (an integer, as temporal-graph loaders take it), <c>amount</c> in major units with two decimals, the type's
/// snake-case name, the two truth flags as 0/1 and the pattern id (empty for none).
/// </summary>
public sealed class EdgeListWriter : CsvLedgerWriter
{
    private static readonly byte[][] Types = TransactionCsvWriter.Words<TransactionType>(FinanceNames.Of);

    /// <summary>Starts <paramref name="path"/> (a temporary file until <see cref="CsvLedgerWriter.Complete"/>) with its header.</summary>
    public EdgeListWriter(string path, LedgerContext context)
        : base(path, context, LedgerColumns.Edges)
    {
    }

    /// <inheritdoc />
    private protected override int MostBytes(int idLength) => 256 + (2 * idLength);

    /// <inheritdoc />
    private protected override void WriteRow(Span<byte> s, ref int p, TransactionBatch batch, int i)
    {
        CsvAccountIds ids = Context.CsvIds;
        CsvOutput.Put(s, ref p, ids[batch.From[i]]);
        s[p++] = (byte)',';
        CsvOutput.Put(s, ref p, ids[batch.To[i]]);
        s[p++] = (byte)',';
        CsvOutput.PutInteger(s, ref p, batch.Time[i]);
        s[p++] = (byte)',';
        CsvOutput.PutMoney(s, ref p, batch.Amount[i]);
        s[p++] = (byte)',';
        CsvOutput.Put(s, ref p, Types[(int)batch.Type[i]]);
        s[p++] = (byte)',';
        CsvOutput.PutFlag(s, ref p, batch.IsFraud[i]);
        s[p++] = (byte)',';
        CsvOutput.PutFlag(s, ref p, batch.IsLaundering[i]);
        s[p++] = (byte)',';
        if (batch.Pattern[i] >= 0)
        {
            CsvOutput.PutInteger(s, ref p, batch.Pattern[i]);
        }
    }
}
