using Sim.Core.Finance;
using Sim.Scenarios.Model;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Tests.Model;

/// <summary>The <c>finance</c> section read into a <see cref="FinanceSpec"/>: every field exactly, the defaults key by
/// key, draws per variation, finance-only files, and every rule refused with its located message.</summary>
public class FinanceSectionTests
{
    /// <summary>A finance-only file's meta; the section follows at line 3.</summary>
    private const string Meta = "meta:\n  name: ledger\n";

    private static FinanceSpec Finance(string finance, int index = 0) => SpecText.Instance(Meta + finance, index).Finance!;

    [Fact]
    public void A_file_without_the_section_has_no_finance()
    {
        Assert.Null(SpecText.Instance("meta:\n  name: s\n  duration: 10\n").Finance);
        Assert.DoesNotContain("finance", ScenarioSpec.ReservedSections);
    }

    [Fact]
    public void An_empty_section_is_the_default_scenario()
    {
        FinanceSpec spec = Finance("finance: {}\n");
        FinanceSpec d = FinanceSpec.Default;

        Assert.Equal((d.Customers, d.Merchants, d.Days, d.Start, d.Currency), (spec.Customers, spec.Merchants, spec.Days, spec.Start, spec.Currency));
        Assert.Same(SpendingCategory.Defaults, spec.Categories);
        Assert.Equal(d.Behaviour, spec.Behaviour);
        Assert.Equal(d.Observation, spec.Observation);
        Assert.Empty(spec.Typologies);
        Assert.Null(spec.FraudRate);
        Assert.Null(spec.LaunderingRate);
    }

    [Fact]
    public void A_full_section_gives_exactly_its_spec()
    {
        FinanceSpec spec = Finance("""
            finance:
              customers: 10000
              merchants: 800
              days: 60
              start: 2025-11-03
              currency: GBP
              fraud_rate: 0.001
              laundering_rate: 0.0005
              behaviour: {purchases_per_day: 1.7, transfers_per_month: 3, cash_out_per_month: 1.5, cash_in_per_month: 0.2, bills_per_month: 4, refund_share: 0.02, refund_delay_days: 6, median_monthly_income: 2100, income_sigma: 0.5, pay_day: 28, credit_card_share: 0.3, median_credit_limit: 3000, overdraft_share: 0.25, overdraft: 750}
              categories:
                - {name: grocery, share: 0.5, median_amount: 40, amount_sigma: 0.65, online_share: 0.1, weekday: [1, 2, 3, 4, 5, 6, 7]}
                - name: pets
                  share: 0.05
                  median_amount: 25
                  amount_sigma: 0.6
                  online_share: 0.3
                  hourly: [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]
                  monthly: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3]
              typologies:
                - {type: account_takeover, weight: 1.5, days: [3, 40], mules: 4, share_taken: 0.75, cash_out_delay_hours: 2}
                - {type: fan_out, weight: 2, degree: 8, amount: 50000}
                - {type: structuring}
              observation: {report_share: 0.6, mean_report_delay_days: 9, false_report_share: 0.001, reporting_threshold: 15000, large_amount: 8000}
            """);

        Assert.Equal((10_000, 800, 60, new DateOnly(2025, 11, 3), "GBP"), (spec.Customers, spec.Merchants, spec.Days, spec.Start, spec.Currency));
        Assert.Equal((0.001, 0.0005), (spec.FraudRate, spec.LaunderingRate));
        Assert.Equal(new FinanceBehaviour(1.7, 3, 1.5, 0.2, 4, 0.02, 6, 2100, 0.5, 28, 0.3, 3000, 0.25, 750), spec.Behaviour);
        Assert.Equal(new ObservationSpec(0.6, 9, 0.001, 15_000, 8_000), spec.Observation);

        Assert.Equal(["grocery", "pets"], spec.Categories.Select(c => c.Name));
        SpendingCategory grocery = spec.Categories[0], pets = spec.Categories[1], defaultGrocery = SpendingCategory.Defaults[0];
        Assert.Equal((0.5, 40.0, 0.65, 0.1), (grocery.Share, grocery.MedianAmount, grocery.AmountSigma, grocery.OnlineShare));
        Assert.Equal([1.0, 2, 3, 4, 5, 6, 7], grocery.Weekday);
        Assert.Equal(defaultGrocery.Hourly, grocery.Hourly); // a default category's profiles where the file gives none
        Assert.Equal(defaultGrocery.Monthly, grocery.Monthly);
        Assert.Equal((0.05, 25.0, 0.6, 0.3), (pets.Share, pets.MedianAmount, pets.AmountSigma, pets.OnlineShare));
        Assert.Equal([0.0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0], pets.Hourly);
        Assert.Equal(Enumerable.Repeat(1.0, 7), pets.Weekday); // a new category's profiles are flat where the file gives none
        Assert.Equal([1.0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3], pets.Monthly);

        Assert.Equal([Typology.AccountTakeover, Typology.FanOut, Typology.Structuring], spec.Typologies.Select(t => t.Kind));
        TypologySchedule takeover = spec.Typologies[0], fanOut = spec.Typologies[1], structuring = spec.Typologies[2];
        Assert.Equal((1.5, 3, 40), (takeover.Weight, takeover.FirstDay, takeover.LastDay));
        Assert.Equal(new Dictionary<string, double> { ["mules"] = 4, ["share_taken"] = 0.75, ["cash_out_delay_hours"] = 2 }, takeover.Parameters);
        Assert.Equal((2.0, 0, 59), (fanOut.Weight, fanOut.FirstDay, fanOut.LastDay)); // every day by default
        Assert.Equal(new Dictionary<string, double> { ["degree"] = 8, ["amount"] = 50_000 }, fanOut.Parameters);
        Assert.Equal((1.0, 0, 59), (structuring.Weight, structuring.FirstDay, structuring.LastDay));
        Assert.Empty(structuring.Parameters); // only what the file gives; Get falls back to the catalog
        Assert.Equal((8.0, 0.1), (structuring.Get("deposits"), structuring.Get("margin")));
    }

    [Fact]
    public void Behaviour_and_observation_keys_left_out_keep_their_defaults()
    {
        FinanceSpec spec = Finance("finance:\n  behaviour:\n    pay_day: 1\n  observation:\n    large_amount: 900\n");

        Assert.Equal(new FinanceBehaviour() with { PayDay = 1 }, spec.Behaviour);
        Assert.Equal(new ObservationSpec() with { LargeAmount = 900 }, spec.Observation);
    }

    [Fact]
    public void A_rate_of_0_without_typologies_is_none_and_a_quoted_start_reads_as_a_date()
    {
        FinanceSpec spec = Finance("finance:\n  fraud_rate: 0\n  laundering_rate: 0\n  start: '2024-02-29'\n");

        Assert.Null(spec.FraudRate);
        Assert.Null(spec.LaunderingRate);
        Assert.Equal(new DateOnly(2024, 2, 29), spec.Start);
    }

    [Fact]
    public void Real_numbers_are_drawn_per_variation_and_a_sweep_covers_its_grid()
    {
        const string Yaml = """
            finance:
              fraud_rate: range(0.001, 0.003, 0.001)
              behaviour:
                purchases_per_day: uniform(0.5, 2)
              typologies:
                - type: stolen_card_spree
                  weight: uniform(1, 3)
                  amount_factor: uniform(2, 6)
            """;
        ScenarioSpec spec = SpecText.Check(Meta + Yaml).Spec!;
        Assert.Equal(3, spec.Variations.Count);

        double[] rates = [.. Enumerable.Range(0, 3).Select(i => Finance(Yaml, i).FraudRate!.Value)];
        Assert.Equal([0.001, 0.002, 0.003], rates.Order().Select(r => Math.Round(r, 9)));
        for (int i = 0; i < 3; i++)
        {
            ScenarioInstance instance = SpecText.Instance(Meta + Yaml, i);
            FinanceSpec f = instance.Finance!;
            Dictionary<string, double> draws = instance.Draws.ToDictionary(d => d.Path, d => d.Value.Number);
            Assert.Equal(draws["finance.fraud_rate"], f.FraudRate);
            Assert.Equal(draws["finance.behaviour.purchases_per_day"], f.Behaviour.PurchasesPerDay);
            Assert.Equal(draws["finance.typologies[0].weight"], f.Typologies[0].Weight);
            Assert.Equal(draws["finance.typologies[0].amount_factor"], f.Typologies[0].Get("amount_factor"));
            Assert.InRange(f.Typologies[0].Get("amount_factor"), 2, 6);
        }
    }

    [Fact]
    public void A_finance_only_file_has_no_duration_and_checks_its_variations()
    {
        const string Yaml = "meta:\n  name: ledger\nfinance:\n  fraud_rate: uniform(0.001, 0.002)\n  typologies:\n    - type: card_testing\nvariations:\n  count: 30\n";
        (ScenarioSpec? spec, List<ScenarioDiagnostic> diagnostics) = SpecText.Check(Yaml);

        Assert.True(spec is not null, string.Join("\n", diagnostics));
        Assert.Equal((0.0, 0L), (spec.Meta.Duration, spec.Meta.Steps));
        Assert.Equal(ScenarioSpec.VariationsChecked, spec.CheckVariations(ScenarioSpec.VariationsChecked, diagnostics));
        Assert.Empty(diagnostics);
        ScenarioInstance instance = spec.Instantiate(null, 29, diagnostics)!;
        Assert.Equal((null, 0), (instance.World, instance.Actors.Count));
        Assert.InRange(instance.Finance!.FraudRate!.Value, 0.001, 0.002);
    }

    [Fact]
    public void A_file_may_have_finance_beside_a_world_and_then_needs_its_duration()
    {
        const string World = "world:\n  road:\n    type: highway\nactors:\n  ego:\n    lane: 0\n    s: 50\nfinance:\n  customers: 50\n";
        ScenarioInstance instance = SpecText.Instance("meta:\n  name: both\n  duration: 10\n" + World);

        Assert.Equal((50, 10.0), (instance.Finance!.Customers, instance.Meta.Duration));
        Assert.Single(instance.Actors);
        SpecText.Refused("meta:\n  name: both\n" + World, "s.yaml:2:3: meta.duration: missing required key 'duration'");
    }

    [Fact]
    public void No_typology_parameter_shares_a_name_with_the_schedule_keys()
    {
        Assert.Empty(TypologyCatalog.All.SelectMany(TypologyCatalog.Of).Select(p => p.Name).Intersect(FinanceSection.ScheduleKeys));
        Assert.All(TypologyCatalog.All.SelectMany(TypologyCatalog.Of).Where(p => p.Whole), p => Assert.True(p.Min == Math.Floor(p.Min) && p.Max == Math.Floor(p.Max), p.Name));
    }

    [Theory]
    // the section and its top-level keys
    [InlineData("finance:\n  custmers: 10\n", "s.yaml:4:3: finance.custmers: unknown key 'custmers'; did you mean 'customers'?")]
    [InlineData("finance: 3\n", "s.yaml:3:10: finance: expected a mapping, found a scalar")]
    [InlineData("finance:\n  customers: 0\n", "s.yaml:4:14: finance.customers: 0 customers is out of range; expected 1–20000000 customers")]
    [InlineData("finance:\n  customers: 10.5\n", "s.yaml:4:14: finance.customers: expected a whole number, found 10.5")]
    [InlineData("finance:\n  customers: uniform(10, 20)\n", "s.yaml:4:14: finance.customers: 'uniform(10, 20)' is a distribution; finance.customers must be a fixed number")]
    [InlineData("finance:\n  days: 4000\n", "s.yaml:4:9: finance.days: 4000 days is out of range; expected 1–3660 days")]
    [InlineData("finance:\n  start: 2026-02-30\n", "s.yaml:4:10: finance.start: 2026-02-30 is not a day of the calendar (no such month or day)")]
    [InlineData("finance:\n  start: 05/01/2026\n", "s.yaml:4:10: finance.start: expected an ISO date, YYYY-MM-DD (e.g. 2026-01-05), found '05/01/2026'")]
    [InlineData("finance:\n  start: 1969-12-31\n", "s.yaml:4:10: finance.start: 1969-12-31 is out of range; expected 1970-01-01 – 2199-12-31")]
    [InlineData("finance:\n  currency: euro\n", "s.yaml:4:13: finance.currency: expected an ISO 4217 currency code, three capital letters (EUR, USD, JPY), found 'euro'")]
    [InlineData("finance:\n  currency: choice([EUR, USD])\n", "s.yaml:4:13: finance.currency: 'choice([EUR, USD])' is a distribution; finance.currency must be fixed")]
    [InlineData("finance:\n  fraud_rate: 0.3\n  typologies: [{type: bust_out}]\n", "s.yaml:4:15: finance.fraud_rate: 0.3 is out of range; expected 0–0.2")]
    // behaviour and observation
    [InlineData("finance:\n  behaviour:\n    purchases_per_dya: 2\n", "s.yaml:5:5: finance.behaviour.purchases_per_dya: unknown key 'purchases_per_dya'; did you mean 'purchases_per_day'?")]
    [InlineData("finance:\n  behaviour:\n    purchases_per_day: -1\n", "s.yaml:5:24: finance.behaviour.purchases_per_day: -1 per day is out of range; expected 0–100 per day")]
    [InlineData("finance:\n  behaviour:\n    pay_day: 29\n", "s.yaml:5:14: finance.behaviour.pay_day: 29 is out of range; expected 1–28")]
    [InlineData("finance:\n  behaviour:\n    pay_day: uniform(1, 28)\n", "s.yaml:5:14: finance.behaviour.pay_day: 'uniform(1, 28)' is a distribution; finance.behaviour.pay_day must be a fixed number")]
    [InlineData("finance:\n  behaviour:\n    refund_share: 1.5\n", "s.yaml:5:19: finance.behaviour.refund_share: 1.5 is out of range; expected 0–1")]
    [InlineData("finance:\n  currency: JPY\n  behaviour:\n    overdraft: 0\n", "s.yaml:6:16: finance.behaviour.overdraft: 0 JPY is out of range; expected 0.01–1000000000 JPY")]
    [InlineData("finance:\n  behaviour: [1]\n", "s.yaml:4:14: finance.behaviour: expected a mapping, found a list")]
    [InlineData("finance:\n  observation:\n    report_share: 2\n", "s.yaml:5:19: finance.observation.report_share: 2 is out of range; expected 0–1")]
    [InlineData("finance:\n  observation:\n    mean_report_delay: 3\n", "s.yaml:5:5: finance.observation.mean_report_delay: unknown key 'mean_report_delay'; did you mean 'mean_report_delay_days'?")]
    // categories
    [InlineData("finance:\n  categories: []\n", "s.yaml:4:15: finance.categories: expected a list of 1–100 spending categories")]
    [InlineData("finance:\n  categories:\n    - {name: fuel, shares: 1}\n", "s.yaml:5:20: finance.categories[0].shares: unknown key 'shares'; did you mean 'share'?")]
    [InlineData("finance:\n  categories:\n    - {share: 1}\n", "s.yaml:5:7: finance.categories[0].name: missing required key 'name'")]
    [InlineData("finance:\n  categories:\n    - {name: Fuel}\n", "s.yaml:5:14: finance.categories[0].name: 'Fuel' is not a valid category name; use snake case")]
    [InlineData("finance:\n  categories:\n    - {name: fuel}\n    - {name: fuel}\n", "s.yaml:6:14: finance.categories[1].name: category 'fuel' is already defined at line 5")]
    [InlineData("finance:\n  categories:\n    - {name: pets, share: 1}\n", "s.yaml:5:7: finance.categories[0]: 'pets' is not one of Sim's default categories (grocery, fuel, restaurants, shopping, travel, entertainment, health, home), so it needs median_amount, amount_sigma, online_share")]
    [InlineData("finance:\n  categories:\n    - {name: fuel, share: 0}\n", "s.yaml:5:27: finance.categories[0].share: share must be greater than 0")]
    [InlineData("finance:\n  categories:\n    - {name: fuel, hourly: [1, 2, 3]}\n", "s.yaml:5:28: finance.categories[0].hourly: expected 24 relative weights, hour 0 (midnight to 1 am) first; found 3 weights")]
    [InlineData("finance:\n  categories:\n    - {name: fuel, weekday: 1}\n", "s.yaml:5:29: finance.categories[0].weekday: expected 7 relative weights, Monday first; found '1'")]
    [InlineData("finance:\n  categories:\n    - {name: fuel, monthly: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}\n", "s.yaml:5:29: finance.categories[0].monthly: expected 12 relative weights, January first; found 11 weights")]
    [InlineData("finance:\n  categories:\n    - {name: fuel, weekday: [0, 0, 0, 0, 0, 0, 0]}\n", "s.yaml:5:29: finance.categories[0].weekday: every weekday weight is 0; at least one must be above 0")]
    [InlineData("finance:\n  categories:\n    - {name: fuel, weekday: [1, 1, 1, -1, 1, 1, 1]}\n", "s.yaml:5:39: finance.categories[0].weekday[3]: -1 is out of range; expected 0–1000000")]
    // typologies
    [InlineData("finance:\n  fraud_rate: 0.01\n  typologies:\n    - {type: acount_takeover}\n", "s.yaml:6:14: finance.typologies[0].type: unknown typology 'acount_takeover'; did you mean 'account_takeover'?")]
    [InlineData("finance:\n  typologies:\n    - {type: phishing}\n", "s.yaml:5:14: finance.typologies[0].type: unknown typology 'phishing'; expected one of: account_takeover, card_testing,")]
    [InlineData("finance:\n  typologies:\n    - {type: none}\n", "s.yaml:5:14: finance.typologies[0].type: unknown typology 'none'")]
    [InlineData("finance:\n  typologies:\n    - {weight: 1}\n", "s.yaml:5:7: finance.typologies[0].type: missing required key 'type'")]
    [InlineData("finance:\n  laundering_rate: 0.01\n  typologies:\n    - type: choice([fan_in, fan_out])\n", "s.yaml:6:13: finance.typologies[0].type: 'choice([fan_in, fan_out])' is a distribution; finance.typologies[0].type must be fixed")]
    [InlineData("finance:\n  laundering_rate: 0.01\n  typologies:\n    - {type: fan_out, degre: 5}\n", "s.yaml:6:23: finance.typologies[0].degre: fan_out has no parameter 'degre'; did you mean 'degree'?")]
    [InlineData("finance:\n  laundering_rate: 0.01\n  typologies:\n    - {type: fan_out, mules: 5}\n", "s.yaml:6:23: finance.typologies[0].mules: 'mules' is a parameter of account_takeover, not of fan_out; fan_out takes degree, amount (besides type, weight, days)")]
    [InlineData("finance:\n  laundering_rate: 0.01\n  typologies:\n    - {type: fan_out, colour: 5}\n", "s.yaml:6:23: finance.typologies[0].colour: fan_out has no parameter 'colour'; it takes degree, amount (besides type, weight, days)")]
    [InlineData("finance:\n  laundering_rate: 0.01\n  typologies:\n    - {type: fan_out, degree: 101}\n", "s.yaml:6:31: finance.typologies[0].degree: 101 accounts is out of range; expected 2–100 accounts")]
    [InlineData("finance:\n  laundering_rate: 0.01\n  typologies:\n    - {type: fan_out, degree: 6.5}\n", "s.yaml:6:31: finance.typologies[0].degree: expected a whole number, found 6.5")]
    [InlineData("finance:\n  laundering_rate: 0.01\n  typologies:\n    - type: fan_out\n      degree: uniform(2, 8)\n", "s.yaml:7:15: finance.typologies[0].degree: 'uniform(2, 8)' is a distribution; finance.typologies[0].degree must be a fixed number")]
    [InlineData("finance:\n  currency: USD\n  laundering_rate: 0.01\n  typologies:\n    - {type: fan_out, amount: 50}\n", "s.yaml:7:31: finance.typologies[0].amount: 50 USD is out of range; expected 100–10000000 USD")]
    [InlineData("finance:\n  fraud_rate: 0.01\n  typologies:\n    - type: card_testing\n      test_amount: uniform(1, 20)\n", "s.yaml:7:20: finance.typologies[0].test_amount: uniform(1, 20) can draw values outside 0.01–10 EUR")]
    [InlineData("finance:\n  fraud_rate: 0.01\n  typologies:\n    - {type: bust_out, weight: 0}\n", "s.yaml:6:32: finance.typologies[0].weight: weight must be greater than 0")]
    [InlineData("finance:\n  fraud_rate: 0.01\n  typologies:\n    - {type: bust_out, days: 5}\n", "s.yaml:6:30: finance.typologies[0].days: expected [first, last]: the days an instance may start on, counted from 0 (0–27), e.g. [0, 27]; found '5'")]
    [InlineData("finance:\n  fraud_rate: 0.01\n  typologies:\n    - {type: bust_out, days: [0, 28]}\n", "s.yaml:6:34: finance.typologies[0].days[1]: day 28 is past the last simulated day, 27 (finance.days is 28, counted from 0)")]
    [InlineData("finance:\n  fraud_rate: 0.01\n  typologies:\n    - {type: bust_out, days: [9, 3]}\n", "s.yaml:6:34: finance.typologies[0].days[1]: the last day 3 comes before the first day 9")]
    [InlineData("finance:\n  fraud_rate: 0.01\n  typologies:\n    - {type: bust_out, days: [0.5, 3]}\n", "s.yaml:6:31: finance.typologies[0].days[0]: expected a whole day, found 0.5")]
    [InlineData("finance:\n  typologies: {type: bust_out}\n", "s.yaml:4:15: finance.typologies: expected a list of typologies")]
    // rates and typologies must agree
    [InlineData("finance:\n  typologies:\n    - {type: stolen_card_spree}\n", "s.yaml:5:14: finance.typologies[0].type: stolen_card_spree is a fraud typology, and fraud_rate is not set; give fraud_rate")]
    [InlineData("finance:\n  laundering_rate: 0\n  typologies:\n    - {type: cycle}\n", "s.yaml:4:20: finance.laundering_rate: laundering_rate is 0, and cycle is a laundering typology; laundering typologies need laundering_rate above 0")]
    [InlineData("finance:\n  laundering_rate: 0.001\n", "s.yaml:4:20: finance.laundering_rate: laundering_rate 0.001 asks for laundering, and no laundering typology is scheduled, so nothing could meet it; schedule one under typologies (fan_out, fan_in, cycle, scatter_gather, gather_scatter, bipartite, stack, random_walk, structuring) or leave laundering_rate out")]
    [InlineData("finance:\n  fraud_rate: 0.001\n  laundering_rate: 0.001\n  typologies:\n    - {type: structuring}\n", "s.yaml:4:15: finance.fraud_rate: fraud_rate 0.001 asks for fraud, and no fraud typology is scheduled")]
    // the work bound
    [InlineData("finance:\n  customers: 20000000\n  days: 200\n", "s.yaml:4:14: finance.customers: 20,000,000 customers × 200 days × 1.488 transactions a customer a day (purchases_per_day 1.2 and the monthly ones) is about 5,951,901,437 transactions; a scenario may post at most 5,000,000,000")]
    [InlineData("finance:\n  days: 3660\n  customers: 1000000\n  behaviour: {purchases_per_day: 2}\n", "s.yaml:5:14: finance.customers: 1,000,000 customers × 3,660 days × 2.296 transactions a customer a day")]
    // meta in a finance-only file
    [InlineData("finance: {}\nmeta:\n  name: ledger\n  duration: 10\n", "s.yaml:4:13: meta.duration: duration times the driving simulation, and this file has only a finance section, whose ledger runs finance.days days from finance.start; leave duration out")]
    [InlineData("finance: {}\nmeta:\n  name: ledger\n  dt: 0.1\n", "s.yaml:4:7: meta.dt: dt times the driving simulation")]
    public void Wrong_values_are_refused_where_they_are_written(string finance, string expected)
    {
        SpecText.Refused(finance.StartsWith("finance: {}\nmeta", StringComparison.Ordinal) ? finance : Meta + finance, expected);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        (ScenarioSpec? spec, List<ScenarioDiagnostic> d) = SpecText.Check(Meta + """
            finance:
              customers: 0
              currency: eur
              behaviour: {pay_day: 40}
              categories: [{name: fuel, share: -1}]
              typologies: [{type: fan_outt}]
              observation: {large_amount: 0}
            """);

        Assert.Null(spec);
        Assert.Equal(["finance.customers", "finance.currency", "finance.behaviour.pay_day", "finance.categories[0].share", "finance.typologies[0].type", "finance.observation.large_amount"], d.Select(x => x.Path));
    }

    [Fact]
    public void A_variation_whose_draw_breaks_a_rule_between_keys_is_reported_with_its_index()
    {
        (ScenarioSpec? spec, List<ScenarioDiagnostic> d) = SpecText.Check(Meta + "finance:\n  fraud_rate: choice([0, 0.01])\n  typologies:\n    - {type: bust_out}\nvariations:\n  count: 20\n");
        Assert.True(spec is not null, string.Join("\n", d)); // at the middle of the choice the rate is above 0

        _ = spec.CheckVariations(ScenarioSpec.VariationsChecked, d);

        ScenarioDiagnostic found = Assert.Single(d);
        Assert.Matches(@"^s\.yaml:4:15: finance\.fraud_rate: variation [0-9]+: fraud_rate is 0, and bust_out is a fraud typology", found.ToString());
    }
}
