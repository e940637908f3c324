using Sim.Core.Finance;

namespace Sim.Export.Ledger;

/// <summary>
/// Writes <c>edges.csv</c>, the ledger as a temporal edge list for graph learning: one directed edge per entry from the
/// debited account (<c>src</c>) to the credited one (<c>dst</c>), both public account ids, with <c>time</c> in Unix
/// seconds (an integer, as temporal-graph loaders take it), <c>amount</c> in major units with two decimals, the type's
/// snake-case name, the two truth flags as 0/1 and the pattern id (empty for none).
/// </summary>
public sealed class EdgeListWriter : ILedgerWriter
{
    private static readonly byte[][] Types = TransactionCsvWriter.Words<TransactionType>(FinanceNames.Of);

    private readonly LedgerContext _context;
    private readonly CsvOutput _out;

    /// <summary>Starts <paramref name="path"/> (a temporary file until <see cref="Complete"/>) with its header.</summary>
    public EdgeListWriter(string path, LedgerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _out = new CsvOutput(path, LedgerColumns.Edges);
    }

    /// <inheritdoc />
    public string Path => _out.Path;

    /// <inheritdoc />
    public void Append(TransactionBatch batch)
    {
        _out.ThrowIfCommitted();
        _context.Validate(batch);
        string[] ids = _context.Accounts.Id;
        CsvOutput o = _out;
        for (int i = 0; i < batch.Count; i++)
        {
            o.Text(ids[batch.From[i]]);
            o.Comma();
            o.Text(ids[batch.To[i]]);
            o.Comma();
            o.Integer(batch.Time[i]);
            o.Comma();
            o.Money(batch.Amount[i]);
            o.Comma();
            o.Raw(Types[(int)batch.Type[i]]);
            o.Comma();
            o.Flag(batch.IsFraud[i]);
            o.Comma();
            o.Flag(batch.IsLaundering[i]);
            o.Comma();
            if (batch.Pattern[i] >= 0)
            {
                o.Integer(batch.Pattern[i]);
            }

            o.EndRow();
        }
    }

    /// <inheritdoc />
    public void Complete()
    {
        _out.ThrowIfCommitted();
        _out.Commit();
    }

    /// <inheritdoc />
    public void Dispose() => _out.Dispose();
}
