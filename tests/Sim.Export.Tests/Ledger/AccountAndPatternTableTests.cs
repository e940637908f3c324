using Parquet;
using Parquet.Schema;
using Sim.Core.Finance;
using Sim.Export.Ledger;

namespace Sim.Export.Tests.Ledger;

public sealed class AccountAndPatternTableTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-ledger-tables-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static LedgerContext Context()
    {
        AccountTable a = LedgerTestData.Accounts();
        a.FraudRole[3] = PartyRole.Victim;
        a.LaunderingRole[4] = PartyRole.Mule;
        return new LedgerContext(a, "EUR", LedgerTestData.Start);
    }

    [Fact]
    public void Accounts_csv_has_one_documented_row_per_account()
    {
        LedgerContext context = Context();
        string path = Path.Combine(_dir, "accounts.csv");
        AccountTableWriter.WriteCsv(path, context);
        string[] lines = File.ReadAllText(path).Split('\n');
        string[] ids = context.Accounts.Id;
        Assert.Equal("account_id,kind,owner,merchant,opening_balance,limit,currency,fraud_role,laundering_role,is_fraud,is_laundering", lines[0]);
        Assert.Equal(context.Accounts.Count + 2, lines.Length);
        Assert.Equal($"{ids[3]},current,3,,1530.03,0.00,EUR,victim,none,1,0", lines[4]);
        Assert.Equal($"{ids[4]},current,4,,1540.04,500.00,EUR,none,mule,0,1", lines[5]);
        Assert.Equal($"{ids[40]},credit,0,,0.00,2500.00,EUR,none,none,0,0", lines[41]);
        Assert.Equal($"{ids[52]},merchant,,2,0.00,0.00,EUR,none,none,0,0", lines[53]);
        Assert.Equal($"{ids[60]},external,,,0.00,,EUR,none,none,0,0", lines[61]);
    }

    [Fact]
    public async Task Accounts_parquet_in_several_row_groups_holds_every_account_once_in_order()
    {
        // Row groups after the first are slices of the tables (the ids an offset into one string array): a million-customer
        // ledger has 1.06M accounts, two row groups at the default size.
        LedgerContext context = Context();
        string path = Path.Combine(_dir, "grouped.parquet");
        AccountTableWriter.WriteParquet(path, context, rowGroupRows: 7);
        await using ParquetReader reader = await ParquetReader.CreateAsync(path);
        int n = context.Accounts.Count;
        Assert.Equal((n + 6) / 7, reader.RowGroupCount);
        Assert.True(reader.RowGroupCount >= 5, $"{n} accounts");
        var ids = new List<string?>();
        var limits = new List<double?>();
        var kinds = new List<string?>();
        var fraud = new List<bool>();
        for (int r = 0; r < reader.RowGroupCount; r++)
        {
            ParquetRowGroupReader g = reader.OpenRowGroupReader(r);
            int rows = (int)g.RowCount;
            var id = new string?[rows];
            await g.ReadAsync(reader.Schema.FindDataField("account_id"), id.AsMemory());
            var limit = new double?[rows];
            await g.ReadAsync<double>(reader.Schema.FindDataField("limit"), limit);
            var kind = new string?[rows];
            await g.ReadAsync(reader.Schema.FindDataField("kind"), kind.AsMemory());
            var flag = new bool[rows];
            await g.ReadAsync<bool>(reader.Schema.FindDataField("is_fraud"), flag);
            ids.AddRange(id);
            limits.AddRange(limit);
            kinds.AddRange(kind);
            fraud.AddRange(flag);
        }

        AccountTable a = context.Accounts;
        Assert.Equal(a.Id, ids);
        Assert.Equal(a.Limit.Select(l => l >= 0 ? l / 100.0 : (double?)null), limits);
        Assert.Equal(a.Kind.Select(k => FinanceNames.Of(k)), kinds);
        Assert.Equal(a.FraudRole.Select(r => r != PartyRole.None), fraud);
    }

    [Fact]
    public async Task Accounts_parquet_holds_the_same_values()
    {
        LedgerContext context = Context();
        string path = Path.Combine(_dir, "accounts.parquet");
        AccountTableWriter.WriteParquet(path, context);
        await using ParquetReader reader = await ParquetReader.CreateAsync(path);
        Assert.Equal(LedgerColumns.Accounts, reader.Schema.GetDataFields().Select(f => f.Name));
        ParquetRowGroupReader g = reader.OpenRowGroupReader(0);
        int n = context.Accounts.Count;
        Assert.Equal(n, g.RowCount);
        var ids = new string?[n];
        await g.ReadAsync(reader.Schema.FindDataField("account_id"), ids.AsMemory());
        Assert.Equal(context.Accounts.Id, ids);
        var limits = new double?[n];
        await g.ReadAsync<double>(reader.Schema.FindDataField("limit"), limits);
        Assert.Equal(context.Accounts.Limit.Select(l => l >= 0 ? l / 100.0 : (double?)null), limits);
        var owners = new int?[n];
        await g.ReadAsync<int>(reader.Schema.FindDataField("owner"), owners);
        Assert.Equal(context.Accounts.Owner.Select(o => o >= 0 ? o : (int?)null), owners);
        var fraud = new bool[n];
        await g.ReadAsync<bool>(reader.Schema.FindDataField("is_fraud"), fraud);
        Assert.Equal([3], Enumerable.Range(0, n).Where(i => fraud[i]));

        // Every other column, value for value: a column written in another's place would not pass.
        async Task<string?[]> Texts(string column)
        {
            var values = new string?[n];
            await g.ReadAsync(reader.Schema.FindDataField(column), values.AsMemory());
            return values;
        }

        AccountTable a = context.Accounts;
        Assert.Equal(a.Kind.Select(k => FinanceNames.Of(k)), await Texts("kind"));
        Assert.Equal(Enumerable.Repeat(context.Currency, n), await Texts("currency"));
        Assert.Equal(a.FraudRole.Select(r => FinanceNames.Of(r)), await Texts("fraud_role"));
        Assert.Equal(a.LaunderingRole.Select(r => FinanceNames.Of(r)), await Texts("laundering_role"));
        var merchants = new int?[n];
        await g.ReadAsync<int>(reader.Schema.FindDataField("merchant"), merchants);
        Assert.Equal(a.Merchant.Select(m => m >= 0 ? m : (int?)null), merchants);
        var opening = new double[n];
        await g.ReadAsync<double>(reader.Schema.FindDataField("opening_balance"), opening);
        Assert.Equal(a.Opening.Select(o => o / 100.0), opening);
        var laundering = new bool[n];
        await g.ReadAsync<bool>(reader.Schema.FindDataField("is_laundering"), laundering);
        Assert.Equal(a.LaunderingRole.Select(r => r != PartyRole.None), laundering);
    }

    [Fact]
    public void Patterns_csv_joins_members_by_semicolons()
    {
        LedgerContext context = Context();
        string[] ids = context.Accounts.Id;
        PatternRecord[] patterns =
        [
            new(0, Typology.AccountTakeover, [3, 4], context.StartUnixSeconds + 60, context.StartUnixSeconds + 3_661, 2, 150_300),
            new(1, Typology.FanOut, [5, 6, 7, 8], context.StartUnixSeconds + 86_400, context.StartUnixSeconds + 90_000, 3, 27_000_005),
        ];
        string path = Path.Combine(_dir, "patterns.csv");
        PatternTableWriter.WriteCsv(path, patterns, context);
        Assert.Equal(
            "pattern_id,typology,kind,members,start,end,transactions,amount\n"
            + $"0,account_takeover,fraud,{ids[3]};{ids[4]},2026-01-05T00:01:00Z,2026-01-05T01:01:01Z,2,1503.00\n"
            + $"1,fan_out,laundering,{ids[5]};{ids[6]};{ids[7]};{ids[8]},2026-01-06T00:00:00Z,2026-01-06T01:00:00Z,3,270000.05\n",
            File.ReadAllText(path));
        Assert.Throws<ArgumentException>(() => PatternTableWriter.WriteCsv(path, [patterns[1]], context)); // index 1 at position 0
    }

    [Fact]
    public async Task Patterns_parquet_holds_members_as_a_list_of_strings()
    {
        LedgerTestData data = LedgerTestData.Create();
        string path = Path.Combine(_dir, "patterns.parquet");
        PatternTableWriter.WriteParquet(path, data.Patterns, data.Context);
        await using ParquetReader reader = await ParquetReader.CreateAsync(path);
        Assert.IsType<ListField>(reader.Schema.Fields[3]);
        Assert.Equal("members", reader.Schema.Fields[3].Name);
        ParquetRowGroupReader g = reader.OpenRowGroupReader(0);
        DataField element = reader.Schema.GetDataFields()[3];
        string[] ids = data.Context.Accounts.Id;
        string[] expected = [.. data.Patterns.SelectMany(p => p.Members.Select(m => ids[m]))];
        var members = new ReadOnlyMemory<char>[expected.Length];
        var definitions = new int[expected.Length];
        var levels = new int[expected.Length];
        await g.ReadRawAsync<ReadOnlyMemory<char>>(element, members, definitions, levels);
        Assert.Equal(expected, members.Select(m => m.ToString()));
        Assert.Equal(data.Patterns.SelectMany(p => p.Members.Select((_, k) => k == 0 ? 0 : 1)), levels); // 0 opens each pattern's list
        var starts = new DateTime[g.RowCount];
        await g.ReadAsync<DateTime>(reader.Schema.FindDataField("start"), starts);
        Assert.Equal(data.Patterns.Select(p => DateTime.UnixEpoch.AddSeconds(p.Start)), starts);
    }
}
