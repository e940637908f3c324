using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sim.Export.Files;

namespace Sim.Export.Ledger;

/// <summary>
/// What <see cref="LeakageCheck"/> found: the row counts, the thresholds and one finding per scored feature and label,
/// printable (<see cref="ToString"/>: the leaks first) and written as <c>leakage.json</c>.
/// </summary>
public sealed class LeakageReport
{
    /// <summary>The file name in a dataset.</summary>
    public const string FileName = "leakage.json";

    /// <summary>The JSON format's name.</summary>
    public const string Format = "sim.leakage";

    /// <summary>The JSON layout version.</summary>
    public const int Version = 1;

    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A report.</summary>
    public LeakageReport(long rows, long fraudRows, long launderingRows, LeakageThresholds thresholds, IReadOnlyList<LeakageFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(findings);
        Rows = rows;
        FraudRows = fraudRows;
        LaunderingRows = launderingRows;
        Thresholds = thresholds;
        Findings = findings;
    }

    /// <summary>Entries checked.</summary>
    public long Rows { get; }

    /// <summary>Entries with <c>is_fraud</c>.</summary>
    public long FraudRows { get; }

    /// <summary>Entries with <c>is_laundering</c>.</summary>
    public long LaunderingRows { get; }

    /// <summary>The thresholds applied.</summary>
    public LeakageThresholds Thresholds { get; }

    /// <summary>Every finding, in column order, <c>is_fraud</c>'s before <c>is_laundering</c>'s.</summary>
    public IReadOnlyList<LeakageFinding> Findings { get; }

    /// <summary>The findings flagged as leaks.</summary>
    public IReadOnlyList<LeakageFinding> Leaks => [.. Findings.Where(f => f.Flagged)];

    /// <summary>The finding for <paramref name="column"/> and <paramref name="label"/>, if it was scored.</summary>
    public LeakageFinding? Find(string column, string label = "is_fraud") => Findings.FirstOrDefault(f => f.Column == column && f.Label == label);

    /// <summary>Writes <c>leakage.json</c> to <paramref name="path"/> atomically.</summary>
    public void Write(string path) => AtomicFile.Write(path, WriteJson);

    /// <summary>The JSON document (UTF-8, indented, LF line ends).</summary>
    public void WriteJson(Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, JsonOptions with { NewLine = "\n" });
        w.WriteStartObject();
        w.WriteString("format", Format);
        w.WriteNumber("version", Version);
        w.WriteNumber("rows", Rows);
        w.WriteNumber("is_fraud_rows", FraudRows);
        w.WriteNumber("is_laundering_rows", LaunderingRows);
        w.WriteStartObject("thresholds");
        w.WriteNumber("auc", Thresholds.Auc);
        w.WriteNumber("precision", Thresholds.Precision);
        w.WriteNumber("recall", Thresholds.Recall);
        w.WriteNumber("max_distinct_values", Thresholds.MaxDistinctValues);
        w.WriteEndObject();
        w.WriteNumber("leaks", Findings.Count(f => f.Flagged));
        w.WriteStartArray("findings");
        foreach (LeakageFinding f in Findings)
        {
            w.WriteStartObject();
            w.WriteString("column", f.Column);
            w.WriteString("label", f.Label);
            w.WriteString("source", SourceName(f.Source));
            w.WriteString("measure", f.Measure);
            w.WriteNumber("value", f.Value);
            w.WriteBoolean("flagged", f.Flagged);
            if (f.Rule is not null)
            {
                w.WriteString("rule", f.Rule);
            }

            if (f.Recall is double recall)
            {
                w.WriteNumber("recall", recall);
            }

            if (f.HigherMeansLabel is bool higher)
            {
                w.WriteBoolean("higher_means_label", higher);
            }

            if (f.Information is double information)
            {
                w.WriteNumber("information", information);
            }

            w.WriteString("explanation", f.Explanation);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The JSON document as text.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        WriteJson(buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>One line per finding, leaks first: <c>LEAK is_fraud from_balance_after_is_zero: …</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(FormattableString.Invariant($"leakage check: {Rows} entries, {FraudRows} is_fraud, {LaunderingRows} is_laundering; {Findings.Count(f => f.Flagged)} leaks\n"));
        foreach (LeakageFinding f in Findings.OrderBy(f => f.Flagged ? 0 : 1))
        {
            string mark = f.Flagged ? "LEAK" : f.Source == LeakageSource.ObservedLabel ? "obs " : "ok  ";
            text.Append(mark).Append(' ').Append(f.Label).Append(' ').Append(f.Column).Append(": ").Append(f.Explanation).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The source's name in JSON: <c>column</c>, <c>derived</c> or <c>observed_label</c>.</summary>
    public static string SourceName(LeakageSource source) => source switch
    {
        LeakageSource.Column => "column",
        LeakageSource.Derived => "derived",
        _ => "observed_label",
    };
}
