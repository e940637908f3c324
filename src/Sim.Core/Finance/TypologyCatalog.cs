namespace Sim.Core.Finance;

/// <summary>One parameter of a typology: its name, default, bounds (inclusive), unit and meaning.</summary>
/// <param name="Name">Snake-case name as scenario files write it.</param>
/// <param name="Default">Value when the scenario leaves it out.</param>
/// <param name="Min">Smallest allowed value.</param>
/// <param name="Max">Largest allowed value.</param>
/// <param name="Unit">Unit (<c>accounts</c>, <c>days</c>, or the currency's major unit as <c>money</c>).</param>
/// <param name="Whole">Whether the value must be a whole number.</param>
/// <param name="Meaning">One line for error messages and documentation.</param>
public sealed record TypologyParameter(string Name, double Default, double Min, double Max, string Unit, bool Whole, string Meaning);

/// <summary>
/// Every typology's parameters. Sizes are bounded so one instance stays small against a day's transactions; the
/// prevalence control shrinks an instance (down to its smallest shape) when the remaining budget is smaller.
/// </summary>
public static class TypologyCatalog
{
    private static TypologyParameter Count(string name, double value, double min, double max, string unit, string meaning) => new(name, value, min, max, unit, true, meaning);

    private static TypologyParameter Money(string name, double value, double min, double max, string meaning) => new(name, value, min, max, "money", false, meaning);

    private static TypologyParameter Span(string name, double value, double min, double max, string unit, string meaning) => new(name, value, min, max, unit, false, meaning);

    private static readonly Dictionary<Typology, TypologyParameter[]> Parameters = new()
    {
        [Typology.AccountTakeover] =
        [
            Count("mules", 3, 1, 20, "accounts", "mule accounts the victim's money is sent to"),
            Span("share_taken", 0.9, 0.1, 1, "of the balance", "share of the victim's available money taken"),
            Span("cash_out_delay_hours", 6, 0, 240, "hours", "mean hours before a mule takes the money out in cash"),
        ],
        [Typology.CardTesting] =
        [
            Count("tests", 12, 2, 100, "payments", "tiny card-not-present payments that test the stolen card"),
            Money("test_amount", 1.5, 0.01, 10, "largest test payment"),
            Money("hit_amount", 900, 50, 20_000, "median of the large payment that follows"),
            Span("minutes", 30, 1, 1_440, "minutes", "how long the tests last"),
        ],
        [Typology.StolenCardSpree] =
        [
            Count("purchases", 8, 2, 60, "payments", "payments made with the stolen card"),
            Span("amount_factor", 4, 1, 50, "times", "how many times the owner's usual amount each payment is"),
            Span("hours", 12, 1, 168, "hours", "how long the spree lasts"),
        ],
        [Typology.BustOut] =
        [
            Count("build_purchases", 8, 2, 60, "payments", "small purchases that build the credit history"),
            Span("build_days", 20, 2, 180, "days", "days over which the history is built"),
            Count("bust_purchases", 6, 1, 40, "payments", "purchases that max the credit out"),
        ],
        [Typology.CompromisedTerminal] =
        [
            Count("cards", 10, 2, 200, "cards", "cards skimmed at the terminal"),
            Span("delay_days", 3, 0, 60, "days", "mean days from the skim to the fraudulent use"),
            Count("uses", 2, 1, 10, "payments", "fraudulent payments per skimmed card"),
        ],
        [Typology.RefundAbuse] =
        [
            Count("refunds", 4, 1, 40, "refunds", "refunds claimed without (or beyond) a purchase"),
            Money("amount", 120, 5, 5_000, "median refund"),
        ],
        [Typology.FanOut] =
        [
            Count("degree", 6, 2, 100, "accounts", "accounts the source sends to"),
            Money("amount", 30_000, 100, 10_000_000, "total moved"),
        ],
        [Typology.FanIn] =
        [
            Count("degree", 6, 2, 100, "accounts", "accounts that send to the target"),
            Money("amount", 30_000, 100, 10_000_000, "total moved"),
        ],
        [Typology.Cycle] =
        [
            Count("length", 5, 3, 50, "accounts", "accounts in the ring"),
            Money("amount", 20_000, 100, 10_000_000, "amount sent round"),
        ],
        [Typology.ScatterGather] =
        [
            Count("degree", 5, 2, 100, "accounts", "intermediate accounts"),
            Money("amount", 30_000, 100, 10_000_000, "total moved"),
        ],
        [Typology.GatherScatter] =
        [
            Count("degree", 5, 2, 100, "accounts", "accounts on each side of the hub"),
            Money("amount", 30_000, 100, 10_000_000, "total moved"),
        ],
        [Typology.Bipartite] =
        [
            Count("senders", 3, 2, 50, "accounts", "accounts on the sending side"),
            Count("receivers", 3, 2, 50, "accounts", "accounts on the receiving side"),
            Money("amount", 30_000, 100, 10_000_000, "total moved"),
        ],
        [Typology.Stack] =
        [
            Count("layers", 3, 2, 10, "layers", "layers of accounts"),
            Count("width", 3, 1, 20, "accounts", "accounts per layer"),
            Money("amount", 30_000, 100, 10_000_000, "total moved"),
        ],
        [Typology.RandomWalk] =
        [
            Count("hops", 6, 2, 100, "transfers", "transfers along the path"),
            Money("amount", 15_000, 100, 10_000_000, "amount moved"),
        ],
        [Typology.Structuring] =
        [
            Count("deposits", 8, 2, 100, "deposits", "cash deposits, each below the reporting threshold"),
            Span("margin", 0.1, 0.01, 0.5, "of the threshold", "how far below the threshold the largest deposit stays"),
        ],
    };

    /// <summary>Every typology that can be scheduled.</summary>
    public static IReadOnlyList<Typology> All { get; } = [.. Parameters.Keys.Order()];

    /// <summary>The parameters of <paramref name="typology"/>, in documentation order.</summary>
    public static IReadOnlyList<TypologyParameter> Of(Typology typology) =>
        Parameters.TryGetValue(typology, out TypologyParameter[]? p) ? p : throw new ArgumentOutOfRangeException(nameof(typology), typology, "No such typology.");

    /// <summary>The parameter <paramref name="name"/> of <paramref name="typology"/>.</summary>
    /// <exception cref="ArgumentException">It has no such parameter.</exception>
    public static TypologyParameter Parameter(Typology typology, string name) =>
        Of(typology).FirstOrDefault(p => p.Name == name) ?? throw new ArgumentException($"{FinanceNames.Of(typology)} has no parameter '{name}'.", nameof(name));
}
