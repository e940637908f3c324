using Sim.Core.Finance;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Model;

/// <summary><c>finance.behaviour</c> and <c>finance.observation</c>: legitimate customers' habits and what the bank
/// observes, each key optional with the <see cref="FinanceBehaviour"/> and <see cref="ObservationSpec"/> defaults.</summary>
public static partial class FinanceSection
{
    /// <summary>The most card purchases a customer may make a day on average.</summary>
    public const double MaxPurchasesPerDay = 100;

    /// <summary>The most transfers, cash withdrawals, deposits or bill payments a customer may make a month on average.</summary>
    public const double MaxPerMonth = 1_000;

    /// <summary>The longest mean delay (a refund, a fraud report), days.</summary>
    public const double MaxDelayDays = 365;

    /// <summary>The largest standard deviation of an amount's natural logarithm (amounts and incomes are log-normal).</summary>
    public const double MaxSigma = 3;

    /// <summary>The keys of <c>finance.behaviour</c>.</summary>
    public static readonly IReadOnlyList<string> BehaviourKeys =
    [
        "purchases_per_day", "transfers_per_month", "cash_out_per_month", "cash_in_per_month", "bills_per_month", "refund_share", "refund_delay_days",
        "median_monthly_income", "income_sigma", "pay_day", "credit_card_share", "median_credit_limit", "overdraft_share", "overdraft",
    ];

    /// <summary>The keys of <c>finance.observation</c>.</summary>
    public static readonly IReadOnlyList<string> ObservationKeys = ["report_share", "mean_report_delay_days", "false_report_share", "reporting_threshold", "large_amount"];

    /// <summary>
    /// <c>finance.behaviour</c>, per customer on average: <c>purchases_per_day</c> (0–<see cref="MaxPurchasesPerDay"/>),
    /// <c>transfers_per_month</c>, <c>cash_out_per_month</c>, <c>cash_in_per_month</c>, <c>bills_per_month</c>
    /// (0–<see cref="MaxPerMonth"/>), <c>refund_share</c> (0–1), <c>refund_delay_days</c> (0–<see cref="MaxDelayDays"/>),
    /// <c>median_monthly_income</c> (money), <c>income_sigma</c> (0–<see cref="MaxSigma"/>), <c>pay_day</c> (whole,
    /// 1–28, fixed), <c>credit_card_share</c> (0–1), <c>median_credit_limit</c> (money), <c>overdraft_share</c> (0–1),
    /// <c>overdraft</c> (money). Money is <see cref="MinAmount"/>–<see cref="MaxAmount"/> of the currency's major unit.
    /// The defaults when absent; null when wrong (reported).
    /// </summary>
    private static FinanceBehaviour? ReadBehaviour(YamlMapping finance, SectionReader reader, string money)
    {
        var d = new FinanceBehaviour();
        YamlMapping? map = reader.Mapping(finance, "behaviour", required: false);
        if (map is null)
        {
            return finance["behaviour"] is null ? d : null;
        }

        int errors = reader.Diagnostics.Count;
        reader.CheckKeys(map, [.. BehaviourKeys]);
        var behaviour = new FinanceBehaviour(
            PurchasesPerDay: Real(map, reader, "purchases_per_day", 0, MaxPurchasesPerDay, "per day", d.PurchasesPerDay),
            TransfersPerMonth: Real(map, reader, "transfers_per_month", 0, MaxPerMonth, "per month", d.TransfersPerMonth),
            CashOutPerMonth: Real(map, reader, "cash_out_per_month", 0, MaxPerMonth, "per month", d.CashOutPerMonth),
            CashInPerMonth: Real(map, reader, "cash_in_per_month", 0, MaxPerMonth, "per month", d.CashInPerMonth),
            BillsPerMonth: Real(map, reader, "bills_per_month", 0, MaxPerMonth, "per month", d.BillsPerMonth),
            RefundShare: Real(map, reader, "refund_share", 0, 1, string.Empty, d.RefundShare),
            RefundDelayDays: Real(map, reader, "refund_delay_days", 0, MaxDelayDays, "days", d.RefundDelayDays),
            MedianMonthlyIncome: Real(map, reader, "median_monthly_income", MinAmount, MaxAmount, money, d.MedianMonthlyIncome),
            IncomeSigma: Real(map, reader, "income_sigma", 0, MaxSigma, string.Empty, d.IncomeSigma),
            PayDay: reader.Whole(map, "pay_day", 1, 28, required: false) ?? d.PayDay,
            CreditCardShare: Real(map, reader, "credit_card_share", 0, 1, string.Empty, d.CreditCardShare),
            MedianCreditLimit: Real(map, reader, "median_credit_limit", MinAmount, MaxAmount, money, d.MedianCreditLimit),
            OverdraftShare: Real(map, reader, "overdraft_share", 0, 1, string.Empty, d.OverdraftShare),
            Overdraft: Real(map, reader, "overdraft", MinAmount, MaxAmount, money, d.Overdraft));
        return reader.Diagnostics.Count > errors ? null : behaviour;
    }

    /// <summary>
    /// <c>finance.observation</c>: <c>report_share</c> (0–1), <c>mean_report_delay_days</c> (0–<see cref="MaxDelayDays"/>),
    /// <c>false_report_share</c> (0–1), <c>reporting_threshold</c> and <c>large_amount</c> (money). The defaults when
    /// absent; null when wrong (reported).
    /// </summary>
    private static ObservationSpec? ReadObservation(YamlMapping finance, SectionReader reader, string money)
    {
        var d = new ObservationSpec();
        YamlMapping? map = reader.Mapping(finance, "observation", required: false);
        if (map is null)
        {
            return finance["observation"] is null ? d : null;
        }

        int errors = reader.Diagnostics.Count;
        reader.CheckKeys(map, [.. ObservationKeys]);
        var observation = new ObservationSpec(
            ReportShare: Real(map, reader, "report_share", 0, 1, string.Empty, d.ReportShare),
            MeanReportDelayDays: Real(map, reader, "mean_report_delay_days", 0, MaxDelayDays, "days", d.MeanReportDelayDays),
            FalseReportShare: Real(map, reader, "false_report_share", 0, 1, string.Empty, d.FalseReportShare),
            ReportingThreshold: Real(map, reader, "reporting_threshold", MinAmount, MaxAmount, money, d.ReportingThreshold),
            LargeAmount: Real(map, reader, "large_amount", MinAmount, MaxAmount, money, d.LargeAmount));
        return reader.Diagnostics.Count > errors ? null : observation;
    }
}
