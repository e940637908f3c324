using System.Text.RegularExpressions;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Model;

/// <summary>
/// The <c>meta</c> section: what the scenario is and how long it runs.
/// </summary>
/// <param name="Name">Identifier (letters, digits, '-', '_'; 1–64): also the default output folder's name, so it can
/// never hold a path.</param>
/// <param name="Description">Free text.</param>
/// <param name="Tags">Free labels, e.g. the NHTSA pre-crash typology.</param>
/// <param name="Seed">Root seed of every random draw (0 – 2^53, so JSON tools read it exactly).</param>
/// <param name="Duration">Simulated seconds; 0 for a file with only a <c>finance</c> section
/// (<see cref="FinanceSection.IsFinanceOnly"/>), which runs no driving simulation: its ledger covers <c>finance.days</c>.</param>
/// <param name="Dt">Fixed time step, s (0.05, unused, for a file with only a <c>finance</c> section).</param>
public sealed partial record ScenarioMeta(string Name, string Description, IReadOnlyList<string> Tags, ulong Seed, double Duration, double Dt)
{
    /// <summary>The most steps a run may take (duration / dt).</summary>
    public const long MaxSteps = 10_000_000;

    /// <summary>The longest scenario, in seconds (a day).</summary>
    public const double MaxDuration = 86_400;

    /// <summary>The keys the section may have.</summary>
    public static readonly IReadOnlyList<string> Keys = ["name", "description", "tags", "seed", "duration", "dt"];

    /// <summary>Number of fixed steps the run takes.</summary>
    public long Steps => (long)Math.Ceiling((Duration / Dt) - 1e-9);

    /// <summary>Reads and checks the section; null (with diagnostics) when it is missing or wrong. <c>duration</c> is
    /// required unless the file has only a <c>finance</c> section, which takes neither <c>duration</c> nor <c>dt</c>:
    /// they time the driving simulation, and its ledger runs <c>finance.days</c> days.</summary>
    public static ScenarioMeta? Read(YamlMapping root, SectionReader reader)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(reader);
        YamlMapping? meta = reader.Mapping(root, "meta", required: true, contents: "name and duration, and may have description, tags, seed, dt");
        if (meta is null)
        {
            return null;
        }

        int errors = reader.Diagnostics.Count;
        reader.CheckKeys(meta, [.. Keys]);
        string? name = reader.Text(meta, "name", required: true);
        if (name is not null && !NamePattern().IsMatch(name))
        {
            reader.Error(meta["name"]!, $"{MessageText.Quote(name)} is not a valid name; use 1–64 letters, digits, '-' or '_' (it names the output folder)");
        }

        string description = reader.Text(meta, "description", required: false) ?? string.Empty;
        IReadOnlyList<string> tags = reader.TextList(meta, "tags");
        double? seed = reader.Number(meta, "seed", 0, 9_007_199_254_740_992, "", required: false);
        if (seed is { } s && s != Math.Floor(s))
        {
            reader.Error(meta["seed"]!, FormattableString.Invariant($"the seed must be a whole number, found {s}"));
        }

        bool untimed = FinanceSection.IsFinanceOnly(root);
        foreach (string key in untimed ? (string[])["duration", "dt"] : [])
        {
            if (meta[key] is { } written)
            {
                reader.Error(written, $"{key} times the driving simulation, and this file has only a finance section, whose ledger runs finance.days days from finance.start; leave {key} out");
            }
        }

        double? duration = untimed ? 0 : reader.Number(meta, "duration", 0.001, MaxDuration, "s", required: true);
        double? dt = untimed ? null : reader.Number(meta, "dt", 0.001, 1, "s", required: false);
        if (duration is { } d && (dt ?? 0.05) is var step && d / step > MaxSteps)
        {
            reader.Error(meta["duration"]!, FormattableString.Invariant($"duration / dt = {d / step:N0} steps; at most {MaxSteps:N0} are allowed"));
        }

        return reader.Diagnostics.Count > errors || name is null || duration is null
            ? null
            : new ScenarioMeta(name, description, tags, (ulong)(seed ?? 0), duration.Value, dt ?? 0.05);
    }

    /// <summary>Whether <paramref name="name"/> is 1–64 letters, digits, <c>-</c> or <c>_</c> (safe as a folder or file name).</summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex NamePattern();
}
