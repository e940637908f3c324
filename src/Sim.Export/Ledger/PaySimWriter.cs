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
public sealed class PaySimWriter : CsvLedgerWriter
{
    /// <summary>PaySim's flagging threshold, minor units: transfers above 200,000.00 are flagged.</summary>
    public const long FlaggedTransferAbove = 200_000_00;

    private static readonly byte[][] Types = TransactionCsvWriter.Words<TransactionType>(LedgerNames.PaySimType);

    /// <summary>Starts <paramref name="path"/> (a temporary file until <see cref="CsvLedgerWriter.Complete"/>) with PaySim's header.</summary>
    public PaySimWriter(string path, LedgerContext context)
        : base(path, context, LedgerColumns.PaySim)
    {
    }

    /// <inheritdoc />
    private protected override int MostBytes(int idLength) => 256 + (2 * idLength);

    /// <inheritdoc />
    private protected override void WriteRow(Span<byte> s, ref int p, TransactionBatch batch, int i)
    {
        CsvAccountIds ids = Context.CsvIds;
        long start = Context.StartUnixSeconds;
        TransactionType type = batch.Type[i];
        bool credited = LedgerNames.PaySimCreditsOrigin(type);
        (int orig, int dest) = credited ? (batch.To[i], batch.From[i]) : (batch.From[i], batch.To[i]);
        (long oldOrig, long newOrig, long oldDest, long newDest) = credited
            ? (batch.ToBefore[i], batch.ToAfter[i], batch.FromBefore[i], batch.FromAfter[i])
            : (batch.FromBefore[i], batch.FromAfter[i], batch.ToBefore[i], batch.ToAfter[i]);
        CsvOutput.PutInteger(s, ref p, ((batch.Time[i] - start) / 3600) + 1);
        s[p++] = (byte)',';
        CsvOutput.Put(s, ref p, Types[(int)type]);
        s[p++] = (byte)',';
        CsvOutput.PutMoney(s, ref p, batch.Amount[i]);
        s[p++] = (byte)',';
        CsvOutput.Put(s, ref p, ids[orig]);
        s[p++] = (byte)',';
        CsvOutput.PutMoney(s, ref p, oldOrig);
        s[p++] = (byte)',';
        CsvOutput.PutMoney(s, ref p, newOrig);
        s[p++] = (byte)',';
        CsvOutput.Put(s, ref p, ids[dest]);
        s[p++] = (byte)',';
        CsvOutput.PutMoney(s, ref p, oldDest);
        s[p++] = (byte)',';
        CsvOutput.PutMoney(s, ref p, newDest);
        s[p++] = (byte)',';
        CsvOutput.PutFlag(s, ref p, batch.IsFraud[i]);
        s[p++] = (byte)',';
        CsvOutput.PutFlag(s, ref p, type == TransactionType.Transfer && batch.Amount[i] > FlaggedTransferAbove);
    }
}
