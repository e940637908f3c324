using System.Text.Json;

namespace Sim.Export.Report;

/// <summary>Writes the sensor and ledger parts of <c>report.json</c>.</summary>
internal static class ReportJson
{
    public static void WriteSensors(Utf8JsonWriter w, SensorStatistics s)
    {
        w.WriteStartObject();
        w.WriteNumber("datasets", s.Datasets);
        w.WriteNumber("frames", s.Frames);
        w.WriteNumber("lidar_points", s.LidarPoints);
        Counts(w, "label_sources", s.LabelSources);
        Counts(w, "labels_per_class", s.LabelsPerClass);
        Counts(w, "manifest_labels_per_class", s.ManifestLabelsPerClass);
        Histogram(w, "boxes_per_frame", s.BoxesPerFrame);
        Histogram(w, "visibility", s.Visibility);
        w.WriteStartObject("occlusion");
        string[] levels = ["fully_visible", "partly_occluded", "largely_occluded", "unknown"];
        for (int i = 0; i < levels.Length; i++)
        {
            w.WriteNumber(levels[i], s.Occlusion[i]);
        }

        w.WriteEndObject();
        Histogram(w, "distance_m", s.Distance);
        w.WriteStartObject("lidar_points_by_distance");
        Edges(w, s.Distance);
        Numbers(w, "objects", s.ObjectsByDistance);
        Numbers(w, "points", s.PointsByDistance);
        Numbers(w, "objects_without_points", s.ObjectsWithoutPointsByDistance);
        w.WriteStartArray("mean_points");
        for (int i = 0; i < s.ObjectsByDistance.Count; i++)
        {
            if (s.ObjectsByDistance[i] == 0)
            {
                w.WriteNullValue();
            }
            else
            {
                w.WriteNumberValue(Math.Round(s.PointsByDistance[i] / (double)s.ObjectsByDistance[i], 6));
            }
        }

        w.WriteEndArray();
        w.WriteStartArray("sample");
        foreach (PointsSample p in s.Sample)
        {
            w.WriteStartArray();
            w.WriteNumberValue(Math.Round(p.Distance, 3));
            w.WriteNumberValue(p.Points);
            w.WriteStringValue(p.Class);
            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("weather");
        foreach ((string name, List<double> values) in s.NumericWeather)
        {
            w.WriteStartObject(name);
            w.WriteNumber("variations", values.Count);
            w.WriteNumber("min", values.Min());
            w.WriteNumber("max", values.Max());
            w.WriteNumber("mean", values.Sum() / values.Count);
            w.WriteStartArray("values");
            foreach (double v in values)
            {
                w.WriteNumberValue(v);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        foreach ((string name, SortedDictionary<string, long> values) in s.TextWeather)
        {
            w.WriteStartObject(name);
            w.WriteNumber("variations", values.Values.Sum());
            Counts(w, "counts", values);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void WriteLedgers(Utf8JsonWriter w, LedgerStatistics l)
    {
        w.WriteStartObject();
        w.WriteNumber("datasets", l.Datasets);
        w.WriteStartArray("currencies");
        foreach (string c in l.Currencies)
        {
            w.WriteStringValue(c);
        }

        w.WriteEndArray();
        w.WriteNumber("transactions", l.Transactions);
        w.WriteNumber("fraud", l.Fraud);
        w.WriteNumber("laundering", l.Laundering);
        w.WriteStartObject("manifest_counts");
        w.WriteNumber("transactions", l.ManifestTransactions);
        w.WriteNumber("fraud", l.ManifestFraud);
        w.WriteNumber("laundering", l.ManifestLaundering);
        w.WriteNumber("patterns", l.ManifestPatterns);
        Counts(w, "by_typology", l.ManifestTypologyRows);
        w.WriteEndObject();
        w.WriteStartObject("per_day");
        Numbers(w, "transactions", [.. l.Days.Select(d => d.Transactions)]);
        Numbers(w, "fraud", [.. l.Days.Select(d => d.Fraud)]);
        Numbers(w, "laundering", [.. l.Days.Select(d => d.Laundering)]);
        w.WriteStartArray("fraud_rate");
        foreach (DayCounts d in l.Days)
        {
            w.WriteNumberValue(d.Transactions == 0 ? 0 : Math.Round(d.Fraud / (double)d.Transactions, 9));
        }

        w.WriteEndArray();
        w.WriteStartArray("laundering_rate");
        foreach (DayCounts d in l.Days)
        {
            w.WriteNumberValue(d.Transactions == 0 ? 0 : Math.Round(d.Laundering / (double)d.Transactions, 9));
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("amounts");
        Edges(w, l.LegitimateAmounts);
        Histogram(w, "legitimate", l.LegitimateAmounts, edges: false);
        Histogram(w, "fraud", l.FraudAmounts, edges: false);
        Histogram(w, "laundering", l.LaunderingAmounts, edges: false);
        w.WriteEndObject();
        Counts(w, "typology_transactions", l.TypologyRows);
        Counts(w, "typology_patterns", l.TypologyPatterns);
        w.WriteStartObject("leakage");
        w.WriteNumber("ledgers_checked", l.LeakageChecked);
        w.WriteNumber("leaks", l.Leakage.Count(r => r.Flagged > 0));
        w.WriteStartArray("findings");
        foreach (LeakageRow r in l.Leakage)
        {
            w.WriteStartObject();
            w.WriteString("label", r.Label);
            w.WriteString("column", r.Column);
            w.WriteString("source", r.Source);
            w.WriteString("measure", r.Measure);
            w.WriteNumber("ledgers", r.Ledgers);
            w.WriteNumber("flagged", r.Flagged);
            w.WriteNumber("min", r.Min);
            w.WriteNumber("max", r.Max);
            w.WriteString("explanation", r.Explanation);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Counts(Utf8JsonWriter w, string name, IEnumerable<KeyValuePair<string, long>> counts)
    {
        w.WriteStartObject(name);
        foreach ((string key, long count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            w.WriteNumber(key, count);
        }

        w.WriteEndObject();
    }

    private static void Numbers(Utf8JsonWriter w, string name, IReadOnlyList<long> values)
    {
        w.WriteStartArray(name);
        foreach (long v in values)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
    }

    private static void Edges(Utf8JsonWriter w, Histogram h)
    {
        w.WriteStartArray("edges");
        for (int i = 0; i <= h.Counts.Count; i++)
        {
            w.WriteNumberValue(Math.Round(h.Edge(i), 9));
        }

        w.WriteEndArray();
    }

    private static void Histogram(Utf8JsonWriter w, string name, Histogram h, bool edges = true)
    {
        w.WriteStartObject(name);
        if (edges)
        {
            Edges(w, h);
        }

        Numbers(w, "counts", h.Counts);
        w.WriteNumber("below", h.Below);
        w.WriteNumber("above", h.Above);
        w.WriteEndObject();
    }
}
