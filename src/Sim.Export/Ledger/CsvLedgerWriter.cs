using Sim.Core.Finance;

namespace Sim.Export.Ledger;

/// <summary>
/// What the ledger's CSV writers share: the file (a temporary name until <see cref="Complete"/>), the header, checking
/// each batch, and the row loop — each row assembled in place in the output's buffer by <see cref="WriteRow"/> and
/// ended with LF.
/// </summary>
public abstract class CsvLedgerWriter : ILedgerWriter
{
    private readonly CsvOutput _out;

    /// <summary>A writer of <paramref name="header"/>'s columns to <paramref name="path"/>.</summary>
    private protected CsvLedgerWriter(string path, LedgerContext context, IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(context);
        Context = context;
        _out = new CsvOutput(path, header);
    }

    /// <summary>The ledger the rows belong to.</summary>
    private protected LedgerContext Context { get; }

    /// <summary>The output.</summary>
    private protected CsvOutput Output => _out;

    /// <inheritdoc />
    public string Path => _out.Path;

    /// <summary>The most bytes one row can take (its line end included), for ids at most <paramref name="idLength"/>
    /// bytes long.</summary>
    private protected abstract int MostBytes(int idLength);

    /// <summary>Writes entry <paramref name="i"/>'s row (without its line end) into <paramref name="row"/> from
    /// <paramref name="p"/>, moving <paramref name="p"/> past it.</summary>
    private protected abstract void WriteRow(Span<byte> row, ref int p, TransactionBatch batch, int i);

    /// <inheritdoc />
    public void Append(TransactionBatch batch) => Append(batch, validated: false);

    /// <summary><see cref="Append(TransactionBatch)"/>; <paramref name="validated"/> when the caller has checked the batch
    /// against the same context already (<see cref="LedgerWriter"/> checks once for all its files).</summary>
    internal void Append(TransactionBatch batch, bool validated)
    {
        _out.ThrowIfCommitted();
        if (!validated)
        {
            Context.Validate(batch);
        }

        int most = MostBytes(Context.CsvIds.MaxLength);
        for (int i = 0; i < batch.Count; i++)
        {
            Span<byte> s = _out.Row(most);
            int p = 0;
            WriteRow(s, ref p, batch, i);
            s[p++] = (byte)'\n';
            _out.Advance(p);
        }
    }

    /// <inheritdoc />
    public void Complete()
    {
        _out.ThrowIfCommitted();
        _out.Commit();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _out.Dispose();
        GC.SuppressFinalize(this);
    }
}
