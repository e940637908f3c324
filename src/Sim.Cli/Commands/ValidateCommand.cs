using System.CommandLine;
using System.Globalization;
using Sim.Scenarios.Model;
using Sim.Scenarios.Yaml;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>sim validate FILE...</c>: check scenario files. Every error goes to stderr as <c>file:line:col: path: message</c>
/// (all of them, every file), including what the first <see cref="ScenarioSpec.VariationsChecked"/> variations draw and
/// build into; each good file gets one summary line on stdout. Exits 0 when every file is good and
/// <see cref="ExitCodes.Usage"/> otherwise (bad input: rerunning cannot help).
/// </summary>
internal sealed class ValidateCommand : Command
{
    /// <summary>The sections checked so far; the others are only checked by name until their issues land.</summary>
    private static readonly string[] Checked = ["meta", "weather", "world", "actors", "events", "sensors", "finance", "variations"];

    /// <summary>Creates the <c>validate</c> command.</summary>
    public ValidateCommand()
        : base("validate", "Check scenario files and report every error with file:line:col.")
    {
        Add(Files);
        Add(Variation);
        Add(Seed);
        SetAction(parseResult =>
        {
            TextWriter stdout = parseResult.InvocationConfiguration.Output;
            TextWriter stderr = parseResult.InvocationConfiguration.Error;
            int errors = 0, bad = 0;
            FileInfo[] files = parseResult.GetRequiredValue(Files);
            foreach (FileInfo file in files)
            {
                var diagnostics = new List<ScenarioDiagnostic>();
                ScenarioSpec? spec = ScenarioSpec.Load(file.ToString(), diagnostics);
                foreach (ScenarioDiagnostic d in diagnostics)
                {
                    stderr.WriteLine(d);
                }

                int checkedVariations = 0;
                if (spec is not null)
                {
                    var drawn = new List<ScenarioDiagnostic>();
                    checkedVariations = spec.CheckVariations(ScenarioSpec.VariationsChecked, drawn);
                    foreach (ScenarioDiagnostic d in drawn)
                    {
                        stderr.WriteLine(d);
                    }

                    diagnostics.AddRange(drawn);
                    spec = drawn.Count > 0 ? null : spec;
                }

                errors += diagnostics.Count;
                if (spec is null)
                {
                    bad++;
                    continue;
                }

                stdout.WriteLine(Summary(file.ToString(), spec, checkedVariations));
                if (parseResult.GetValue(Variation) is { } index)
                {
                    ShowVariation(stdout, stderr, spec, parseResult.GetValue(Seed), index, ref errors, ref bad);
                }
            }

            if (bad > 0)
            {
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{SimCommand.Name} validate: {errors} error{(errors == 1 ? "" : "s")} in {bad} of {files.Length} file{(files.Length == 1 ? "" : "s")}"));
                return ExitCodes.Usage;
            }

            return ExitCodes.Success;
        });
    }

    /// <summary>A variation whose drawn values to print.</summary>
    public Option<int?> Variation { get; } = new("--variation")
    {
        HelpName = "n",
        Description = "Also print every value variation n draws (path = value), as the manifest will list them.",
    };

    /// <summary>The run seed for <see cref="Variation"/>.</summary>
    public Option<ulong?> Seed { get; } = new("--seed")
    {
        HelpName = "n",
        Description = "Run seed for --variation (default: the file's meta.seed).",
    };

    /// <summary>The scenario files to check.</summary>
    public Argument<FileInfo[]> Files { get; } = new("files")
    {
        Description = "Scenario files (YAML).",
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary><c>ok: FILE: NAME, 20 s (400 steps of 0.05 s), 5 actors, 2 events, 3 varied values, 12 sweep points,
    /// 12 variations</c>, and the sections present but not yet checked. A file with a <c>finance</c> section also gets
    /// <c>finance: 10,000 customers, 800 merchants, 28 days from 2026-01-05, 2 typologies</c> (at the middle of any
    /// distribution), and one with only that section no driving figures (no duration, steps, actors or events).</summary>
    private static string Summary(string file, ScenarioSpec spec, int checkedVariations)
    {
        int varied = spec.Plan.Entries.Count();
        int actors = (spec.Root["actors"] as YamlMapping)?.Entries.Count ?? 0;
        int events = (spec.Root["events"] as YamlMapping)?.Entries.Count ?? 0;
        string pending = string.Join(", ", spec.Root.Entries.Select(e => e.Key.Value).Where(k => !Checked.Contains(k, StringComparer.Ordinal)));
        string driving = FinanceSection.IsFinanceOnly(spec.Root)
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $"{spec.Meta.Duration:G} s ({Count(spec.Meta.Steps, "step")} of {spec.Meta.Dt:G} s), {Count(actors, "actor")}, {Count(events, "event")}, ");
        string finance = FinanceSection.Read(spec.Root, new SectionReader(spec.File, [])) is { } f
            ? string.Create(CultureInfo.InvariantCulture, $"finance: {Count(f.Customers, "customer")}, {Count(f.Merchants, "merchant")}, {Count(f.Days, "day")} from {f.Start:yyyy-MM-dd}, {Count(f.Typologies.Count, "typology", "typologies")}, ")
            : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"ok: {file}: {spec.Meta.Name}, {driving}{finance}{Count(varied, "varied value")}, {Count(spec.Plan.SweepCount, "sweep point")}, {Count(spec.Variations.Count, "variation")} ({(checkedVariations == spec.Variations.Count ? "all" : checkedVariations.ToString("N0", CultureInfo.InvariantCulture))} built)")
            + (pending.Length == 0 ? string.Empty : $" (sections not checked yet: {pending})");
    }

    /// <summary>Prints <c>variation N (seed S, simulation seed Z): K drawn values</c> and one <c>  path = value</c> line
    /// per draw (numbers in round-trip form), or the variation's errors.</summary>
    private static void ShowVariation(TextWriter stdout, TextWriter stderr, ScenarioSpec spec, ulong? seed, int index, ref int errors, ref int bad)
    {
        var diagnostics = new List<ScenarioDiagnostic>();
        ScenarioInstance? instance = index < 0 ? null : spec.Instantiate(seed, index, diagnostics);
        if (instance is null)
        {
            foreach (ScenarioDiagnostic d in diagnostics)
            {
                stderr.WriteLine(d);
            }

            if (index < 0)
            {
                stderr.WriteLine($"{spec.File}: --variation must be 0 or more, not {index}");
            }

            errors += Math.Max(1, diagnostics.Count);
            bad++;
            return;
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"variation {index} (seed {instance.Seed}, simulation seed {Sim.Scenarios.WorldBuilder.SimulationSeedFor(instance.Seed, index)}): {Count(instance.Draws.Count, "drawn value")}"));
        foreach ((string path, Sim.Scenarios.Distributions.ScenarioValue value) in instance.Draws)
        {
            stdout.WriteLine($"  {path} = {value}");
        }
    }

    private static string Count(long n, string what, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{n:N0} {(n == 1 ? what : plural ?? what + "s")}");
}
