using Sim.Core.Finance;
using Sim.Scenarios.Model;
using Sim.Scenarios.Yaml;
using Sim.Tests.Infrastructure;

namespace Sim.Scenarios.Tests;

public class ShippedFinanceScenarioTests
{
    /// <summary>The fraud and laundering scenarios issue 7 asks to ship.</summary>
    private static readonly string[] Required = ["retail-card-fraud", "mobile-money-takeover", "laundering-typologies", "card-testing-burst"];

    public static TheoryData<string> Files => new(Directory.GetFiles(RepositoryRoot.Combine("scenarios"), "*.yaml").Where(ShippedScenarioTests.IsFinanceOnly).Select(Path.GetFileName)!);

    private static ScenarioSpec Load(string file)
    {
        var d = new List<ScenarioDiagnostic>();
        ScenarioSpec? spec = ScenarioSpec.Load(RepositoryRoot.Combine("scenarios", file), d);
        Assert.True(spec is not null, string.Join("\n", d));
        return spec;
    }

    [Fact]
    public void The_four_fraud_and_laundering_scenarios_ship()
    {
        string[] shipped = [.. Directory.GetFiles(RepositoryRoot.Combine("scenarios"), "*.yaml").Where(ShippedScenarioTests.IsFinanceOnly).Select(Path.GetFileNameWithoutExtension)!];
        Assert.Empty(Required.Except(shipped));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_shipped_ledger_scenario_is_valid_varies_and_its_variations_instantiate(string file)
    {
        ScenarioSpec spec = Load(file);
        Assert.Equal(Path.GetFileNameWithoutExtension(file), spec.Meta.Name);
        Assert.NotEmpty(spec.Meta.Description);
        Assert.NotEmpty(spec.Plan.Entries);
        for (int i = 0; i < 10; i++)
        {
            var d = new List<ScenarioDiagnostic>();
            FinanceSpec finance = spec.Instantiate(null, i, d)?.Finance ?? throw new InvalidOperationException(string.Join("\n", d));
            Assert.NotEmpty(finance.Typologies);
            Assert.True(finance.FraudRate is not null || finance.LaunderingRate is not null, $"{file} v{i} has no rate to meet");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_shipped_ledger_scenario_scaled_down_meets_its_rates_and_makes_each_of_its_typologies(string file)
    {
        var d = new List<ScenarioDiagnostic>();
        FinanceSpec finance = Load(file).Instantiate(null, 0, d)!.Finance!;

        // A quarter of the customers (at least 4,000) over the whole period: the same mix, in a test's time.
        FinanceSpec small = finance with { Customers = Math.Max(4_000, finance.Customers / 4), Merchants = Math.Max(200, finance.Merchants / 4) };
        var simulation = new FinanceSimulation(small, 3, 2);
        simulation.Run(_ => { });
        FinanceSummary s = simulation.Summary;
        foreach ((double? target, long labelled) in new[] { (small.FraudRate, s.Fraud), (small.LaunderingRate, s.Laundering) })
        {
            if (target is double rate)
            {
                Assert.InRange(labelled / (double)s.Posted, rate * 0.9, rate * 1.1);
            }
            else
            {
                Assert.Equal(0, labelled);
            }
        }

        Assert.All(small.Typologies, t => Assert.True(s.ByTypology.ContainsKey(FinanceNames.Of(t.Kind)), $"{file}: no {FinanceNames.Of(t.Kind)} made"));
    }
}
