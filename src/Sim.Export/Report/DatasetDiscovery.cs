using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sim.Export.Dataset;
using Sim.Export.Manifest;

namespace Sim.Export.Report;

/// <summary>The two kinds of dataset a report reads, told apart by their manifest's <c>format</c>.</summary>
public enum DatasetKind
{
    /// <summary>A sensor dataset (<c>sim.dataset</c>: camera, LiDAR, labels).</summary>
    Sensor,

    /// <summary>A ledger (<c>sim.ledger</c>: transactions and fraud / laundering labels).</summary>
    Ledger,
}

/// <summary>A dataset found under the report's folder.</summary>
/// <param name="Folder">Its folder (as found: the root joined with the relative path).</param>
/// <param name="RelativePath">Its path relative to the report's folder, forward slashes (<c>.</c> for the folder itself).</param>
/// <param name="Kind">Sensor dataset or ledger.</param>
public sealed record FoundDataset(string Folder, string RelativePath, DatasetKind Kind);

/// <summary>What <see cref="DatasetDiscovery.Find"/> found.</summary>
/// <param name="Datasets">Complete datasets (with a manifest), in ordinal order of their relative paths.</param>
/// <param name="Incomplete">Relative paths of variation folders (<c>vNNNNNN</c>) without a manifest: unfinished or
/// killed runs, counted but not read.</param>
public sealed record DiscoveredDatasets(IReadOnlyList<FoundDataset> Datasets, IReadOnlyList<string> Incomplete);

/// <summary>
/// Finds every dataset beneath a folder by its <c>manifest.json</c>: the folder itself when it is a dataset, else each
/// folder down to <see cref="MaxDepth"/> levels (a batch is <c>DIR/&lt;scenario&gt;/vNNNNNN/</c>, a run's output
/// <c>out/&lt;name&gt;/vNNNNNN/</c>). A dataset's own folders are not searched, nor hidden ones (<c>.sim/</c> work
/// folders). A <c>vNNNNNN</c> folder without a manifest is incomplete: counted, never read.
/// </summary>
public static partial class DatasetDiscovery
{
    /// <summary>How many folder levels below the given one are searched.</summary>
    public const int MaxDepth = 4;

    /// <summary>The most datasets one report reads (a farm's batch of 10,000 variations fits ten times over).</summary>
    public const int MaxDatasets = 100_000;

    [GeneratedRegex(@"^v[0-9]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex VariationFolder();

    /// <summary>Finds the datasets under <paramref name="root"/>, leaving out <paramref name="exclude"/> (the report's
    /// own output folder) when it lies beneath.</summary>
    /// <exception cref="ReportInputException">The folder does not exist, a manifest is not JSON or not a Sim manifest
    /// (the message names it), nothing was found, or more than <paramref name="maxDatasets"/> datasets.</exception>
    public static DiscoveredDatasets Find(string root, string? exclude = null, int maxDatasets = MaxDatasets)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (!Directory.Exists(root))
        {
            throw new ReportInputException($"{root}: no such folder");
        }

        string? excluded = exclude is null ? null : Path.GetFullPath(exclude).TrimEnd(Path.DirectorySeparatorChar);
        var datasets = new List<FoundDataset>();
        var incomplete = new List<string>();
        Walk(root, ".", 0);
        if (datasets.Count == 0)
        {
            throw new ReportInputException(incomplete.Count == 0
                ? $"{root}: no dataset found (no manifest.json in it or in the folders {MaxDepth} levels below)"
                : string.Create(CultureInfo.InvariantCulture, $"{root}: no complete dataset found, only {incomplete.Count} incomplete (no manifest.json): {string.Join(", ", incomplete.Take(5))}{(incomplete.Count > 5 ? ", …" : "")}"));
        }

        return new DiscoveredDatasets(datasets, incomplete);

        void Walk(string folder, string relative, int depth)
        {
            string manifest = Path.Combine(folder, DatasetManifest.FileName);
            if (File.Exists(manifest))
            {
                if (datasets.Count == maxDatasets)
                {
                    throw new ReportInputException(string.Create(CultureInfo.InvariantCulture, $"{root}: more than {maxDatasets:N0} datasets; report on a part of it (a scenario's folder)"));
                }

                datasets.Add(new FoundDataset(folder, relative, KindOf(manifest)));
                return;
            }

            if (relative != "." && (VariationFolder().IsMatch(Path.GetFileName(folder)) || Directory.Exists(Path.Combine(folder, DatasetWriter.WorkFolder))))
            {
                incomplete.Add(relative);
                return;
            }

            if (depth == MaxDepth)
            {
                return;
            }

            foreach (string child in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
            {
                string name = Path.GetFileName(child);
                if (name.StartsWith('.') || (excluded is not null && string.Equals(Path.GetFullPath(child), excluded, StringComparison.Ordinal)))
                {
                    continue;
                }

                Walk(child, relative == "." ? name : $"{relative}/{name}", depth + 1);
            }
        }
    }

    /// <summary>The kind of dataset whose manifest is at <paramref name="path"/>, from its <c>format</c>.</summary>
    /// <exception cref="ReportInputException">Not readable, not JSON, or not a Sim manifest; the message names the file.</exception>
    public static DatasetKind KindOf(string path)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
            string? format = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("format", out JsonElement f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            return format switch
            {
                DatasetManifest.Format => DatasetKind.Sensor,
                LedgerManifest.Format => DatasetKind.Ledger,
                null => throw new ReportInputException($"{path}: no 'format' field; not a Sim manifest"),
                _ => throw new ReportInputException($"{path}: format '{format}' is not a Sim dataset ('{DatasetManifest.Format}') or ledger ('{LedgerManifest.Format}')"),
            };
        }
        catch (JsonException e)
        {
            throw new ReportInputException($"{path}: not JSON ({e.Message})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ReportInputException($"{path}: cannot be read ({e.Message})", e);
        }
    }
}
