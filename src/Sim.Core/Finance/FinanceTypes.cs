namespace Sim.Core.Finance;

/// <summary>What a ledger entry is. Every entry debits one account and credits another (double entry).</summary>
public enum TransactionType : byte
{
    /// <summary>A card payment at a merchant's terminal (card present): customer → merchant.</summary>
    CardPresent,

    /// <summary>A card payment online or by phone (card not present): customer → merchant.</summary>
    CardNotPresent,

    /// <summary>A transfer between two customers' accounts.</summary>
    Transfer,

    /// <summary>Cash paid in at a branch or agent: the cash network's external account → customer.</summary>
    CashIn,

    /// <summary>Cash taken out at an ATM or agent: customer → the cash network's external account.</summary>
    CashOut,

    /// <summary>A bill or loan payment: customer → a biller (a merchant).</summary>
    Payment,

    /// <summary>Pay from an employer outside the simulated banks: the employers' external account → customer.</summary>
    Salary,

    /// <summary>A merchant refunding a purchase: merchant → customer.</summary>
    Refund,

    /// <summary>A disputed card payment reversed by the card scheme, days after it: merchant → customer.</summary>
    Chargeback,
}

/// <summary>The kind of an account.</summary>
public enum AccountKind : byte
{
    /// <summary>A customer's current (checking) account, possibly with an overdraft.</summary>
    Current,

    /// <summary>A customer's credit-card account: it may go down to minus its credit limit.</summary>
    Credit,

    /// <summary>A merchant's settlement account.</summary>
    Merchant,

    /// <summary>A counterpart outside the simulated banks (employers, the cash network): where money enters and leaves.
    /// Its balance is the negative of what has entered through it, without limit.</summary>
    External,
}

/// <summary>The fraud and laundering typologies Sim schedules. <see cref="None"/> is legitimate activity.</summary>
public enum Typology : byte
{
    /// <summary>Legitimate activity.</summary>
    None,

    /// <summary>Account takeover with mule cash-out (PaySim): a victim's account emptied by transfers to mules, who
    /// take the money out in cash.</summary>
    AccountTakeover,

    /// <summary>Card testing: many tiny card-not-present payments on a stolen card, then a large hit.</summary>
    CardTesting,

    /// <summary>Stolen-card spree (Sparkov): a burst of card payments far above the owner's habits.</summary>
    StolenCardSpree,

    /// <summary>Bust-out: a credit account built up with small repaid purchases, then maxed out and abandoned.</summary>
    BustOut,

    /// <summary>A compromised terminal: cards used at it are defrauded later, elsewhere.</summary>
    CompromisedTerminal,

    /// <summary>Refund abuse: purchases refunded more than once, or refunds without a purchase.</summary>
    RefundAbuse,

    /// <summary>Laundering fan-out: one account sends to many.</summary>
    FanOut,

    /// <summary>Laundering fan-in: many accounts send to one.</summary>
    FanIn,

    /// <summary>Laundering cycle: money goes round a ring of accounts back to where it started.</summary>
    Cycle,

    /// <summary>Scatter-gather: one account sends to many, which all send on to one other.</summary>
    ScatterGather,

    /// <summary>Gather-scatter: many send to one, which sends on to many.</summary>
    GatherScatter,

    /// <summary>Bipartite: a set of accounts sends to another set, many to many.</summary>
    Bipartite,

    /// <summary>Stack: layers of accounts, each layer sending to the next.</summary>
    Stack,

    /// <summary>Random walk: money hops from account to account along a random path.</summary>
    RandomWalk,

    /// <summary>Structuring (smurfing): cash deposits kept just below the reporting threshold.</summary>
    Structuring,
}

/// <summary>What a party does in a pattern.</summary>
public enum PartyRole : byte
{
    /// <summary>Not part of a pattern.</summary>
    None,

    /// <summary>Whose money or card was taken.</summary>
    Victim,

    /// <summary>Who commits the fraud or owns the laundered money.</summary>
    Fraudster,

    /// <summary>Who passes money on for others.</summary>
    Mule,

    /// <summary>Where the laundered money ends up.</summary>
    Beneficiary,
}

/// <summary>The stage of laundering a transaction belongs to.</summary>
public enum LaunderingStage : byte
{
    /// <summary>Not laundering.</summary>
    None,

    /// <summary>Dirty money enters the financial system (cash deposits, structuring).</summary>
    Placement,

    /// <summary>Money moves between accounts to hide where it came from.</summary>
    Layering,

    /// <summary>Money leaves the scheme looking legitimate (payments, purchases, withdrawals by the beneficiary).</summary>
    Integration,
}

/// <summary>Names of the enumerations as they are written in ledgers and scenario files (snake case).</summary>
public static class FinanceNames
{
    private static readonly string[] Types = ["card_present", "card_not_present", "transfer", "cash_in", "cash_out", "payment", "salary", "refund", "chargeback"];
    private static readonly string[] Kinds = ["current", "credit", "merchant", "external"];
    private static readonly string[] Typologies =
    [
        "none", "account_takeover", "card_testing", "stolen_card_spree", "bust_out", "compromised_terminal", "refund_abuse",
        "fan_out", "fan_in", "cycle", "scatter_gather", "gather_scatter", "bipartite", "stack", "random_walk", "structuring",
    ];

    private static readonly string[] Roles = ["none", "victim", "fraudster", "mule", "beneficiary"];
    private static readonly string[] Stages = ["none", "placement", "layering", "integration"];

    /// <summary>Every typology's name in <see cref="Typology"/> order.</summary>
    public static IReadOnlyList<string> TypologyNames => Typologies;

    /// <summary>The transaction type's name (<c>card_not_present</c>).</summary>
    public static string Of(TransactionType type) => Types[(int)type];

    /// <summary>The account kind's name.</summary>
    public static string Of(AccountKind kind) => Kinds[(int)kind];

    /// <summary>The typology's name (<c>fan_out</c>).</summary>
    public static string Of(Typology typology) => Typologies[(int)typology];

    /// <summary>The role's name.</summary>
    public static string Of(PartyRole role) => Roles[(int)role];

    /// <summary>The stage's name.</summary>
    public static string Of(LaunderingStage stage) => Stages[(int)stage];

    /// <summary>The typology named <paramref name="name"/>, if any.</summary>
    public static bool TryParseTypology(string name, out Typology typology)
    {
        int i = Array.IndexOf(Typologies, name);
        typology = i > 0 ? (Typology)i : Typology.None;
        return i > 0;
    }

    /// <summary>Whether a typology is laundering (fan-out … structuring) rather than fraud.</summary>
    public static bool IsLaundering(Typology typology) => typology >= Typology.FanOut;
}
