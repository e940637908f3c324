using System.Text.Json;
using Sim.Export.Files;

namespace Sim.Export.Report;

/// <summary>
/// The quality report of a dataset or of every dataset beneath a folder (a batch, a run's output): which datasets it
/// read and which were incomplete, and the statistics of the sensor datasets and of the ledgers among them. Written as
/// <c>report.json</c> (<see cref="WriteJson"/>), a pure function of the datasets' bytes: no time, no absolute path, so
/// the same input gives the same file byte for byte.
/// </summary>
/// <param name="Found">The datasets found and the incomplete folders.</param>
/// <param name="Sensors">Statistics of the sensor datasets (none added when there are none).</param>
/// <param name="Ledgers">Statistics of the ledgers (none added when there are none).</param>
public sealed record QualityReport(DiscoveredDatasets Found, SensorStatistics Sensors, LedgerStatistics Ledgers)
{
    /// <summary>The JSON file's name.</summary>
    public const string FileName = "report.json";

    /// <summary>The JSON file's format name.</summary>
    public const string Format = "sim.report";

    /// <summary>The JSON layout version.</summary>
    public const int Version = 1;

    /// <summary>Finds the datasets under <paramref name="root"/> (<see cref="DatasetDiscovery.Find"/>) and reads each, one
    /// at a time, in ordinal order of their paths.</summary>
    /// <param name="root">A dataset folder or a folder above datasets.</param>
    /// <param name="exclude">A folder beneath <paramref name="root"/> not to search (the report's output).</param>
    /// <param name="progress">Called before each dataset is read, with its index and the count.</param>
    /// <exception cref="ReportInputException">No dataset, a manifest or data file that does not read (named).</exception>
    public static QualityReport Build(string root, string? exclude = null, Action<int, int, FoundDataset>? progress = null)
    {
        DiscoveredDatasets found = DatasetDiscovery.Find(root, exclude);
        var sensors = new SensorStatistics();
        var ledgers = new LedgerStatistics();
        for (int i = 0; i < found.Datasets.Count; i++)
        {
            FoundDataset d = found.Datasets[i];
            progress?.Invoke(i, found.Datasets.Count, d);
            try
            {
                if (d.Kind == DatasetKind.Sensor)
                {
                    sensors.Add(d.Folder);
                }
                else
                {
                    ledgers.Add(d.Folder);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or JsonException or FormatException or ArgumentException or InvalidOperationException or KeyNotFoundException)
            {
                // Whatever a damaged file throws (Parquet.Net's own errors are IOExceptions or InvalidDataExceptions), the
                // user learns which dataset it is.
                throw new ReportInputException($"{d.Folder}: does not read ({e.Message})", e);
            }
        }

        return new QualityReport(found, sensors, ledgers);
    }

    /// <summary>Writes <c>report.json</c> into <paramref name="folder"/> atomically (temporary name, then rename).</summary>
    public void Write(string folder) => AtomicFile.Write(Path.Combine(folder, FileName), WriteJson);

    /// <summary>The JSON document (UTF-8, indented, LF line ends, keys in a fixed order).</summary>
    public void WriteJson(Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n" });
        w.WriteStartObject();
        w.WriteString("format", Format);
        w.WriteNumber("version", Version);
        w.WriteStartObject("datasets");
        w.WriteNumber("sensor", Sensors.Datasets);
        w.WriteNumber("ledger", Ledgers.Datasets);
        w.WriteNumber("incomplete", Found.Incomplete.Count);
        w.WriteStartArray("read");
        foreach (FoundDataset d in Found.Datasets)
        {
            w.WriteStartObject();
            w.WriteString("path", d.RelativePath);
            w.WriteString("kind", d.Kind == DatasetKind.Sensor ? "sensor" : "ledger");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("incomplete_paths");
        foreach (string path in Found.Incomplete)
        {
            w.WriteStringValue(path);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        if (Sensors.Datasets > 0)
        {
            w.WritePropertyName("sensor");
            ReportJson.WriteSensors(w, Sensors);
        }

        if (Ledgers.Datasets > 0)
        {
            w.WritePropertyName("ledger");
            ReportJson.WriteLedgers(w, Ledgers);
        }

        w.WriteEndObject();
    }
}
