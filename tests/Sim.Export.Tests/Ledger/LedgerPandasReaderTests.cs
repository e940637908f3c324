using System.Text.Json;
using Sim.Core.Finance;
using Sim.Export.Ledger;
using Sim.Tests.Infrastructure;

namespace Sim.Export.Tests.Ledger;

/// <summary>
/// Our ledger CSV files read the way a data scientist reads them, with Debian's pandas and its defaults
/// (<c>pd.read_csv(path)</c>): the column names, the row count, the dtypes pandas infers, and values. Debian bookworm has
/// no Python Parquet reader (no python3-pyarrow or python3-fastparquet), so the Parquet files are held against
/// Parquet.Net here and against a non-.NET reader only by hand (docs/ledgers.md). Skipped where pandas is missing.
/// </summary>
public sealed class LedgerPandasReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-ledger-pandas-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [PythonFact("pandas")]
    public void Pandas_reads_paysim_csv_as_PaySims_data_set()
    {
        LedgerTestData data = LedgerTestData.Create();
        string path = Path.Combine(_dir, "paysim.csv");
        using (var writer = new PaySimWriter(path, data.Context))
        {
            data.WriteAll(writer);
        }

        const string Script = """
            import json, sys
            import pandas as pd
            df = pd.read_csv(sys.argv[1])
            print(json.dumps({
                "columns": list(df.columns),
                "rows": len(df),
                "dtypes": {c: str(t) for c, t in df.dtypes.items()},
                "types": sorted(df["type"].unique().tolist()),
                "first_step": int(df["step"].min()),
                "fraud": int(df["isFraud"].sum()),
                "flagged": int(df["isFlaggedFraud"].sum()),
                "flagged_amount": float(df.loc[df["isFlaggedFraud"] == 1, "amount"].iloc[0]),
                "cash_in_rises": bool(((df["type"] != "CASH_IN") | (df["newbalanceOrig"] > df["oldbalanceOrg"])).all()),
                "row0": [str(v) for v in df.iloc[0].tolist()],
            }))
            """;
        using JsonDocument json = JsonDocument.Parse(Python.Run(Script, path));
        JsonElement r = json.RootElement;
        TransactionBatch all = LedgerTestData.Concat(data.Batches);
        Assert.Equal(LedgerColumns.PaySim, r.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(all.Count, r.GetProperty("rows").GetInt32());
        JsonElement dtypes = r.GetProperty("dtypes");
        Assert.Equal("int64", dtypes.GetProperty("step").GetString());
        Assert.Equal("float64", dtypes.GetProperty("amount").GetString());
        Assert.Equal("float64", dtypes.GetProperty("oldbalanceOrg").GetString());
        Assert.Equal("object", dtypes.GetProperty("nameOrig").GetString());
        Assert.Equal("int64", dtypes.GetProperty("isFraud").GetString());
        Assert.Equal(["CASH_IN", "CASH_OUT", "PAYMENT", "TRANSFER"], r.GetProperty("types").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(((all.Time[0] - data.Context.StartUnixSeconds) / 3600) + 1, r.GetProperty("first_step").GetInt64()); // PaySim counts hours from 1
        Assert.Equal(all.IsFraud.Take(all.Count).Count(f => f), r.GetProperty("fraud").GetInt32());
        Assert.Equal(1, r.GetProperty("flagged").GetInt32());
        Assert.Equal(200_000.01, r.GetProperty("flagged_amount").GetDouble());
        Assert.True(r.GetProperty("cash_in_rises").GetBoolean()); // the customer is nameOrig, credited
        string[] row0 = [.. r.GetProperty("row0").EnumerateArray().Select(v => v.GetString()!)];
        Assert.Equal(data.Context.Accounts.Id[LedgerNames.PaySimCreditsOrigin(all.Type[0]) ? all.To[0] : all.From[0]], row0[3]);
        Assert.Equal(all.Amount[0] / 100.0, double.Parse(row0[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    [PythonFact("pandas")]
    public void Pandas_reads_transactions_csv_with_times_in_UTC_and_empty_fields_as_missing()
    {
        LedgerTestData data = LedgerTestData.Create();
        string path = Path.Combine(_dir, "transactions.csv");
        using (var writer = new TransactionCsvWriter(path, data.Context))
        {
            data.WriteAll(writer);
        }

        const string Script = """
            import json, sys
            import pandas as pd
            df = pd.read_csv(sys.argv[1], parse_dates=["time", "reported_at"])
            print(json.dumps({
                "columns": list(df.columns),
                "rows": len(df),
                "dtypes": {c: str(t) for c, t in df.dtypes.items()},
                "time0": int(df["time"].iloc[0].timestamp()),
                "cents": [int(round(x * 100)) for x in df["amount"].head(50)],
                "no_merchant": int(df["merchant"].isna().sum()),
                "no_pattern": int(df["pattern_id"].isna().sum()),
                "reported": int(df["reported_at"].notna().sum()),
                "fraud": int(df["is_fraud"].sum()),
                "laundering": int(df["is_laundering"].sum()),
                "alerts": sorted(df["alert"].dropna().unique().tolist()),
            }))
            """;
        using JsonDocument json = JsonDocument.Parse(Python.Run(Script, path));
        JsonElement r = json.RootElement;
        TransactionBatch all = LedgerTestData.Concat(data.Batches);
        Assert.Equal(LedgerColumns.Transactions, r.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(all.Count, r.GetProperty("rows").GetInt32());
        JsonElement dtypes = r.GetProperty("dtypes");
        Assert.Equal("datetime64[ns, UTC]", dtypes.GetProperty("time").GetString());
        Assert.Equal("datetime64[ns, UTC]", dtypes.GetProperty("reported_at").GetString());
        Assert.Equal("float64", dtypes.GetProperty("amount").GetString());
        Assert.Equal("int64", dtypes.GetProperty("id").GetString());
        Assert.Equal("int64", dtypes.GetProperty("is_fraud").GetString());
        Assert.Equal(all.Time[0], r.GetProperty("time0").GetInt64());
        Assert.Equal(all.Amount.Take(50), r.GetProperty("cents").EnumerateArray().Select(c => c.GetInt64()));
        Assert.Equal(all.Merchant.Take(all.Count).Count(m => m < 0), r.GetProperty("no_merchant").GetInt32());
        Assert.Equal(all.Pattern.Take(all.Count).Count(p => p < 0), r.GetProperty("no_pattern").GetInt32());
        Assert.Equal(all.ReportedAt.Take(all.Count).Count(t => t != 0), r.GetProperty("reported").GetInt32());
        Assert.Equal(all.IsFraud.Take(all.Count).Count(f => f), r.GetProperty("fraud").GetInt32());
        Assert.Equal(all.IsLaundering.Take(all.Count).Count(f => f), r.GetProperty("laundering").GetInt32());
        Assert.Equal(
            all.Alert.Take(all.Count).Where(a => a != AlertRule.None).Distinct().Select(LedgerNames.Of).Order(StringComparer.Ordinal),
            r.GetProperty("alerts").EnumerateArray().Select(a => a.GetString()));
    }
}
