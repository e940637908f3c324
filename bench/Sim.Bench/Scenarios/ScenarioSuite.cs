using System.Diagnostics;
using System.Text;
using Sim.Bench.Harness;
using Sim.Scenarios;
using Sim.Scenarios.Model;
using Sim.Scenarios.Yaml;
using YamlDotNet.RepresentationModel;

namespace Sim.Bench.Scenarios;

/// <summary>
/// <c>bench/run scenarios</c>: what checking and running scenario files costs.
/// <list type="bullet">
/// <item>Checking the shipped files (<c>ScenarioSpec.Load</c>: bounded read, positioned nodes, every section and
/// distribution checked, roads generated) against the baseline of parsing the same bytes with YamlDotNet's
/// representation model and nothing else: the ratio is the price of the checks.</item>
/// <item>The same for a generated file at the limit of 10,000 actors (bounded input must stay fast, not just bounded).</item>
/// <item>Variations built per second (instantiate + <c>WorldBuilder.Build</c>).</item>
/// <item>Each shipped scenario's real-time factor: simulated seconds per wall second, headless, one thread.</item>
/// </list>
/// </summary>
public sealed class ScenarioSuite : IBenchSuite
{
    public string Name => "scenarios";

    public string Description => "scenario checking vs plain YAML parsing, a 10,000-actor file, variations built/s, real-time factor per shipped scenario";

    public IReadOnlyList<Figure> Run(bool quick, TextWriter log)
    {
        var figures = new List<Figure>();
        string dir = FindScenarios();
        string[] files = Directory.GetFiles(dir, "*.yaml").Order(StringComparer.Ordinal).ToArray();
        byte[][] bytes = [.. files.Select(File.ReadAllBytes)];
        int rounds = quick ? 15 : 60;

        // 1. Checking every shipped file vs parsing it.
        Dictionary<string, double> shipped = Interleaved.MedianSeconds(
        [
            ("yaml", () => { foreach (byte[] b in bytes) { ParseOnly(b); } }),
            ("check", () => { foreach (string f in files) { Check(f); } }),
        ], rounds);
        figures.Add(new Figure("scenarios.check.files_per_s", files.Length / shipped["check"], "files/s"));
        figures.Add(new Figure("scenarios.check.vs_yaml_parse", shipped["check"] / shipped["yaml"], "x"));
        log.WriteLine($"# scenarios: {files.Length} shipped files, {bytes.Sum(b => b.Length):N0} bytes: check {shipped["check"] * 1e3:0.##} ms, YamlDotNet parse {shipped["yaml"] * 1e3:0.##} ms");

        // 2. A file at the actor limit.
        string big = Path.Combine(Path.GetTempPath(), $"sim-bench-{Environment.ProcessId}.yaml");
        try
        {
            File.WriteAllText(big, BigFile(ActorsSection.MaxActors));
            byte[] bigBytes = File.ReadAllBytes(big);
            Dictionary<string, double> limit = Interleaved.MedianSeconds([("yaml", () => ParseOnly(bigBytes)), ("check", () => Check(big))], quick ? 5 : 15);
            figures.Add(new Figure("scenarios.check.10k_actors_ms", limit["check"] * 1e3, "ms"));
            figures.Add(new Figure("scenarios.check.10k_actors.vs_yaml_parse", limit["check"] / limit["yaml"], "x"));
            log.WriteLine($"# scenarios: 10,000-actor file, {bigBytes.Length:N0} bytes: check {limit["check"] * 1e3:0.#} ms, YamlDotNet parse {limit["yaml"] * 1e3:0.#} ms");
        }
        finally
        {
            File.Delete(big);
        }

        // 3. Variations built per second (all shipped files, round robin).
        ScenarioSpec[] specs = [.. files.Select(Check)];
        int built = 0;
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start).TotalSeconds < (quick ? 2 : 8))
        {
            ScenarioSpec spec = specs[built % specs.Length];
            _ = WorldBuilder.Build(spec.Instantiate(null, built, []) ?? throw new InvalidOperationException("variation failed"));
            built++;
        }

        figures.Add(new Figure("scenarios.build.variations_per_s", built / Stopwatch.GetElapsedTime(start).TotalSeconds, "variations/s"));

        // 4. Real-time factor of each shipped scenario (variation 0, whole duration, 1 thread).
        foreach (ScenarioSpec spec in specs)
        {
            ScenarioInstance instance = spec.Instantiate(null, 0, []) ?? throw new InvalidOperationException("variation failed");
            long steps = (long)Math.Round(instance.Meta.Duration / instance.Meta.Dt);
            var samples = new List<double>();
            for (int r = 0; r < (quick ? 3 : 7); r++)
            {
                BuiltScenario b = WorldBuilder.Build(instance);
                samples.Add(Interleaved.Time(() => b.Simulation.Run(steps)));
            }

            figures.Add(new Figure($"scenarios.run.realtime_factor.{spec.Meta.Name}", instance.Meta.Duration / Interleaved.Median(samples), "x"));
        }

        return figures;
    }

    private static void ParseOnly(byte[] bytes)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Encoding.UTF8.GetString(bytes)));
    }

    private static ScenarioSpec Check(string file)
    {
        var diagnostics = new List<ScenarioDiagnostic>();
        return ScenarioSpec.Load(file, diagnostics) ?? throw new InvalidOperationException(string.Join("\n", diagnostics));
    }

    /// <summary>A valid file with <paramref name="actors"/> cars spread over a long 6-lane highway.</summary>
    private static string BigFile(int actors)
    {
        var text = new StringBuilder("meta:\n  name: big\n  duration: 10\nworld:\n  road:\n    type: highway\n    lanes: 6\n    length: 100000\nactors:\n");
        for (int i = 0; i < actors; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  a{i}:\n    lane: {i % 6}\n    s: {10 + (i / 6 * 50)}\n    speed_kmh: uniform(80, 120)\n");
        }

        return text.ToString();
    }

    private static string FindScenarios()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Sim.slnx")))
            {
                return Path.Combine(d.FullName, "scenarios");
            }
        }

        throw new DirectoryNotFoundException("no Sim.slnx above the benchmark; run it from the repository (bench/run scenarios)");
    }
}
