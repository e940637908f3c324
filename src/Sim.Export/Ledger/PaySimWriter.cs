using Sim.Core.Finance;

namespace Sim.Export.Ledger;

/// <summary>
/// Writes <c>paysim.csv</c>, the ledger in the columns of PaySim's public data set (Lopez-Rojas, Elmir and Axelsson,
/// "PaySim: a financial mobile money simulator for fraud detection", EMSS 2016), so that code written for that data
/// set runs on Sim's: PaySim's exact header (<see cref="LedgerColumns.PaySim"/>), <c>step</c> counting hours from 1,
/// PaySim's type names, amounts and balances with two decimals, <c>isFraud</c> and <c>isFlaggedFraud</c> as 0/1.
/// </summary>
/// <remarks>
/// <para>Types: card payments and bill payments are <c>PAYMENT</c>, transfers <c>TRANSFER</c>, cash withdrawals
/// <c>CASH_OUT</c>, and cash deposits, salaries, refunds and chargebacks <c>CASH_IN</c>; Sim writes no <c>DEBIT</c>.</para>
/// <para>PaySim's origin is the customer who acts: for <c>CASH_IN</c> that customer is credited (the balance rises), so
/// <c>nameOrig</c> is the credited account and <c>nameDest</c> the one debited (the cash network, the employer, the
/// merchant); for the other types <c>nameOrig</c> is the debited account.</para>
/// <para><c>isFraud</c> is the fraud truth only (<c>is_fraud</c>): PaySim's label marks fraud, and laundering, a
/// different target, stays in <c>transactions.csv</c>. <c>isFlaggedFraud</c> is PaySim's business rule: 1 for a
/// transfer of more than 200,000 (major units of the ledger's currency).</para>
/// </remarks>
public sealed class PaySimWriter : ILedgerWriter
{
    /// <summary>PaySim's flagging threshold, minor units: transfers above 200,000.00 are flagged.</summary>
    public const long FlaggedTransferAbove = 200_000_00;

    private static readonly byte[][] Types = TransactionCsvWriter.Words<TransactionType>(LedgerNames.PaySimType);

    private readonly LedgerContext _context;
    private readonly CsvOutput _out;

    /// <summary>Starts <paramref name="path"/> (a temporary file until <see cref="Complete"/>) with PaySim's header.</summary>
    public PaySimWriter(string path, LedgerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _out = new CsvOutput(path, LedgerColumns.PaySim);
    }

    /// <inheritdoc />
    public string Path => _out.Path;

    /// <inheritdoc />
    public void Append(TransactionBatch batch)
    {
        _out.ThrowIfCommitted();
        _context.Validate(batch);
        string[] ids = _context.Accounts.Id;
        long start = _context.StartUnixSeconds;
        CsvOutput o = _out;
        for (int i = 0; i < batch.Count; i++)
        {
            TransactionType type = batch.Type[i];
            bool credited = LedgerNames.PaySimCreditsOrigin(type);
            o.Integer(((batch.Time[i] - start) / 3600) + 1);
            o.Comma();
            o.Raw(Types[(int)type]);
            o.Comma();
            o.Money(batch.Amount[i]);
            o.Comma();
            o.Text(ids[credited ? batch.To[i] : batch.From[i]]);
            o.Comma();
            o.Money(credited ? batch.ToBefore[i] : batch.FromBefore[i]);
            o.Comma();
            o.Money(credited ? batch.ToAfter[i] : batch.FromAfter[i]);
            o.Comma();
            o.Text(ids[credited ? batch.From[i] : batch.To[i]]);
            o.Comma();
            o.Money(credited ? batch.FromBefore[i] : batch.ToBefore[i]);
            o.Comma();
            o.Money(credited ? batch.FromAfter[i] : batch.ToAfter[i]);
            o.Comma();
            o.Flag(batch.IsFraud[i]);
            o.Comma();
            o.Flag(type == TransactionType.Transfer && batch.Amount[i] > FlaggedTransferAbove);
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
