namespace Sim.Core.Finance;

/// <summary>A customer agent's profile (ECS component). Amounts are minor units.</summary>
/// <param name="Index">Customer number, 0-based (stable: the key of its random streams).</param>
/// <param name="AgeBand">Age band: 0 = 18–24, 1 = 25–34, 2 = 35–49, 3 = 50–64, 4 = 65+.</param>
/// <param name="Segment">Segment: 0 = mass, 1 = affluent, 2 = student, 3 = small business.</param>
/// <param name="Region">Home region (merchants nearby are preferred).</param>
/// <param name="MonthlyIncome">Monthly salary, minor units.</param>
/// <param name="Activity">How active the customer is relative to the average (log-normal, mean about 1).</param>
/// <param name="SpendScale">Multiplier on purchase amounts (richer customers spend more a purchase).</param>
public readonly record struct CustomerProfile(int Index, byte AgeBand, byte Segment, ushort Region, long MonthlyIncome, float Activity, float SpendScale);

/// <summary>What a customer holds (ECS component): account numbers in the <see cref="AccountTable"/>.</summary>
/// <param name="Current">The current account (debit card payments, transfers, cash, salary).</param>
/// <param name="Credit">The credit-card account, or −1.</param>
public readonly record struct Holdings(int Current, int Credit);

/// <summary>A merchant agent (ECS component).</summary>
/// <param name="Index">Merchant number, 0-based.</param>
/// <param name="Category">Index into the scenario's spending categories; −1 for billers (utilities, telecoms, loans).</param>
/// <param name="Account">Its settlement account.</param>
/// <param name="Region">Region of its shops.</param>
/// <param name="Terminals">Card terminals.</param>
/// <param name="Online">Whether it sells online only.</param>
public readonly record struct MerchantProfile(int Index, int Category, int Account, ushort Region, byte Terminals, bool Online);

/// <summary>An account (ECS component); balances live in the ledger, which posts every entry.</summary>
/// <param name="Index">Account number.</param>
/// <param name="Kind">Kind.</param>
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential, Pack = 1)]
public readonly record struct BankAccount(int Index, AccountKind Kind);
