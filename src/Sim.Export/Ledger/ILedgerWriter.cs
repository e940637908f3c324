using Sim.Core.Finance;

namespace Sim.Export.Ledger;

/// <summary>
/// A ledger file written by streaming: batches of entries are appended one after another (nothing of a row is kept
/// once its batch is written) to a temporary file that <see cref="Complete"/> renames into place. Disposed without
/// <see cref="Complete"/>, the writer deletes the temporary file and leaves nothing at the final path.
/// </summary>
public interface ILedgerWriter : IDisposable
{
    /// <summary>The file written.</summary>
    string Path { get; }

    /// <summary>Writes the batch's entries (the first <see cref="TransactionBatch.Count"/>), after checking them against
    /// the contract; the batch may be reused once this returns.</summary>
    /// <exception cref="ArgumentException">The batch breaks the contract (an index outside the tables, an amount that is
    /// not positive, a time before the first day); nothing of it is written.</exception>
    /// <exception cref="InvalidOperationException">The writer is complete.</exception>
    void Append(TransactionBatch batch);

    /// <summary>Finishes the file and renames it into place.</summary>
    /// <exception cref="InvalidOperationException">The writer is already complete.</exception>
    void Complete();
}
