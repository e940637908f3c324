using System.Globalization;
using System.Text;
using Sim.Core.Finance;
using Sim.Scenarios.Model;
using Sim.Tests.Infrastructure;

namespace Sim.Scenarios.Tests.Model;

/// <summary><c>docs/scenarios.md</c>'s <c>finance</c> part held to the code: its typology parameter table, written by
/// hand, says what <see cref="TypologyCatalog"/> says, and its example file is valid.</summary>
public class FinanceDocumentationTests
{
    private const string TableHeader = "| typology | kind | parameter | default | range | unit | whole | meaning |";

    private static readonly Lazy<string> Doc = new(() => File.ReadAllText(RepositoryRoot.Combine("docs", "scenarios.md"), Encoding.UTF8));

    /// <summary>The <c>finance</c> part of the document, up to the next section.</summary>
    private static string FinancePart
    {
        get
        {
            string doc = Doc.Value;
            int start = doc.IndexOf("\n## `finance`\n", StringComparison.Ordinal);
            Assert.True(start >= 0, "docs/scenarios.md has no '## `finance`' section");
            int end = doc.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
            return doc[start..(end < 0 ? doc.Length : end)];
        }
    }

    [Fact]
    public void The_typology_table_is_the_catalog_row_by_row()
    {
        string[] lines = FinancePart.Split('\n');
        int header = Array.IndexOf(lines, TableHeader);
        Assert.True(header >= 0, $"no table headed {TableHeader}");
        string[] rows = [.. lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|'))];

        string[] expected =
        [
            .. TypologyCatalog.All.SelectMany(t => TypologyCatalog.Of(t).Select(p => Row(t, p))),
        ];
        Assert.Equal(expected.Length, rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.True(Normalise(rows[i]) == expected[i], $"row {i + 1}:\n  doc:     {rows[i]}\n  catalog: {expected[i]}");
        }
    }

    [Fact]
    public void The_example_file_is_valid_and_reads_as_it_says()
    {
        string part = FinancePart;
        int start = part.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        string yaml = part[start..part.IndexOf("```", start, StringComparison.Ordinal)];

        ScenarioInstance instance = SpecText.Instance(yaml, 3);

        FinanceSpec f = instance.Finance!;
        Assert.Equal((10_000, 800, 28, new DateOnly(2026, 1, 5), "EUR", 0.0005), (f.Customers, f.Merchants, f.Days, f.Start, f.Currency, f.LaunderingRate));
        Assert.InRange(f.FraudRate!.Value, 0.0005, 0.002);
        Assert.Equal(["grocery", "pets"], f.Categories.Select(c => c.Name));
        Assert.Equal([Typology.AccountTakeover, Typology.FanOut], f.Typologies.Select(t => t.Kind));
        Assert.Equal(4, SpecText.Check(yaml).Spec!.Variations.Count);
    }

    /// <summary>A row as the catalog gives it: numbers in invariant form with thousands separators.</summary>
    private static string Row(Typology typology, TypologyParameter p) =>
        $"| `{FinanceNames.Of(typology)}` | {(FinanceNames.IsLaundering(typology) ? "laundering" : "fraud")} | `{p.Name}` | {Number(p.Default)} | {Number(p.Min)}–{Number(p.Max)} | {p.Unit} | {(p.Whole ? "whole" : string.Empty)} | {p.Meaning} |";

    private static string Number(double value) =>
        value == Math.Floor(value) ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A table row with each cell trimmed, so that alignment padding does not matter.</summary>
    private static string Normalise(string row) =>
        "| " + string.Join(" | ", row.Trim().Trim('|').Split('|').Select(c => c.Trim())) + " |";
}
