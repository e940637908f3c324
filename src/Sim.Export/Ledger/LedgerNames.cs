using Sim.Core.Finance;

namespace Sim.Export.Ledger;

/// <summary>
/// The words ledger files use beyond <see cref="FinanceNames"/>: alert rules in snake case, PaySim's five transaction
/// types, and the reverse look-ups readers need.
/// </summary>
public static class LedgerNames
{
    private static readonly string[] Alerts = ["none", "large_amount", "cash_near_threshold", "rapid_drain", "velocity"];

    // PaySim types by TransactionType: card payments and bills are PAYMENT; money arriving from outside or back from a
    // merchant (cash in, salary, refund, chargeback) is CASH_IN. PaySim's DEBIT (to a bank outside) has no counterpart.
    private static readonly string[] PaySimTypes = ["PAYMENT", "PAYMENT", "TRANSFER", "CASH_IN", "CASH_OUT", "PAYMENT", "CASH_IN", "CASH_IN", "CASH_IN"];

    private static readonly bool[] CreditsOrigin = [.. PaySimTypes.Select(t => t == "CASH_IN")];

    private static readonly Dictionary<string, TransactionType> TypeByName = ByName<TransactionType>(FinanceNames.Of);
    private static readonly Dictionary<string, Typology> TypologyByName = ByName<Typology>(FinanceNames.Of);
    private static readonly Dictionary<string, PartyRole> RoleByName = ByName<PartyRole>(FinanceNames.Of);
    private static readonly Dictionary<string, LaunderingStage> StageByName = ByName<LaunderingStage>(FinanceNames.Of);
    private static readonly Dictionary<string, AccountKind> KindByName = ByName<AccountKind>(FinanceNames.Of);
    private static readonly Dictionary<string, AlertRule> AlertByName = ByName<AlertRule>(Of);

    /// <summary>The alert rule's name (<c>rapid_drain</c>; <c>none</c> for no alert, which files write as empty).</summary>
    public static string Of(AlertRule alert) => Alerts[(int)alert];

    /// <summary>The PaySim type an entry is written as: <c>PAYMENT</c>, <c>TRANSFER</c>, <c>CASH_IN</c> or
    /// <c>CASH_OUT</c> (Sim writes no <c>DEBIT</c>).</summary>
    public static string PaySimType(TransactionType type) => PaySimTypes[(int)type];

    /// <summary>Whether PaySim puts the credited account first (<c>nameOrig</c>): for its <c>CASH_IN</c> the customer
    /// is the origin and the balance rises.</summary>
    public static bool PaySimCreditsOrigin(TransactionType type) => CreditsOrigin[(int)type];

    /// <summary>The kind of a ledger entry whose name is <paramref name="name"/>.</summary>
    internal static bool TryParse(string name, out TransactionType value) => TypeByName.TryGetValue(name, out value);

    /// <summary>The typology named <paramref name="name"/>, <c>none</c> included.</summary>
    internal static bool TryParse(string name, out Typology value) => TypologyByName.TryGetValue(name, out value);

    /// <summary>The role named <paramref name="name"/>.</summary>
    internal static bool TryParse(string name, out PartyRole value) => RoleByName.TryGetValue(name, out value);

    /// <summary>The stage named <paramref name="name"/>.</summary>
    internal static bool TryParse(string name, out LaunderingStage value) => StageByName.TryGetValue(name, out value);

    /// <summary>The account kind named <paramref name="name"/>.</summary>
    internal static bool TryParse(string name, out AccountKind value) => KindByName.TryGetValue(name, out value);

    /// <summary>The alert rule named <paramref name="name"/>; the empty string is no alert.</summary>
    internal static bool TryParse(string name, out AlertRule value)
    {
        if (name.Length == 0)
        {
            value = AlertRule.None;
            return true;
        }

        return AlertByName.TryGetValue(name, out value) && value != AlertRule.None;
    }

    private static Dictionary<string, T> ByName<T>(Func<T, string> name)
        where T : struct, Enum
    {
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (T value in Enum.GetValues<T>())
        {
            map.Add(name(value), value);
        }

        return map;
    }
}
