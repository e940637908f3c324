using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sim.Export.Imaging;
using Sim.Export.Manifest;
using Sim.Export.Report;

namespace Sim.Cli.Tests.Report;

/// <summary><c>sim report</c> on a small batch (<see cref="ReportFixture"/>): its numbers are the datasets' own, its PNGs
/// decode at the sizes the page declares, the page links only files that exist and encodes what it quotes, a rerun writes
/// the same report.json, and bad input exits 2 naming the file.</summary>
public sealed partial class ReportCommandTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    private JsonElement Report => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(fixture.Output, QualityReport.FileName))).RootElement;

    private IEnumerable<string> Manifests(string scenario) =>
        Directory.GetDirectories(Path.Combine(fixture.Batch, scenario), "v*").Order(StringComparer.Ordinal)
            .Select(v => Path.Combine(v, DatasetManifest.FileName)).Where(File.Exists);

    private static Dictionary<string, long> Counts(JsonElement e) => e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());

    [GeneratedRegex("<img src=\"([^\"]+)\" width=\"([0-9]+)\" height=\"([0-9]+)\"")]
    private static partial Regex Image();

    [GeneratedRegex("(?:src|href)=\"([^\"]+)\"")]
    private static partial Regex Link();

    [Fact]
    public void It_reports_the_datasets_found_and_counts_the_incomplete_folder()
    {
        Assert.True(fixture.Result.ExitCode == ExitCodes.Success, fixture.Result.Stderr);
        Assert.Contains("2 sensor datasets, 1 ledgers, 1 incomplete", fixture.Result.Stdout, StringComparison.Ordinal);
        JsonElement datasets = Report.GetProperty("datasets");
        Assert.Equal(["tiny-bank/v000000", "tiny-street/v000000", "tiny-street/v000001"], datasets.GetProperty("read").EnumerateArray().Select(d => d.GetProperty("path").GetString()));
        Assert.Equal(["tiny-street/v000002"], datasets.GetProperty("incomplete_paths").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact]
    public void Sensor_numbers_equal_what_the_manifests_and_frame_streams_hold()
    {
        JsonElement s = Report.GetProperty("sensor");
        var manifests = Manifests("tiny-street").Select(DatasetManifest.Read).ToList();
        var expected = manifests.SelectMany(m => m.LabelsPerClass).GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.Sum(c => (long)c.Value));
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Counts(s.GetProperty("labels_per_class")));
        Assert.Equal(manifests.Sum(m => m.Frames), s.GetProperty("frames").GetInt64());
        Assert.Equal(manifests.Sum(m => m.LidarPoints), s.GetProperty("lidar_points").GetInt64());

        // Every frame is in the boxes-per-frame histogram, and the objects in it are the labels.
        long[] perFrame = [.. s.GetProperty("boxes_per_frame").GetProperty("counts").EnumerateArray().Select(c => c.GetInt64())];
        Assert.Equal(manifests.Sum(m => m.Frames), perFrame.Sum());
        Assert.Equal(expected.Values.Sum(), perFrame.Select((n, boxes) => n * boxes).Sum());
        Assert.Equal(expected.Values.Sum(), s.GetProperty("visibility").GetProperty("counts").EnumerateArray().Sum(c => c.GetInt64()));
        JsonElement lidar = s.GetProperty("lidar_points_by_distance");
        Assert.Equal(expected.Values.Sum(), lidar.GetProperty("objects").EnumerateArray().Sum(c => c.GetInt64()));
        Assert.Equal(expected.Values.Sum(), lidar.GetProperty("sample").GetArrayLength());

        // Each weather parameter lists the value each variation drew, in dataset order.
        JsonElement rain = s.GetProperty("weather").GetProperty("keyframes[0].rain");
        double[] drawn = [.. manifests.Select(m => m.Scenario.Parameters.Single(p => p.Path == "weather.keyframes[0].rain").Number!.Value)];
        Assert.Equal(drawn, rain.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(drawn.Min(), rain.GetProperty("min").GetDouble());
        Assert.Equal(3, s.GetProperty("weather").EnumerateObject().Count());
    }

    [Fact]
    public void Ledger_numbers_equal_the_manifest_and_the_transactions_file()
    {
        JsonElement l = Report.GetProperty("ledger");
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllBytes(Manifests("tiny-bank").Single()));
        JsonElement counts = manifest.RootElement.GetProperty("counts");
        Assert.True(counts.GetProperty("fraud").GetInt64() > 0 && counts.GetProperty("laundering").GetInt64() > 0);
        Assert.Equal(counts.GetProperty("transactions").GetInt64(), l.GetProperty("transactions").GetInt64());
        Assert.Equal(counts.GetProperty("fraud").GetInt64(), l.GetProperty("fraud").GetInt64());
        Assert.Equal(counts.GetProperty("laundering").GetInt64(), l.GetProperty("laundering").GetInt64());
        Assert.Equal(Counts(counts.GetProperty("by_typology")), Counts(l.GetProperty("typology_transactions")));

        // Per day, from the CSV's time column; the rate is fraud over entries.
        string[] rows = File.ReadAllLines(Path.Combine(fixture.Batch, "tiny-bank", "v000000", "transactions.csv"));
        string[] header = rows[0].Split(',');
        int time = Array.IndexOf(header, "time"), fraud = Array.IndexOf(header, "is_fraud");
        var days = rows.Skip(1).Select(r => r.Split(',')).GroupBy(f => f[time][..10]).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        JsonElement perDay = l.GetProperty("per_day");
        Assert.Equal(days.Select(d => (long)d.Count()), perDay.GetProperty("transactions").EnumerateArray().Select(c => c.GetInt64()));
        Assert.Equal(days.Select(d => (long)d.Count(f => f[fraud] == "1")), perDay.GetProperty("fraud").EnumerateArray().Select(c => c.GetInt64()));
        Assert.Equal(days.Select(d => Math.Round(d.Count(f => f[fraud] == "1") / (double)d.Count(), 9)), perDay.GetProperty("fraud_rate").EnumerateArray().Select(c => c.GetDouble()));

        // Amounts: every fraud entry in the fraud histogram, every unlabelled one in the legitimate one.
        JsonElement amounts = l.GetProperty("amounts");
        long Total(string group) => amounts.GetProperty(group).GetProperty("counts").EnumerateArray().Sum(c => c.GetInt64())
            + amounts.GetProperty(group).GetProperty("below").GetInt64() + amounts.GetProperty(group).GetProperty("above").GetInt64();
        Assert.Equal(counts.GetProperty("fraud").GetInt64(), Total("fraud"));
        Assert.Equal(counts.GetProperty("laundering").GetInt64(), Total("laundering"));
        Assert.Equal(rows.Length - 1 - Total("fraud") - Total("laundering"), Total("legitimate"));

        // The leakage check's findings, each as leakage.json has it.
        using JsonDocument leakage = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(fixture.Batch, "tiny-bank", "v000000", "leakage.json")));
        JsonElement[] findings = [.. leakage.RootElement.GetProperty("findings").EnumerateArray()];
        JsonElement[] reported = [.. l.GetProperty("leakage").GetProperty("findings").EnumerateArray()];
        Assert.Equal(findings.Length, reported.Length);
        Assert.All(findings.Zip(reported), pair =>
        {
            Assert.Equal(pair.First.GetProperty("column").GetString(), pair.Second.GetProperty("column").GetString());
            Assert.Equal(pair.First.GetProperty("value").GetDouble(), pair.Second.GetProperty("max").GetDouble());
            Assert.Equal(pair.First.GetProperty("flagged").GetBoolean() ? 1 : 0, pair.Second.GetProperty("flagged").GetInt32());
        });
    }

    [Fact]
    public void Every_plot_decodes_at_the_size_the_page_declares_and_shows_text()
    {
        string html = File.ReadAllText(Path.Combine(fixture.Output, "report.html"));
        Match[] images = [.. Image().Matches(html).Cast<Match>()];
        Assert.Equal(10, images.Length); // 7 sensor plots, 3 ledger plots
        foreach (Match m in images)
        {
            PngImage png = PngReader.Read(Path.Combine(fixture.Output, m.Groups[1].Value));
            Assert.Equal(int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), png.Width);
            Assert.Equal(int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), png.Height);

            // The title is drawn (a font was found): dark pixels in the middle of the top strip.
            int dark = 0;
            for (int y = 5; y < 30; y++)
            {
                for (int x = png.Width / 4; x < png.Width * 3 / 4; x++)
                {
                    dark += png.Sample(x, y, 0) < 100 ? 1 : 0;
                }
            }

            Assert.True(dark > 50, $"{m.Groups[1].Value}: no title text drawn ({dark} dark pixels)");
        }
    }

    [Fact]
    public void The_page_links_only_files_that_exist_and_has_no_script()
    {
        string html = File.ReadAllText(Path.Combine(fixture.Output, "report.html"));
        string[] links = [.. Link().Matches(html).Select(m => m.Groups[1].Value)];
        Assert.Contains(QualityReport.FileName, links);
        Assert.All(links, link => Assert.True(File.Exists(Path.Combine(fixture.Output, link)), $"{link} is linked but missing"));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_rerun_writes_the_same_report_json_byte_for_byte()
    {
        string again = Path.Combine(fixture.Root, "again");
        CliResult r = CliRun.Sim("report", fixture.Batch, "--out", again);

        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(fixture.Output, QualityReport.FileName)), File.ReadAllBytes(Path.Combine(again, QualityReport.FileName)));
        Assert.False(Directory.Exists(Path.Combine(fixture.Batch, "again")));
    }

    [Fact]
    public void Text_from_the_input_is_html_encoded()
    {
        string odd = Path.Combine(fixture.Root, "<b>odd & \"quoted\"");
        CopyFolder(Path.Combine(fixture.Batch, "tiny-street", "v000000"), Path.Combine(odd, "v000000"));
        Directory.CreateDirectory(Path.Combine(odd, "<i>x", "v000001")); // incomplete, listed on the page

        CliResult r = CliRun.Sim("report", odd);

        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        string html = File.ReadAllText(Path.Combine(odd, "report", "report.html"));
        Assert.Contains("&lt;b&gt;odd &amp; &quot;quoted&quot;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;i&gt;x/v000001", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_dataset_is_reported_beside_it_not_inside()
    {
        string copy = Path.Combine(fixture.Root, "single", "v000000");
        CopyFolder(Path.Combine(fixture.Batch, "tiny-street", "v000000"), copy);

        CliResult r = CliRun.Sim("report", copy);

        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        Assert.True(File.Exists(Path.Combine(fixture.Root, "single", "report-v000000", "report.html")));
        Assert.Equal(ExitCodes.Success, CliRun.Sim("inspect", copy).ExitCode); // nothing unlisted was added to the dataset
    }

    [Fact]
    public void Bad_input_exits_2_naming_the_folder_or_file()
    {
        string missing = Path.Combine(fixture.Root, "nowhere");
        CliResult none = CliRun.Sim("report", missing);
        Assert.Equal(ExitCodes.Usage, none.ExitCode);
        Assert.Equal($"sim report: {missing}: no such folder{Environment.NewLine}", none.Stderr);

        string empty = Directory.CreateDirectory(Path.Combine(fixture.Root, "empty", "v000000")).Parent!.FullName;
        CliResult nothing = CliRun.Sim("report", empty);
        Assert.Equal(ExitCodes.Usage, nothing.ExitCode);
        Assert.Contains($"{empty}: no complete dataset found, only 1 incomplete", nothing.Stderr, StringComparison.Ordinal);

        string corrupt = Path.Combine(fixture.Root, "corrupt", "v000000");
        CopyFolder(Path.Combine(fixture.Batch, "tiny-street", "v000000"), corrupt);
        File.WriteAllText(Path.Combine(corrupt, DatasetManifest.FileName), "{ \"format\": \"sim.dataset\", ");
        CliResult bad = CliRun.Sim("report", Path.GetDirectoryName(corrupt)!);
        Assert.Equal(ExitCodes.Usage, bad.ExitCode);
        Assert.StartsWith($"sim report: {Path.Combine(corrupt, DatasetManifest.FileName)}: not JSON", bad.Stderr, StringComparison.Ordinal);
        Assert.Empty(bad.Stdout);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
