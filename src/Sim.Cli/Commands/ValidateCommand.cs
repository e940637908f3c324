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
    private static readonly string[] Checked = ["meta", "weather", "world", "actors", "events", "variations"];

    /// <summary>Creates the <c>validate</c> command.</summary>
    public ValidateCommand()
        : base("validate", "Check scenario files and report every error with file:line:col.")
    {
        Add(Files);
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

    /// <summary>The scenario files to check.</summary>
    public Argument<FileInfo[]> Files { get; } = new("files")
    {
        Description = "Scenario files (YAML).",
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary><c>ok: FILE: NAME, 20 s (400 steps of 0.05 s), 5 actors, 2 events, 3 varied values, 12 sweep points,
    /// 12 variations</c>, and the sections present but not yet checked.</summary>
    private static string Summary(string file, ScenarioSpec spec, int checkedVariations)
    {
        int varied = spec.Plan.Entries.Count();
        int actors = (spec.Root["actors"] as YamlMapping)?.Entries.Count ?? 0;
        int events = (spec.Root["events"] as YamlMapping)?.Entries.Count ?? 0;
        string pending = string.Join(", ", spec.Root.Entries.Select(e => e.Key.Value).Where(k => !Checked.Contains(k, StringComparer.Ordinal)));
        return string.Create(CultureInfo.InvariantCulture,
            $"ok: {file}: {spec.Meta.Name}, {spec.Meta.Duration:G} s ({Count(spec.Meta.Steps, "step")} of {spec.Meta.Dt:G} s), {Count(actors, "actor")}, {Count(events, "event")}, {Count(varied, "varied value")}, {Count(spec.Plan.SweepCount, "sweep point")}, {Count(spec.Variations.Count, "variation")} ({(checkedVariations == spec.Variations.Count ? "all" : $"first {checkedVariations:N0}")} built)")
            + (pending.Length == 0 ? string.Empty : $" (sections not checked yet: {pending})");
    }

    private static string Count(long n, string what) => string.Create(CultureInfo.InvariantCulture, $"{n:N0} {what}{(n == 1 ? string.Empty : "s")}");
}
