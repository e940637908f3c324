using System.Globalization;
using System.Text.RegularExpressions;
using Sim.Core.Finance;
using Sim.Scenarios.Distributions;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Model;

/// <summary>
/// The <c>finance</c> section: a fraud / money-laundering scenario read into a <see cref="FinanceSpec"/> — the population
/// (<c>customers</c>, <c>merchants</c>), <c>days</c> simulated from <c>start</c>, the <c>currency</c>, the prevalence
/// targets (<c>fraud_rate</c>, <c>laundering_rate</c>), legitimate <c>behaviour</c>, spending <c>categories</c>,
/// scheduled <c>typologies</c> with their <see cref="TypologyCatalog"/> parameters, and the bank's <c>observation</c>.
/// A key left out takes <see cref="FinanceSpec.Default"/>'s value, so <c>finance: {}</c> is that scenario. Whole
/// numbers (counts, days, the pay day, whole typology parameters) and words (dates, codes, names) are fixed; every other
/// number may be a distribution, drawn per variation like any other (a sweep of <c>fraud_rate</c>).
/// </summary>
/// <remarks>
/// Rules between keys are checked at the middle of each distribution while checking a file, and on each variation's
/// draws: a typology of a kind (fraud or laundering, <see cref="FinanceNames.IsLaundering"/>) needs that kind's rate
/// above 0, and a rate above 0 needs a typology of its kind (nothing else could meet it); the expected transactions,
/// customers × days × <see cref="TransactionsPerCustomerDay"/>, stay within <see cref="MaxTransactions"/>.
/// </remarks>
public static partial class FinanceSection
{
    /// <summary>The most transactions a scenario may be expected to post (customers × days × transactions a customer
    /// a day): at about 100 bytes a ledger row, half a terabyte.</summary>
    public const double MaxTransactions = 5e9;

    /// <summary>The smallest amount of money a key may hold, in the currency's major unit (a cent).</summary>
    public const double MinAmount = 0.01;

    /// <summary>The largest amount of money a key may hold, in the currency's major unit.</summary>
    public const double MaxAmount = 1e9;

    /// <summary>The largest relative weight (a category's share, a typology's weight, a profile's weight).</summary>
    public const double MaxWeight = 1e6;

    /// <summary>Mean days a month, for rates given per month (365.25 / 12).</summary>
    public const double DaysPerMonth = 365.25 / 12;

    /// <summary>The keys of the section.</summary>
    public static readonly IReadOnlyList<string> Keys =
        ["customers", "merchants", "days", "start", "currency", "fraud_rate", "laundering_rate", "behaviour", "categories", "typologies", "observation"];

    /// <summary>The sections that run in simulated seconds (meta.duration, meta.dt); a file with a <c>finance</c> section
    /// and none of these runs no driving simulation (<see cref="IsFinanceOnly"/>).</summary>
    public static readonly IReadOnlyList<string> TimedSections = ["world", "actors", "weather", "events", "sensors"];

    /// <summary>The first day a scenario may start on.</summary>
    public static readonly DateOnly EarliestStart = new(1970, 1, 1);

    /// <summary>The last day a scenario may start on.</summary>
    public static readonly DateOnly LatestStart = new(2199, 12, 31);

    /// <summary>Whether <paramref name="root"/> has a <c>finance</c> section and none of <see cref="TimedSections"/>: a
    /// ledger-only scenario, which takes no <c>meta.duration</c> or <c>meta.dt</c> (its length is <c>finance.days</c>).</summary>
    public static bool IsFinanceOnly(YamlMapping root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return root["finance"] is not null && TimedSections.All(s => root[s] is null);
    }

    /// <summary>Legitimate transactions a customer posts a day on average under <paramref name="behaviour"/>: card
    /// purchases and their refunds, plus transfers, cash out, cash in, bills and one salary a month.</summary>
    public static double TransactionsPerCustomerDay(FinanceBehaviour behaviour)
    {
        ArgumentNullException.ThrowIfNull(behaviour);
        return (behaviour.PurchasesPerDay * (1 + behaviour.RefundShare))
            + ((behaviour.TransfersPerMonth + behaviour.CashOutPerMonth + behaviour.CashInPerMonth + behaviour.BillsPerMonth + 1) / DaysPerMonth);
    }

    /// <summary>
    /// Reads the section: null when the file has none, or when it is wrong (every problem reported). While checking a
    /// file (no drawn values) a distribution stands for its middle in the rules between keys; a variation's draws are
    /// checked by the same rules.
    /// </summary>
    /// <param name="root">The file's root mapping.</param>
    /// <param name="reader">Where values are read and problems reported.</param>
    public static FinanceSpec? Read(YamlMapping root, SectionReader reader)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(reader);
        if (root["finance"] is null || reader.Mapping(root, "finance", required: false) is not { } finance)
        {
            return null;
        }

        int errors = reader.Diagnostics.Count;
        reader.CheckKeys(finance, [.. Keys]);
        FinanceSpec d = FinanceSpec.Default;
        int? customers = OrDefault(finance, "customers", reader.Whole(finance, "customers", 1, FinanceSpec.MaxCustomers, required: false, "customers"), d.Customers);
        int? merchants = OrDefault(finance, "merchants", reader.Whole(finance, "merchants", 1, FinanceSpec.MaxMerchants, required: false, "merchants"), d.Merchants);
        int? days = OrDefault(finance, "days", reader.Whole(finance, "days", 1, FinanceSpec.MaxDays, required: false, "days"), d.Days);
        DateOnly? start = ReadStart(finance, reader);
        string? currency = ReadCurrency(finance, reader);
        string money = currency ?? d.Currency; // the unit of amounts in messages
        double? fraudRate = reader.Number(finance, "fraud_rate", 0, FinanceSpec.MaxRate, string.Empty, required: false, mayVary: true);
        double? launderingRate = reader.Number(finance, "laundering_rate", 0, FinanceSpec.MaxRate, string.Empty, required: false, mayVary: true);
        FinanceBehaviour? behaviour = ReadBehaviour(finance, reader, money);
        IReadOnlyList<SpendingCategory>? categories = ReadCategories(finance, reader, money);
        IReadOnlyList<TypologySchedule>? typologies = ReadTypologies(finance, reader, days, money, out List<(Typology Kind, YamlNode At)>? kinds);
        ObservationSpec? observation = ReadObservation(finance, reader, money);

        if (kinds is not null)
        {
            // Every typology's kind is known: the rates and the typologies must agree.
            CheckRate(finance, reader, "fraud_rate", fraudRate, [.. kinds.Where(k => !FinanceNames.IsLaundering(k.Kind))], "fraud");
            CheckRate(finance, reader, "laundering_rate", launderingRate, [.. kinds.Where(k => FinanceNames.IsLaundering(k.Kind))], "laundering");
        }

        if (customers is { } c && days is { } n && behaviour is not null)
        {
            double perDay = TransactionsPerCustomerDay(behaviour);
            double total = (double)c * n * perDay;
            if (total > MaxTransactions)
            {
                reader.Error(FirstWritten(finance, "customers", "days", "behaviour"), string.Create(CultureInfo.InvariantCulture,
                    $"{c:N0} customers × {n:N0} days × {MessageText.Number(perDay)} transactions a customer a day (purchases_per_day {MessageText.Number(behaviour.PurchasesPerDay)} and the monthly ones) is about {total:N0} transactions; a scenario may post at most {MaxTransactions:N0}: fewer customers, days or transactions"));
            }
        }

        if (reader.Diagnostics.Count > errors || customers is null || merchants is null || days is null || start is null || currency is null
            || behaviour is null || categories is null || typologies is null || observation is null)
        {
            return null;
        }

        return new FinanceSpec(customers.Value, merchants.Value, days.Value, start.Value, currency, categories, behaviour, typologies,
            fraudRate is > 0 ? fraudRate : null, launderingRate is > 0 ? launderingRate : null, observation);
    }

    /// <summary>A rate and the typologies of its kind must agree: typologies need a rate above 0, and a rate above 0
    /// needs a typology that could meet it.</summary>
    private static void CheckRate(YamlMapping finance, SectionReader reader, string key, double? rate, List<(Typology Kind, YamlNode At)> ofKind, string kind)
    {
        YamlNode? written = finance[key];
        if (written is not null && rate is null)
        {
            return; // wrong, and reported
        }

        if (ofKind.Count > 0 && rate is not > 0)
        {
            string name = FinanceNames.Of(ofKind[0].Kind);
            reader.Error(written ?? ofKind[0].At, written is null
                ? $"{name} is a {kind} typology, and {key} is not set; give {key}, the share of all transactions that are {kind} (0–{MessageText.Number(FinanceSpec.MaxRate)}, e.g. 0.001)"
                : $"{key} is 0, and {name} is a {kind} typology; {kind} typologies need {key} above 0 (the share of all transactions that are {kind})");
        }
        else if (ofKind.Count == 0 && rate is > 0)
        {
            string names = string.Join(", ", TypologyCatalog.All.Where(t => FinanceNames.IsLaundering(t) == (kind == "laundering")).Select(FinanceNames.Of));
            reader.Error(written!, string.Create(CultureInfo.InvariantCulture,
                $"{key} {rate.Value:R} asks for {kind}, and no {kind} typology is scheduled, so nothing could meet it; schedule one under typologies ({names}) or leave {key} out"));
        }
    }

    /// <summary><c>start</c>: an ISO date (YYYY-MM-DD) from <see cref="EarliestStart"/> to <see cref="LatestStart"/>;
    /// the default's when absent, null when wrong (reported).</summary>
    private static DateOnly? ReadStart(YamlMapping finance, SectionReader reader)
    {
        string? text = FixedText(finance, reader, "start", required: false);
        if (text is null)
        {
            return finance["start"] is null ? FinanceSpec.Default.Start : null;
        }

        YamlNode node = finance["start"]!;
        if (!DatePattern().IsMatch(text))
        {
            reader.Error(node, $"expected an ISO date, YYYY-MM-DD (e.g. 2026-01-05), found {SectionReader.Found(node)}");
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date))
        {
            reader.Error(node, $"{text} is not a day of the calendar (no such month or day)");
            return null;
        }

        if (date < EarliestStart || date > LatestStart)
        {
            reader.Error(node, string.Create(CultureInfo.InvariantCulture, $"{text} is out of range; expected {EarliestStart:yyyy-MM-dd} – {LatestStart:yyyy-MM-dd}"));
            return null;
        }

        return date;
    }

    /// <summary><c>currency</c>: an ISO 4217 code, three capital letters; the default's when absent, null when wrong.</summary>
    private static string? ReadCurrency(YamlMapping finance, SectionReader reader)
    {
        string? text = FixedText(finance, reader, "currency", required: false);
        if (text is null)
        {
            return finance["currency"] is null ? FinanceSpec.Default.Currency : null;
        }

        if (!CurrencyPattern().IsMatch(text))
        {
            reader.Error(finance["currency"]!, $"expected an ISO 4217 currency code, three capital letters (EUR, USD, JPY), found {SectionReader.Found(finance["currency"]!)}");
            return null;
        }

        return text;
    }

    /// <summary>A word that may not vary (a date, a code, a name, a typology): the text, or null when absent or wrong
    /// (reported: not a scalar, or a distribution).</summary>
    private static string? FixedText(YamlMapping map, SectionReader reader, string key, bool required)
    {
        string? text = reader.Text(map, key, required);
        if (text is not null && map[key] is YamlScalar { Quoted: false } && DistributionParser.TryParse(text, out Distribution? distribution, out _) && distribution is not null)
        {
            reader.Error(map[key]!, $"{MessageText.Quote(text)} is a distribution; {map[key]!.Path} must be fixed");
            return null;
        }

        return text;
    }

    /// <summary>A number that may vary, in [<paramref name="min"/>, <paramref name="max"/>]: <paramref name="fallback"/>
    /// when absent or wrong (wrong is reported, and the caller returns null on any new diagnostic).</summary>
    private static double Real(YamlMapping map, SectionReader reader, string key, double min, double max, string unit, double fallback) =>
        reader.Number(map, key, min, max, unit, required: false, mayVary: true) ?? fallback;

    /// <summary>A number that may vary, above 0 and at most <paramref name="max"/>; <paramref name="fallback"/> when
    /// absent or wrong (reported).</summary>
    private static double Positive(YamlMapping map, SectionReader reader, string key, double max, string unit, double fallback)
    {
        double? value = reader.Number(map, key, 0, max, unit, required: false, mayVary: true);
        if (value is 0)
        {
            reader.Error(map[key]!, $"{key} must be greater than 0");
        }

        return value ?? fallback;
    }

    /// <summary>A value read or, when the file leaves the key out, its default; null when the file's value is wrong.</summary>
    private static T? OrDefault<T>(YamlMapping map, string key, T? read, T fallback)
        where T : struct => read ?? (map[key] is null ? fallback : null);

    /// <summary>The first of <paramref name="keys"/> the file writes in <paramref name="map"/>, else the map itself: where a
    /// rule between keys is reported.</summary>
    private static YamlNode FirstWritten(YamlMapping map, params string[] keys) =>
        keys.Select(k => map[k]).FirstOrDefault(n => n is not null) ?? map;

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    private static partial Regex DatePattern();
}
