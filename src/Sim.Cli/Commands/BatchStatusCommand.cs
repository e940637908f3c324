using System.CommandLine;
using System.Globalization;
using Sim.Cli.Batch;
using Sim.Cli.Run;
using Sim.Export.Manifest;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>sim batch status DIR</c>: every variation of the batch in <c>DIR</c> (from its <c>batch.json</c>) as <c>done</c>
/// (its <c>manifest.json</c> is there: written last, so the dataset is whole; and it names this batch's scenario file,
/// sim version and seed), <c>stale</c> (a complete dataset of another batch, which the owning shard remakes with
/// <c>--overwrite</c>), <c>incomplete</c> (its folder holds an unfinished run, which the owning shard resumes) or
/// <c>missing</c>, then a count of each. Exits 0 when every variation
/// is done, <see cref="ExitCodes.Incomplete"/> when not, <see cref="ExitCodes.Usage"/> when DIR holds no batch.
/// </summary>
internal sealed class BatchStatusCommand : Command
{
    private readonly UnattendedOptions _unattended = new();

    /// <summary>Creates the <c>status</c> subcommand.</summary>
    public BatchStatusCommand()
        : base("status", "List every variation of a batch as done, incomplete or missing (exit 0 when all are done, 3 when not).")
    {
        Add(Dir);
        Add(Shards);
        Add(_unattended.LogFormat);
        SetAction(Execute);
    }

    /// <summary>The batch directory.</summary>
    public Argument<DirectoryInfo> Dir { get; } = new("dir") { Description = "The batch directory (holding batch.json)." };

    /// <summary>Names the shard that owns each unfinished variation.</summary>
    public Option<int?> Shards { get; } = new("--shards") { HelpName = "n", Description = "The batch's shard count: each unfinished variation is listed with the shard that owns it." };

    /// <summary>Whether the dataset whose manifest is at <paramref name="path"/> was made for this batch: the same scenario
    /// file, sim version and (when the batch names one) seed. Not, when an earlier batch's dataset is still there.</summary>
    private static bool MadeBy(string path, BatchManifest batch, BatchScenario scenario)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path));
            System.Text.Json.JsonElement root = document.RootElement, made = root.GetProperty("scenario");
            return made.GetProperty("sha256").GetString() == scenario.Sha256
                && root.GetProperty("tool_version").GetString() == batch.ToolVersion
                && (batch.Seed is not ulong seed || made.GetProperty("seed").GetUInt64() == seed);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    private int Execute(ParseResult parseResult)
    {
        RunLog log = _unattended.LogOf(parseResult, $"{SimCommand.Name} batch status");
        string root = parseResult.GetRequiredValue(Dir).ToString();
        string path = Path.Combine(root, BatchManifest.FileName);
        if (!File.Exists(path))
        {
            log.Error("usage", $"{path}: no such file; {root} is not a batch folder (sim batch writes batch.json first)");
            return ExitCodes.Usage;
        }

        BatchManifest batch;
        try
        {
            batch = BatchManifest.Read(path);
        }
        catch (InvalidDataException e)
        {
            log.Error("usage", e.Message);
            return ExitCodes.Usage;
        }

        int? shards = parseResult.GetValue(Shards);
        if (shards is < 1)
        {
            log.Error("usage", "--shards must be at least 1");
            return ExitCodes.Usage;
        }

        long done = 0, incomplete = 0, missing = 0, stale = 0, k = 0;
        foreach (BatchScenario scenario in batch.Scenarios)
        {
            for (int v = 0; v < batch.Variations; v++, k++)
            {
                string folder = BatchManifest.Folder(root, scenario, v);
                string manifest = Path.Combine(folder, DatasetManifest.FileName);
                string state = File.Exists(manifest) ? (MadeBy(manifest, batch, scenario) ? "done" : "stale") : Directory.Exists(folder) ? "incomplete" : "missing";
                (done, incomplete, missing, stale) = state switch
                {
                    "done" => (done + 1, incomplete, missing, stale),
                    "incomplete" => (done, incomplete + 1, missing, stale),
                    "stale" => (done, incomplete, missing, stale + 1),
                    _ => (done, incomplete, missing + 1, stale),
                };
                string owner = shards is int n && state != "done" ? string.Create(CultureInfo.InvariantCulture, $" (shard {k % n}/{n})") : "";
                log.Result("variation", string.Create(CultureInfo.InvariantCulture, $"{scenario.Name} v{v:D6} {state}{owner}"),
                    ("scenario", scenario.Name), ("variation", v), ("state", state), ("folder", folder), ("shard", shards is int m ? k % m : null));
            }
        }

        long total = done + incomplete + missing + stale;
        log.Result("status", string.Create(CultureInfo.InvariantCulture, $"{root}: {done:N0} done, {incomplete:N0} incomplete, {missing:N0} missing{(stale > 0 ? $", {stale:N0} stale" : "")} of {total:N0} variations"),
            ("done", done), ("incomplete", incomplete), ("missing", missing), ("stale", stale), ("variations", total));
        return done == total ? ExitCodes.Success : ExitCodes.Incomplete;
    }
}
