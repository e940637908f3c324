namespace Sim.Core.Finance;

/// <summary>
/// A spending category: its share of card purchases, its amounts (log-normal: median and the standard deviation of
/// the logarithm), how many of its purchases are made online (card not present), and when — relative weights by hour
/// of day (24, local time), day of week (7, Monday first) and month (12, January first).
/// </summary>
/// <param name="Name">Snake-case name (<c>grocery</c>).</param>
/// <param name="Share">Relative share of a customer's purchases.</param>
/// <param name="MedianAmount">Median amount, in the currency's major unit.</param>
/// <param name="AmountSigma">Standard deviation of the amount's natural logarithm.</param>
/// <param name="OnlineShare">Share of purchases made card-not-present, 0–1.</param>
/// <param name="Hourly">24 relative weights, hour 0 first.</param>
/// <param name="Weekday">7 relative weights, Monday first.</param>
/// <param name="Monthly">12 relative weights, January first.</param>
public sealed record SpendingCategory(string Name, double Share, double MedianAmount, double AmountSigma, double OnlineShare, IReadOnlyList<double> Hourly, IReadOnlyList<double> Weekday, IReadOnlyList<double> Monthly)
{
    private static readonly double[] Flat12 = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    private static readonly double[] Shops = [0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 0.8, 1.2, 1.5, 1.8, 2, 2.2, 2.4, 2.2, 2, 2, 2.2, 2.6, 2.8, 2.4, 1.6, 1, 0.5, 0.2];
    private static readonly double[] Evenings = [0.6, 0.4, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.2, 1.4, 1.2, 1.1, 1.1, 1.3, 1.6, 2, 2.4, 2.6, 2.4, 1.8, 1.1];
    private static readonly double[] Meals = [0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.4, 1, 1.2, 0.8, 0.8, 2, 3, 2.4, 1, 0.8, 0.9, 1.5, 2.6, 3, 2.2, 1.2, 0.6, 0.3];
    private static readonly double[] Weekdays = [1, 1, 1, 1.05, 1.2, 1.4, 0.7];
    private static readonly double[] Weekends = [0.8, 0.8, 0.85, 0.9, 1.1, 1.6, 1.4];
    private static readonly double[] Holidays = [0.85, 0.8, 0.9, 0.95, 1, 1, 1.05, 1.05, 0.95, 1, 1.15, 1.5];

    /// <summary>Sim's default categories, loosely after Sparkov's: groceries, fuel, restaurants, shopping (in shops and
    /// online), travel, entertainment, health, home.</summary>
    public static IReadOnlyList<SpendingCategory> Defaults { get; } =
    [
        new("grocery", 0.28, 32, 0.7, 0.08, Shops, Weekdays, Flat12),
        new("fuel", 0.12, 48, 0.45, 0.02, Shops, Weekdays, Flat12),
        new("restaurants", 0.16, 24, 0.6, 0.15, Meals, Weekends, Flat12),
        new("shopping", 0.18, 45, 1.0, 0.45, Shops, Weekends, Holidays),
        new("travel", 0.04, 180, 1.0, 0.75, Evenings, Weekdays, Flat12),
        new("entertainment", 0.1, 18, 0.8, 0.6, Evenings, Weekends, Holidays),
        new("health", 0.05, 40, 0.8, 0.1, Shops, Weekdays, Flat12),
        new("home", 0.07, 70, 0.9, 0.35, Shops, Weekends, Holidays),
    ];
}

/// <summary>How legitimate customers behave, per customer on average. Amounts are in the currency's major unit.</summary>
/// <param name="PurchasesPerDay">Card purchases a day.</param>
/// <param name="TransfersPerMonth">Transfers to other customers a month.</param>
/// <param name="CashOutPerMonth">Cash withdrawals a month.</param>
/// <param name="CashInPerMonth">Cash deposits a month.</param>
/// <param name="BillsPerMonth">Bill payments a month.</param>
/// <param name="RefundShare">Share of purchases refunded by the merchant, 0–1.</param>
/// <param name="RefundDelayDays">Mean days from a purchase to its refund.</param>
/// <param name="MedianMonthlyIncome">Median monthly salary (log-normal across customers).</param>
/// <param name="IncomeSigma">Standard deviation of the salary's natural logarithm.</param>
/// <param name="PayDay">Day of the month salaries are paid (1–28).</param>
/// <param name="CreditCardShare">Share of customers who also hold a credit card, 0–1.</param>
/// <param name="MedianCreditLimit">Median credit limit.</param>
/// <param name="OverdraftShare">Share of current accounts with an overdraft, 0–1.</param>
/// <param name="Overdraft">The overdraft allowed, where there is one.</param>
public sealed record FinanceBehaviour(
    double PurchasesPerDay = 1.2,
    double TransfersPerMonth = 2,
    double CashOutPerMonth = 2,
    double CashInPerMonth = 0.4,
    double BillsPerMonth = 3,
    double RefundShare = 0.01,
    double RefundDelayDays = 5,
    double MedianMonthlyIncome = 2400,
    double IncomeSigma = 0.45,
    int PayDay = 25,
    double CreditCardShare = 0.35,
    double MedianCreditLimit = 2500,
    double OverdraftShare = 0.4,
    double Overdraft = 500);

/// <summary>One scheduled typology: which, how large a share of its kind's budget (fraud or laundering) it takes, on
/// which days it may start, and its parameters (<see cref="TypologyCatalog"/>; those left out take their defaults).</summary>
/// <param name="Kind">The typology.</param>
/// <param name="Weight">Relative share of the fraud (or laundering) transactions given to this typology.</param>
/// <param name="FirstDay">First day (0-based) an instance may start.</param>
/// <param name="LastDay">Last day an instance may start (inclusive).</param>
/// <param name="Parameters">Parameter values by name.</param>
public sealed record TypologySchedule(Typology Kind, double Weight, int FirstDay, int LastDay, IReadOnlyDictionary<string, double> Parameters)
{
    /// <summary>The value of parameter <paramref name="name"/>, or its catalog default.</summary>
    public double Get(string name) => Parameters.TryGetValue(name, out double v) ? v : TypologyCatalog.Parameter(Kind, name).Default;
}

/// <summary>What a bank would observe, as opposed to the truth: alerts from simple rules, and fraud reports and
/// chargebacks that arrive days late, some never, some wrongly.</summary>
/// <param name="ReportShare">Share of fraud transactions that a victim reports (the rest stay unlabelled), 0–1.</param>
/// <param name="MeanReportDelayDays">Mean days from a fraud transaction to its report (exponential).</param>
/// <param name="FalseReportShare">Share of legitimate transactions reported as fraud (friendly fraud, mistakes), 0–1.</param>
/// <param name="ReportingThreshold">The cash amount that a bank must report (structuring stays below it).</param>
/// <param name="LargeAmount">A rule alert fires on any transaction at or above this amount.</param>
public sealed record ObservationSpec(double ReportShare = 0.8, double MeanReportDelayDays = 7, double FalseReportShare = 0.0002, double ReportingThreshold = 10_000, double LargeAmount = 5_000);

/// <summary>
/// A financial scenario: the population, its legitimate behaviour, the scheduled typologies and the prevalence to meet.
/// Rates are shares of all posted transactions: a fraud rate of 0.001 means one transaction in a thousand is fraud.
/// </summary>
/// <param name="Customers">Customers (each with a current account and a card; some with a credit card).</param>
/// <param name="Merchants">Merchants (each with a settlement account and terminals).</param>
/// <param name="Days">Days simulated.</param>
/// <param name="Start">The first day (UTC; transactions are timestamped to the second).</param>
/// <param name="Currency">ISO 4217 code of every account.</param>
/// <param name="Categories">Spending categories.</param>
/// <param name="Behaviour">Legitimate behaviour.</param>
/// <param name="Typologies">Scheduled typologies.</param>
/// <param name="FraudRate">Target share of fraud transactions, or null for none.</param>
/// <param name="LaunderingRate">Target share of laundering transactions, or null for none.</param>
/// <param name="Observation">What the bank observes.</param>
public sealed record FinanceSpec(
    int Customers,
    int Merchants,
    int Days,
    DateOnly Start,
    string Currency,
    IReadOnlyList<SpendingCategory> Categories,
    FinanceBehaviour Behaviour,
    IReadOnlyList<TypologySchedule> Typologies,
    double? FraudRate,
    double? LaunderingRate,
    ObservationSpec Observation)
{
    /// <summary>The most customers a scenario may simulate.</summary>
    public const int MaxCustomers = 20_000_000;

    /// <summary>The most merchants.</summary>
    public const int MaxMerchants = 2_000_000;

    /// <summary>The most days.</summary>
    public const int MaxDays = 3_660;

    /// <summary>The highest fraud or laundering rate a scenario may ask for (balanced sets are sampled from the output,
    /// not simulated).</summary>
    public const double MaxRate = 0.2;

    /// <summary>A small default scenario: 1,000 customers, 100 merchants, 28 days from Monday 5 January 2026, euros,
    /// the default categories and behaviour, no typologies.</summary>
    public static FinanceSpec Default { get; } = new(1_000, 100, 28, new DateOnly(2026, 1, 5), "EUR", SpendingCategory.Defaults, new FinanceBehaviour(), [], null, null, new ObservationSpec());
}
