using Sim.Core.Finance;

namespace Sim.Core.Tests.Finance;

/// <summary>Each pattern's entries have the shape its typology defines (checked on the shared all-typologies run).</summary>
public sealed class TypologyShapeTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    private LedgerRun Run => fixture.Run;

    /// <summary>The instances of <paramref name="typology"/> that began ten days or more before the end (later ones
    /// may be cut off by it).</summary>
    private IEnumerable<(PatternRecord Pattern, List<Entry> Entries)> Instances(Typology typology)
    {
        Dictionary<int, List<Entry>> byPattern = Run.Entries.Where(e => e.Pattern >= 0).GroupBy(e => e.Pattern).ToDictionary(g => g.Key, g => g.ToList());
        long whole = Run.Simulation.End - (10 * 86_400);
        List<(PatternRecord, List<Entry>)> found = [.. Run.Simulation.Patterns.Where(p => p.Typology == typology && byPattern.ContainsKey(p.Index) && p.Start < whole).Select(p => (p, byPattern[p.Index]))];
        Assert.NotEmpty(found);
        return found;
    }

    private static List<Entry> Layering(List<Entry> entries) => [.. entries.Where(e => e.Stage == LaunderingStage.Layering)];

    [Fact]
    public void Fan_out_sends_from_one_account_to_degree_distinct_accounts_after_placing_cash()
    {
        foreach ((PatternRecord p, List<Entry> entries) in Instances(Typology.FanOut))
        {
            List<Entry> layering = Layering(entries);
            Assert.Single(layering.Select(e => e.From).Distinct());
            Assert.Equal(layering.Count, layering.Select(e => e.To).Distinct().Count());
            Assert.Equal(p.Members.Count - 1, layering.Count); // full degree (shrunk instances included: the degree is what was made)
            Entry placement = Assert.Single(entries, e => e.Stage == LaunderingStage.Placement);
            Assert.Equal(TransactionType.CashIn, placement.Type);
            Assert.Equal(layering[0].From, placement.To);
            Assert.True(placement.Time < layering.Min(e => e.Time));
        }
    }

    [Fact]
    public void Fan_in_gathers_from_degree_accounts_into_one()
    {
        foreach ((_, List<Entry> entries) in Instances(Typology.FanIn))
        {
            List<Entry> layering = Layering(entries);
            Assert.Single(layering.Select(e => e.To).Distinct());
            Assert.Equal(layering.Count, layering.Select(e => e.From).Distinct().Count());
            Assert.True(layering.Count >= 2);
        }
    }

    [Fact]
    public void A_cycle_closes_back_on_the_account_that_placed_the_money()
    {
        foreach ((PatternRecord p, List<Entry> entries) in Instances(Typology.Cycle))
        {
            List<Entry> ring = [.. Layering(entries).OrderBy(e => e.Time)];
            if (ring.Count < p.Members.Count)
            {
                continue; // cut off by the end of the period
            }

            for (int i = 1; i < ring.Count; i++)
            {
                Assert.Equal(ring[i - 1].To, ring[i].From);
            }

            Assert.Equal(ring[0].From, ring[^1].To);
            Assert.Equal(p.Members.Count, ring.Count);
            Assert.Equal(entries.Single(e => e.Stage == LaunderingStage.Placement).To, ring[0].From);
        }
    }

    [Fact]
    public void Structuring_keeps_every_deposit_just_below_the_reporting_threshold()
    {
        ObservationSpec o = Run.Simulation.Population.Spec.Observation;
        double margin = TypologyCatalog.Parameter(Typology.Structuring, "margin").Default;
        long threshold = FinancePopulation.Cents(o.ReportingThreshold);
        foreach ((_, List<Entry> entries) in Instances(Typology.Structuring))
        {
            List<Entry> deposits = [.. entries.Where(e => e.Stage == LaunderingStage.Placement)];
            Assert.True(deposits.Count >= 2);
            Assert.All(deposits, d =>
            {
                Assert.Equal(TransactionType.CashIn, d.Type);
                Assert.InRange(d.Amount, (long)(threshold * (1 - margin)), threshold - 1);
            });
            Assert.Single(deposits.Select(d => d.To).Distinct());
        }
    }

    [Fact]
    public void Card_testing_is_tiny_card_not_present_payments_then_a_larger_one_on_the_same_card()
    {
        double test = TypologyCatalog.Parameter(Typology.CardTesting, "test_amount").Default;
        foreach ((_, List<Entry> entries) in Instances(Typology.CardTesting))
        {
            List<Entry> payments = [.. entries.Where(e => e.IsFraud).OrderBy(e => e.Time)];
            Assert.All(payments, e => Assert.Equal(TransactionType.CardNotPresent, e.Type));
            Assert.Single(payments.Select(e => e.From).Distinct());
            Assert.All(payments.SkipLast(1), e => Assert.True(e.Amount <= FinancePopulation.Cents(test)));
            Assert.True(payments[^1].Amount > payments.SkipLast(1).Max(e => e.Amount) || payments[^1].FromAfter <= 0);
        }
    }

    [Fact]
    public void An_account_takeover_moves_the_victims_money_to_mules_who_take_it_out_in_cash()
    {
        foreach ((_, List<Entry> entries) in Instances(Typology.AccountTakeover))
        {
            List<Entry> transfers = [.. entries.Where(e => e.Type == TransactionType.Transfer)];
            Assert.Single(transfers.Select(e => e.From).Distinct());
            Assert.All(transfers, e => Assert.Equal((PartyRole.Victim, PartyRole.Mule), (e.FromRole, e.ToRole)));
            var mules = transfers.Select(e => e.To).ToHashSet();
            List<Entry> cash = [.. entries.Where(e => e.Type == TransactionType.CashOut)];
            Assert.All(cash, e => Assert.Contains(e.From, mules));
            Assert.All(cash, c => Assert.True(c.Amount <= transfers.Where(t => t.To == c.From).Sum(t => t.Amount)));

            // No tell: the victim keeps part of the money (PaySim's fraud rows all leave 0 behind).
            Assert.Contains(transfers, e => e.FromAfter != 0);
        }
    }

    [Fact]
    public void Layering_hands_on_at_most_what_was_received()
    {
        foreach (Typology t in new[] { Typology.ScatterGather, Typology.GatherScatter, Typology.Stack, Typology.RandomWalk, Typology.Bipartite })
        {
            foreach ((_, List<Entry> entries) in Instances(t))
            {
                var received = new Dictionary<int, long>();
                foreach (Entry e in entries.OrderBy(e => e.Id))
                {
                    if (e.Stage != LaunderingStage.Placement && e.FromRole is PartyRole.Mule or PartyRole.Beneficiary)
                    {
                        Assert.True(e.Amount <= received.GetValueOrDefault(e.From), $"{t}: entry {e.Id} passes on {e.Amount} of {received.GetValueOrDefault(e.From)} received");
                    }

                    received[e.To] = received.GetValueOrDefault(e.To) + e.Amount;
                    received[e.From] = received.GetValueOrDefault(e.From) - e.Amount;
                }
            }
        }
    }
}
