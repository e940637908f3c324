using Sim.Core.Finance;
using Sim.Core.Weather;
using Sim.Scenarios.Distributions;
using Sim.Scenarios.Yaml;
using Sim.Sensors.Rig;

namespace Sim.Scenarios.Model;

/// <summary>One variation of a scenario: every draw resolved and listed (for the manifest), the sections read with
/// those values.</summary>
/// <param name="Meta">The meta section (fixed across variations).</param>
/// <param name="Seed">The run seed.</param>
/// <param name="Index">The variation index.</param>
/// <param name="Draws">Every distribution's value, by path, in file order.</param>
/// <param name="Weather">The weather timeline, or null when the file has none.</param>
/// <param name="World">The generated road network, or null when the file has no <c>world</c>.</param>
/// <param name="Actors">The actors, in file order.</param>
/// <param name="Props">The static props, in file order.</param>
/// <param name="Events">The scripted events, in file order.</param>
/// <param name="Sensors">The ego's sensor rig (<c>sensors</c>), read with this variation's draws;
/// <see cref="SensorRig.KittiLike"/> when the file has no <c>sensors</c> section.</param>
/// <param name="Traffic">The background traffic fill, or null.</param>
/// <param name="Finance">The fraud / money-laundering scenario (<c>finance</c>), read with this variation's draws, or
/// null when the file has no <c>finance</c> section.</param>
public sealed record ScenarioInstance(
    ScenarioMeta Meta,
    ulong Seed,
    int Index,
    IReadOnlyList<(string Path, ScenarioValue Value)> Draws,
    WeatherTimeline? Weather,
    ScenarioWorld? World,
    IReadOnlyList<ActorPlacement> Actors,
    IReadOnlyList<PropPlacement> Props,
    IReadOnlyList<ScenarioEvent> Events,
    SensorRig Sensors,
    TrafficFill? Traffic = null,
    FinanceSpec? Finance = null);

/// <summary>
/// A checked scenario file (immutable): its YAML, its <see cref="VariationPlan"/> and its sections, validated with
/// every distribution checked against its field's range. <see cref="Instantiate"/> resolves one variation.
/// </summary>
public sealed class ScenarioSpec
{
    private ScenarioSpec(string file, YamlMapping root, ScenarioMeta meta, VariationPlan plan, ScenarioVariations variations)
    {
        File = file;
        Root = root;
        Meta = meta;
        Plan = plan;
        Variations = variations;
    }

    /// <summary>The sections other issues own (output): reserved here, checked to be mappings; their contents are
    /// validated by the code that consumes them.</summary>
    public static readonly IReadOnlyList<string> ReservedSections = ["output"];

    /// <summary>The file as the user named it.</summary>
    public string File { get; }

    /// <summary>The YAML.</summary>
    public YamlMapping Root { get; }

    /// <summary>The meta section.</summary>
    public ScenarioMeta Meta { get; }

    /// <summary>Every distribution of the file.</summary>
    public VariationPlan Plan { get; }

    /// <summary>The variations section.</summary>
    public ScenarioVariations Variations { get; }

    /// <summary>Reads and checks a scenario file; null when it has errors (all of them in <paramref name="diagnostics"/>,
    /// the file's own in order of line and column). Any problem the YAML reader reports (a duplicate key, a key that is
    /// not a scalar) fails the file, even though the sections are still checked to report everything at once.</summary>
    public static ScenarioSpec? Load(string path, List<ScenarioDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        int start = diagnostics.Count;
        YamlMapping? root = ScenarioYamlReader.ReadFile(path, diagnostics);
        ScenarioSpec? spec = root is null ? null : FromYaml(path, root, diagnostics);

        // By position, stably: what the same place says stays in the order it was found.
        ScenarioDiagnostic[] found = [.. diagnostics.Skip(start).OrderBy(d => d.Line).ThenBy(d => d.Column)];
        diagnostics.RemoveRange(start, found.Length);
        diagnostics.AddRange(found);
        return found.Length > 0 ? null : spec; // FromYaml counts only its own diagnostics, not the reader's
    }

    /// <summary>Checks an already read scenario (tests, tools): null when it has errors, counting any the YAML reader
    /// already put in <paramref name="diagnostics"/> for this file.</summary>
    public static ScenarioSpec? FromYaml(string file, YamlMapping root, List<ScenarioDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(root);
        int errors = diagnostics.Count;
        var reader = new SectionReader(file, diagnostics);
        ScenarioSections.CheckTopLevel(root, reader);
        List<(string Path, Distribution Distribution)> distributions = ScenarioDistributions.Collect(root, reader, file);
        ScenarioMeta? meta = ScenarioMeta.Read(root, reader);
        _ = WeatherSection.Read(root, reader, meta?.Duration ?? ScenarioMeta.MaxDuration); // checked even when meta is wrong
        ScenarioWorld? world = WorldSection.Read(root, reader);
        IReadOnlyList<PropPlacement>? props = WorldSection.ReadProps(root, reader, world);
        _ = TrafficFill.Read(root, reader, world);
        double duration = meta?.Duration ?? ScenarioMeta.MaxDuration;
        IReadOnlyList<ActorPlacement>? actors = ActorsSection.Read(root, reader, world, duration);
        StartOverlaps.Check(root, reader, world, actors, props);
        _ = EventsSection.Read(root, reader, world, actors, duration);
        _ = SensorsSection.Read(root, reader, meta?.Dt);
        _ = FinanceSection.Read(root, reader);
        foreach (string reserved in ReservedSections)
        {
            _ = reader.Mapping(root, reserved, required: false);
        }

        VariationPlan? plan = null;
        try
        {
            plan = new VariationPlan(distributions);
        }
        catch (ArgumentException e)
        {
            diagnostics.Add(new(file, root.Line, root.Column, string.Empty, e.Message));
        }

        ScenarioVariations? variations = ScenarioVariations.Read(root, reader, plan?.SweepCount ?? 1);
        bool failed = diagnostics.Count > errors || diagnostics.Exists(d => d.File == file); // the reader's own problems (duplicate keys) too
        return failed || meta is null || plan is null || variations is null ? null : new ScenarioSpec(file, root, meta, plan, variations);
    }

    /// <summary>The variations <c>sim validate</c> also instantiates and builds.</summary>
    public const int VariationsChecked = 20;

    /// <summary>
    /// Instantiates and builds the first <paramref name="count"/> variations (at most the file's count; one when nothing
    /// varies) and the corners of the sweep grid, so that draws a
    /// file's checks at distribution midpoints cannot catch (a ramp that no longer fits, a fill past its cap) and
    /// placements the road cannot hold are reported before a run. Each problem is reported once, for the first
    /// variation that has it.
    /// </summary>
    /// <returns>How many variations were checked.</returns>
    public int CheckVariations(int count, List<ScenarioDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        // Nothing varies and no fill: every variation is the same world, one build tells all.
        bool varies = Plan.Entries.Any() || (Root["world"] as YamlMapping)?["traffic"] is not null;
        int n = varies ? Math.Min(count, Variations.Count) : 1;
        int[] indices = [.. Enumerable.Range(0, n).Concat(Plan.SweepCorners().Where(c => c < Variations.Count)).Distinct()];
        var seen = new HashSet<(int, int, string)>();
        foreach (int i in indices)
        {
            var found = new List<ScenarioDiagnostic>();
            ScenarioInstance? instance = Instantiate(null, i, found);
            if (instance is not null)
            {
                try
                {
                    _ = WorldBuilder.Build(instance);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException or KeyNotFoundException or IndexOutOfRangeException)
                {
                    found.Add(new ScenarioDiagnostic(File, Root.Line, Root.Column, string.Empty, $"variation {i} cannot be built: {e.Message}"));
                }
            }

            foreach (ScenarioDiagnostic d in found)
            {
                if (seen.Add((d.Line, d.Column, d.Path)))
                {
                    diagnostics.Add(d.Message.Contains("variation", StringComparison.Ordinal) ? d : d with { Message = $"variation {i}: {d.Message}" });
                }
            }
        }

        return indices.Length;
    }

    /// <summary>Resolves variation <paramref name="index"/> with run seed <paramref name="seed"/> (<c>meta.seed</c> when
    /// null); the draws use <c>variations.seed</c> when the file gives one, else the run seed.</summary>
    /// <returns>The instance, or null when a draw falls outside its field's range (reported in <paramref name="diagnostics"/>).</returns>
    public ScenarioInstance? Instantiate(ulong? seed, int index, List<ScenarioDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        ulong s = seed ?? Meta.Seed;
        IReadOnlyList<(string Path, ScenarioValue Value)> draws = Plan.Resolve(Variations.Seed ?? s, index);
        var reader = new SectionReader(File, diagnostics, draws.ToDictionary(d => d.Path, d => d.Value, StringComparer.Ordinal));
        int errors = diagnostics.Count;
        WeatherTimeline? weather = WeatherSection.Read(Root, reader, Meta.Duration);
        ScenarioWorld? world = WorldSection.Read(Root, reader);
        IReadOnlyList<PropPlacement>? props = WorldSection.ReadProps(Root, reader, world);
        TrafficFill? traffic = TrafficFill.Read(Root, reader, world);
        IReadOnlyList<ActorPlacement>? actors = ActorsSection.Read(Root, reader, world, Meta.Duration);
        StartOverlaps.Check(Root, reader, world, actors, props);
        IReadOnlyList<ScenarioEvent>? events = EventsSection.Read(Root, reader, world, actors, Meta.Duration);
        SensorRig? sensors = SensorsSection.Read(Root, reader, Meta.Dt);
        FinanceSpec? finance = FinanceSection.Read(Root, reader);
        return diagnostics.Count > errors || actors is null || props is null || events is null || sensors is null || (finance is null && Root["finance"] is not null)
            ? null
            : new ScenarioInstance(Meta, s, index, draws, weather, world, actors, props, events, sensors, traffic, finance);
    }
}
