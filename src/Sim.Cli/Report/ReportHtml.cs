using System.Globalization;
using System.Net;
using System.Text;
using Sim.Export.Report;

namespace Sim.Cli.Report;

/// <summary>
/// Writes <c>report.html</c>: one static page, no script, its style inline, its plots the PNG files beside it (relative
/// paths). Every string that comes from the input (paths, class, parameter and column names, explanations) is
/// HTML-encoded.
/// </summary>
internal static class ReportHtml
{
    /// <summary>The page's file name.</summary>
    public const string FileName = "report.html";

    private const string Style = """
        body { font-family: "DejaVu Sans", sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
        h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
        table { border-collapse: collapse; margin: 1em 0; } td, th { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; } tr.leak { background: #fdd; }
        table.findings { width: 100%; table-layout: fixed; } table.findings td { overflow-wrap: anywhere; }
        table.findings th:nth-child(1), table.findings th:nth-child(4) { width: 10%; } table.findings th:nth-child(2) { width: 14%; }
        table.findings th:nth-child(3) { width: 8%; } table.findings th:nth-child(8) { width: 40%; }
        table.findings th:nth-child(5), table.findings th:nth-child(6), table.findings th:nth-child(7) { width: 6%; }
        table.findings td:last-child { font-size: 0.9em; }
        figure { margin: 1em 0; } figcaption { color: #555; font-size: 0.9em; } img { max-width: 100%; height: auto; }
        """;

    /// <summary>The page for <paramref name="report"/> with its plots (sensor plots, then ledger plots).</summary>
    /// <param name="report">The report's numbers.</param>
    /// <param name="source">The folder the report is of, as the user named it.</param>
    /// <param name="sensorPlots">The sensor plots written beside the page.</param>
    /// <param name="ledgerPlots">The ledger plots written beside the page.</param>
    public static string Page(QualityReport report, string source, IReadOnlyList<ReportPlot> sensorPlots, IReadOnlyList<ReportPlot> ledgerPlots)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Sim quality report: ")
            .Append(E(source)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");
        html.Append("<h1>Sim quality report: ").Append(E(source)).Append("</h1>\n");
        DiscoveredDatasets found = report.Found;
        html.Append(I($"<p>{report.Sensors.Datasets:N0} sensor datasets, {report.Ledgers.Datasets:N0} ledgers, {found.Incomplete.Count:N0} incomplete (no manifest.json: not read). The numbers behind every plot are in <a href=\"{QualityReport.FileName}\">{QualityReport.FileName}</a>.</p>\n"));
        if (found.Incomplete.Count > 0)
        {
            html.Append("<details><summary>Incomplete folders</summary><ul>\n");
            foreach (string path in found.Incomplete.Take(200))
            {
                html.Append("<li>").Append(E(path)).Append("</li>\n");
            }

            html.Append(found.Incomplete.Count > 200 ? "<li>…</li>\n" : "").Append("</ul></details>\n");
        }

        if (report.Sensors.Datasets > 0)
        {
            Sensors(html, report.Sensors, sensorPlots);
        }

        if (report.Ledgers.Datasets > 0)
        {
            Ledgers(html, report.Ledgers, ledgerPlots);
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Sensors(StringBuilder html, SensorStatistics s, IReadOnlyList<ReportPlot> plots)
    {
        html.Append("<h2>Sensor datasets</h2>\n");
        html.Append(I($"<p>{s.Datasets:N0} datasets, {s.Frames:N0} frames, {s.LidarPoints:N0} LiDAR points. Labels read from: "))
            .Append(E(string.Join(", ", s.LabelSources.Select(p => I($"{p.Key} ({p.Value:N0})"))))).Append(".</p>\n");
        html.Append("<table>\n<tr><th>class</th><th>labels read</th><th>manifests' labels_per_class</th></tr>\n");
        foreach (string name in s.LabelsPerClass.Keys.Union(s.ManifestLabelsPerClass.Keys).Order(StringComparer.Ordinal))
        {
            html.Append("<tr><td>").Append(E(name)).Append("</td>").Append(Number(s.LabelsPerClass.GetValueOrDefault(name))).Append(Number(s.ManifestLabelsPerClass.GetValueOrDefault(name))).Append("</tr>\n");
        }

        html.Append("</table>\n");
        Figures(html, plots);
        if (s.TextWeather.Count > 0)
        {
            html.Append("<table>\n<tr><th>weather parameter</th><th>value</th><th>variations</th></tr>\n");
            foreach ((string name, SortedDictionary<string, long> values) in s.TextWeather)
            {
                foreach ((string value, long count) in values)
                {
                    html.Append("<tr><td>").Append(E(name)).Append("</td><td>").Append(E(value)).Append("</td>").Append(Number(count)).Append("</tr>\n");
                }
            }

            html.Append("</table>\n");
        }
    }

    private static void Ledgers(StringBuilder html, LedgerStatistics l, IReadOnlyList<ReportPlot> plots)
    {
        html.Append("<h2>Ledgers</h2>\n");
        html.Append(I($"<p>{l.Datasets:N0} ledgers, {l.Transactions:N0} entries read ({l.Fraud:N0} fraud, {l.Laundering:N0} laundering); the manifests count {l.ManifestTransactions:N0} ({l.ManifestFraud:N0} fraud, {l.ManifestLaundering:N0} laundering) and {l.ManifestPatterns:N0} patterns. Currency: ")).Append(E(string.Join(", ", l.Currencies))).Append(".</p>\n");
        Figures(html, plots);
        html.Append("<table>\n<tr><th>typology</th><th>entries</th><th>manifests' entries</th><th>patterns</th></tr>\n");
        foreach (string t in l.TypologyRows.Keys.Union(l.ManifestTypologyRows.Keys).Union(l.TypologyPatterns.Keys).Order(StringComparer.Ordinal))
        {
            html.Append("<tr><td>").Append(E(t)).Append("</td>").Append(Number(l.TypologyRows.GetValueOrDefault(t))).Append(Number(l.ManifestTypologyRows.GetValueOrDefault(t))).Append(Number(l.TypologyPatterns.GetValueOrDefault(t))).Append("</tr>\n");
        }

        html.Append("</table>\n");
        html.Append("<h2>Leakage check</h2>\n");
        IReadOnlyList<LeakageRow> rows = l.Leakage;
        html.Append(I($"<p>{l.LeakageChecked:N0} of {l.Datasets:N0} ledgers have a leakage.json; {rows.Count(r => r.Flagged > 0):N0} findings flagged as leaks in at least one. A flagged column predicts a label by itself, which a model would learn instead of the behaviour.</p>\n"));
        if (rows.Count > 0)
        {
            html.Append("<table class=\"findings\">\n<tr><th>label</th><th>column</th><th>source</th><th>measure</th><th>min</th><th>max</th><th>flagged</th><th>explanation</th></tr>\n");
            foreach (LeakageRow r in rows.OrderBy(r => r.Flagged > 0 ? 0 : 1))
            {
                html.Append(r.Flagged > 0 ? "<tr class=\"leak\">" : "<tr>")
                    .Append("<td>").Append(E(r.Label)).Append("</td><td>").Append(E(r.Column)).Append("</td><td>").Append(E(r.Source)).Append("</td><td>").Append(E(r.Measure)).Append("</td>")
                    .Append(I($"<td class=\"n\">{r.Min:0.000}</td><td class=\"n\">{r.Max:0.000}</td><td class=\"n\">{r.Flagged:N0} of {r.Ledgers:N0}</td>"))
                    .Append("<td>").Append(E(r.Explanation)).Append("</td></tr>\n");
            }

            html.Append("</table>\n");
        }
    }

    private static void Figures(StringBuilder html, IReadOnlyList<ReportPlot> plots)
    {
        foreach (ReportPlot p in plots)
        {
            html.Append(I($"<figure>\n<img src=\"{E(p.FileName)}\" width=\"{p.Width}\" height=\"{p.Height}\" alt=\"{E(p.Title)}\">\n<figcaption>{E(p.Title)}: {E(p.Caption)}</figcaption>\n</figure>\n"));
        }
    }

    private static string Number(long n) => I($"<td class=\"n\">{n:N0}</td>");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
