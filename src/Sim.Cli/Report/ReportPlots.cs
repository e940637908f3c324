using System.Globalization;
using ScottPlot;
using Sim.Export.Files;
using Sim.Export.Report;

namespace Sim.Cli.Report;

/// <summary>
/// Draws the report's plots with ScottPlot (SkiaSharp underneath, headless) and writes each PNG atomically. One plot per
/// kind of number, whatever the number of datasets: a batch of 1,000 variations gives the same dozen plots as one
/// dataset, drawn from the summed statistics. Text is set in DejaVu Sans (Debian's fonts-dejavu-core).
/// </summary>
internal static class ReportPlots
{
    /// <summary>The plots' pixel size.</summary>
    public const int Width = 800, Height = 420;

    private const string Font = "DejaVu Sans";

    /// <summary>Draws the sensor plots into <paramref name="folder"/>; returns them in the order the page shows them.</summary>
    public static IReadOnlyList<ReportPlot> WriteSensors(SensorStatistics s, string folder)
    {
        var plots = new List<ReportPlot>();
        IReadOnlyDictionary<string, long> classes = s.LabelsPerClass.Count > 0 ? s.LabelsPerClass : s.ManifestLabelsPerClass;
        plots.Add(Save(folder, new ReportPlot("class_balance.png", "Class balance", "Labelled objects per class over every frame.", Width, Height), plot =>
        {
            Categories(plot, [.. classes.Keys], [.. classes.Values.Select(v => (double)v)]);
            plot.YLabel("labelled objects");
        }));
        int lastBoxes = Math.Max(LastNonZero(s.BoxesPerFrame.Counts), 0);
        plots.Add(Save(folder, new ReportPlot("boxes_per_frame.png", "Boxes per frame", "Frames by their number of labelled objects.", Width, Height), plot =>
        {
            Bars(plot, [.. Enumerable.Range(0, lastBoxes + 1).Select(i => (double)i)], [.. s.BoxesPerFrame.Counts.Take(lastBoxes + 1).Select(c => (double)c)], 1);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(Math.Max(1, (lastBoxes + 10) / 10)); // whole boxes
            plot.XLabel("labelled objects in the frame");
            plot.YLabel("frames");
        }));
        plots.Add(Save(folder, new ReportPlot("visibility.png", "Visibility", "Objects by the visible fraction of their pixels (1 = nothing hides them).", Width, Height), plot =>
        {
            Bars(plot, Centres(s.Visibility), Counts(s.Visibility), 0.1);
            plot.XLabel("visible fraction");
            plot.YLabel("objects");
        }));
        plots.Add(Save(folder, new ReportPlot("occlusion.png", "Occlusion", "Objects by KITTI occlusion level.", Width, Height), plot =>
        {
            Categories(plot, ["0 fully visible", "1 partly occluded", "2 largely occluded", "3 unknown"], [.. s.Occlusion.Select(c => (double)c)]);
            plot.YLabel("objects");
        }));
        plots.Add(Save(folder, new ReportPlot("distance.png", "Distance", string.Create(CultureInfo.InvariantCulture, $"Objects by distance from the camera to their box centre ({s.Distance.Above:N0} beyond {SensorStatistics.MaxDistance:0} m not shown)."), Width, Height), plot =>
        {
            int last = Math.Max(LastNonZero(s.Distance.Counts), 0);
            Bars(plot, [.. Centres(s.Distance).Take(last + 1)], [.. Counts(s.Distance).Take(last + 1)], SensorStatistics.MaxDistance / SensorStatistics.DistanceBins);
            plot.XLabel("distance (m)");
            plot.YLabel("objects");
        }));
        IReadOnlyList<PointsSample> sample = s.Sample;
        plots.Add(Save(folder, new ReportPlot("lidar_points_vs_distance.png", "LiDAR points per object against distance", string.Create(CultureInfo.InvariantCulture, $"A sample of {sample.Count:N0} objects (dots) and the mean per 5 m bin (line), from the frame stream."), Width, Height), plot =>
        {
            if (sample.Count > 0)
            {
                var dots = plot.Add.ScatterPoints(sample.Select(p => p.Distance).ToArray(), sample.Select(p => (double)p.Points).ToArray());
                dots.MarkerSize = 4;
                dots.LegendText = "object";
            }

            double width = SensorStatistics.MaxDistance / SensorStatistics.DistanceBins;
            int[] bins = [.. Enumerable.Range(0, SensorStatistics.DistanceBins).Where(i => s.ObjectsByDistance[i] > 0)];
            if (bins.Length > 0)
            {
                var mean = plot.Add.Scatter(bins.Select(i => (i + 0.5) * width).ToArray(), bins.Select(i => s.PointsByDistance[i] / (double)s.ObjectsByDistance[i]).ToArray());
                mean.LineWidth = 2;
                mean.LegendText = "mean per bin";
                plot.ShowLegend(Alignment.UpperRight);
            }

            plot.XLabel("distance (m)");
            plot.YLabel("LiDAR points on the object");
        }));
        if (s.NumericWeather.Count > 0)
        {
            plots.Add(Save(folder, new ReportPlot("weather_coverage.png", "Weather coverage", "Each weather parameter the variations drew: one dot per variation, placed between the lowest and highest value drawn (the range is under its name).", Width, Height), plot =>
            {
                string[] names = [.. s.NumericWeather.Keys];
                for (int i = 0; i < names.Length; i++)
                {
                    List<double> values = s.NumericWeather[names[i]];
                    double min = values.Min(), max = values.Max();
                    double[] ys = [.. values.Select(v => max > min ? (v - min) / (max - min) : 0.5)];
                    var dots = plot.Add.ScatterPoints(Enumerable.Repeat((double)i, ys.Length).ToArray(), ys);
                    dots.MarkerSize = 6;
                    names[i] = string.Create(CultureInfo.InvariantCulture, $"{Short(names[i])}\n{min:G4} – {max:G4}");
                }

                plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, names.Length).Select(i => (double)i)], names);
                plot.Axes.SetLimits(-0.5, names.Length - 0.5, -0.05, 1.05);
                plot.YLabel("position in the range drawn");
            }));
        }

        return plots;
    }

    /// <summary>Draws the ledger plots into <paramref name="folder"/>; returns them in the order the page shows them.</summary>
    public static IReadOnlyList<ReportPlot> WriteLedgers(LedgerStatistics l, string folder)
    {
        var plots = new List<ReportPlot>();
        plots.Add(Save(folder, new ReportPlot("fraud_rate_per_day.png", "Fraud and laundering rate per day", "Share of the day's entries labelled fraud (and laundering), day 0 being each ledger's first day.", Width, Height), plot =>
        {
            double[] days = [.. Enumerable.Range(0, l.Days.Count).Select(d => (double)d)];
            var fraud = plot.Add.Scatter(days, [.. l.Days.Select(d => d.Transactions == 0 ? 0 : 100.0 * d.Fraud / d.Transactions)]);
            fraud.LegendText = "fraud";
            if (l.Laundering > 0)
            {
                var laundering = plot.Add.Scatter(days, [.. l.Days.Select(d => d.Transactions == 0 ? 0 : 100.0 * d.Laundering / d.Transactions)]);
                laundering.LegendText = "laundering";
            }

            double highest = l.Days.Select(d => d.Transactions == 0 ? 0 : 100.0 * Math.Max(d.Fraud, d.Laundering) / d.Transactions).DefaultIfEmpty(0).Max();
            plot.Axes.SetLimits(-0.5, Math.Max(l.Days.Count - 0.5, 0.5), 0, highest > 0 ? highest * 1.15 : 1);
            plot.ShowLegend(Alignment.UpperRight);
            plot.XLabel("day");
            plot.YLabel("% of the day's entries");
        }));
        plots.Add(Save(folder, new ReportPlot("amounts.png", "Amounts, legitimate against fraud", "Share of each group's entries per amount bin, ten bins a decade (logarithmic amount axis).", Width, Height), plot =>
        {
            AmountLine(plot, l.LegitimateAmounts, "legitimate");
            AmountLine(plot, l.FraudAmounts, "fraud");
            if (l.Laundering > 0)
            {
                AmountLine(plot, l.LaunderingAmounts, "laundering");
            }

            // The axis spans the bins that hold an amount, whole decades.
            Histogram[] groups = [l.LegitimateAmounts, l.FraudAmounts, l.LaunderingAmounts];
            int first = groups.Select(h => h.Counts.ToList().FindIndex(c => c > 0)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
            int last = groups.Select(h => LastNonZero(h.Counts)).DefaultIfEmpty(0).Max();
            int perDecade = LedgerStatistics.AmountBins / 10, lowest = (first / perDecade) - 2, highest = ((last + perDecade) / perDecade) - 2;
            plot.Axes.SetLimitsX(lowest, highest);
            double[] decades = [.. Enumerable.Range(lowest, highest - lowest + 1).Select(d => (double)d)];
            plot.Axes.Bottom.SetTicks(decades, [.. decades.Select(d => d < 0 ? Math.Pow(10, d).ToString("0.##", CultureInfo.InvariantCulture) : Math.Pow(10, d).ToString("#,0", CultureInfo.InvariantCulture))]);
            plot.ShowLegend(Alignment.UpperRight);
            plot.XLabel($"amount ({string.Join(", ", l.Currencies)})");
            plot.YLabel("% of the group's entries");
            plot.Axes.SetLimitsY(0, groups.Max(h => h.Counts.Max() / (double)Math.Max(1, h.Counts.Sum())) * 115);
        }));
        var typologies = l.TypologyRows.Keys.Union(l.TypologyPatterns.Keys.Where(k => k != "none")).Order(StringComparer.Ordinal).ToArray();
        if (typologies.Length > 0)
        {
            plots.Add(Save(folder, new ReportPlot("typologies.png", "Typologies", "Entries labelled fraud or laundering, per typology.", Width, Height), plot =>
            {
                Categories(plot, typologies, [.. typologies.Select(t => (double)l.TypologyRows.GetValueOrDefault(t))]);
                plot.YLabel("entries");
            }));
        }

        return plots;
    }

    private static void AmountLine(Plot plot, Histogram h, string name)
    {
        double total = Math.Max(1, h.Counts.Sum());
        double[] xs = [.. Enumerable.Range(0, h.Counts.Count).Select(i => Math.Log10(h.Edge(i)) + (0.5 * (Math.Log10(h.Max) - Math.Log10(h.Min)) / h.Counts.Count))];
        var line = plot.Add.Scatter(xs, [.. h.Counts.Select(c => 100.0 * c / total)]);
        line.MarkerSize = 0;
        line.LineWidth = 2;
        line.LegendText = name;
    }

    /// <summary>A parameter's path without the keyframe index when there is one keyframe (<c>keyframes[0].rain</c> → <c>rain</c>).</summary>
    private static string Short(string path) => path.StartsWith("keyframes[0].", StringComparison.Ordinal) ? path["keyframes[0].".Length..] : path;

    private static double[] Centres(Histogram h) => [.. Enumerable.Range(0, h.Counts.Count).Select(i => (h.Edge(i) + h.Edge(i + 1)) / 2)];

    private static double[] Counts(Histogram h) => [.. h.Counts.Select(c => (double)c)];

    private static int LastNonZero(IReadOnlyList<long> counts)
    {
        for (int i = counts.Count - 1; i >= 0; i--)
        {
            if (counts[i] != 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static void Bars(Plot plot, double[] positions, double[] values, double width)
    {
        var bars = plot.Add.Bars(positions, values);
        foreach (Bar bar in bars.Bars)
        {
            bar.Size = width * 0.9;
        }

        plot.Axes.Margins(bottom: 0);
    }

    private static void Categories(Plot plot, string[] names, double[] values)
    {
        double[] positions = [.. Enumerable.Range(0, names.Length).Select(i => (double)i)];
        Bars(plot, positions, values, 1);
        plot.Axes.Bottom.SetTicks(positions, names);
        if (names.Length > 6)
        {
            // Slanted names need a taller bottom panel (and room on the right for the last): about 7 px a character
            // at the tick labels' size, times sin 45°.
            plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            float room = 20 + (5f * names.Max(n => n.Length));
            plot.Axes.Bottom.MinimumSize = room;
            plot.Axes.Right.MinimumSize = room * 0.6f;
        }
    }

    private static ReportPlot Save(string folder, ReportPlot what, Action<Plot> draw)
    {
        using var plot = new Plot();
        plot.Font.Set(Font);
        plot.Title(what.Title);
        draw(plot);
        byte[] png = plot.GetImageBytes(what.Width, what.Height, ImageFormat.Png);
        AtomicFile.WriteAllBytes(Path.Combine(folder, what.FileName), png);
        return what;
    }
}
