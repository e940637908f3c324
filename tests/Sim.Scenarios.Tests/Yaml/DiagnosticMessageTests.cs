using Sim.Scenarios.Model;
using Sim.Scenarios.Tests.Model;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Tests.Yaml;

/// <summary>How diagnostics read: values echoed short and on one line, units without double spaces or a dangling
/// "in", no inverted ranges, and <see cref="ScenarioSpec.Load"/> failing on every diagnostic, in file order.</summary>
public sealed class DiagnosticMessageTests : IDisposable
{
    private const string Meta = "meta:\n  name: m\n  duration: 10\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("sim-messages-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<ScenarioDiagnostic> Check(string yaml) => SpecText.Check(yaml).Diagnostics;

    private (ScenarioSpec? Spec, List<ScenarioDiagnostic> Diagnostics) Load(string yaml)
    {
        string path = Path.Combine(_dir, "s.yaml");
        File.WriteAllText(path, yaml);
        var diagnostics = new List<ScenarioDiagnostic>();
        return (ScenarioSpec.Load(path, diagnostics), diagnostics);
    }

    private static ScenarioDiagnostic Only(List<ScenarioDiagnostic> diagnostics, string path) =>
        Assert.Single(diagnostics, d => d.Path == path);

    [Fact]
    public void Long_values_are_shortened_and_kept_on_one_line()
    {
        Assert.Equal("'short'", MessageText.Quote("short"));
        Assert.Equal("'a\\nb\\tc'", MessageText.Quote("a\nb\tc"));
        Assert.Equal($"'{new string('a', 80)}'", MessageText.Quote(new string('a', 80)));
        Assert.Equal($"'{new string('a', 40)}…' (2,000 characters)", MessageText.Quote(new string('a', 2000)));
    }

    [Fact]
    public void Units_follow_numbers_with_a_space_except_the_degree_sign()
    {
        Assert.Equal("5 m", MessageText.Amount(5, "m"));
        Assert.Equal("95°", MessageText.Amount(95, "°"));
        Assert.Equal("1.5", MessageText.Amount(1.5, ""));
        Assert.Equal("1.2–90°", MessageText.Range(1.2, 90, "°"));
        Assert.Equal("62.832–100000 m", MessageText.Range(2 * Math.PI * 10, 100_000, "m"));
        Assert.Equal("0–1", MessageText.Range(0, 1, ""));
        Assert.Equal(("a number", "a number in s", "a number in degrees"), (MessageText.NumberIn(""), MessageText.NumberIn("s"), MessageText.NumberIn("°")));
    }

    [Theory]
    [InlineData("weather:\n  keyframes:\n    - time: 0\n      rain: uniform(0.5, 1.5)\n", "weather.keyframes[0].rain", "uniform(0.5, 1.5) can draw values outside 0–1 (it spans 0.5–1.5)")]
    [InlineData("weather:\n  keyframes:\n    - time: 0\n      rain: choice([light, heavy])\n", "weather.keyframes[0].rain", "choice([light, heavy]) can draw words; weather.keyframes[0].rain needs a number")]
    [InlineData("weather:\n  keyframes:\n    - time: 0\n      wind_speed: choice([calm, gale])\n", "weather.keyframes[0].wind_speed", "choice([calm, gale]) can draw words; weather.keyframes[0].wind_speed needs a number in m/s")]
    [InlineData("weather:\n  keyframes:\n    - time: 0\n      rain: 1.5\n", "weather.keyframes[0].rain", "1.5 is out of range; expected 0–1")]
    [InlineData("weather:\n  latitude: 95\n  keyframes:\n    - time: 0\n", "weather.latitude", "95° is out of range; expected -90–90°")]
    [InlineData("weather:\n  keyframes:\n    - time: 0\n      wind_direction: normal(180, 60)\n", "weather.keyframes[0].wind_direction", "normal(180, 60) can draw values outside 0–360° (it spans -180–540)")]
    [InlineData("world:\n  road:\n    type: highway\n    on_ramp:\n      ramp_angle: 95\n", "world.road.on_ramp.ramp_angle", "95° is out of range; expected 1.2–90°")]
    [InlineData("world:\n  road:\n    type: curve\n    angle: abc\n", "world.road.angle", "expected a number in degrees, found 'abc'")]
    [InlineData("weather:\n  keyframes:\n    - time: 0\n      rain: uniform(0, 1\n", "weather.keyframes[0].rain", "expected ')' but the expression ends")] // no flow-collection hint in block style
    public void Messages_name_units_without_a_double_space_or_a_dangling_in(string yaml, string path, string message)
    {
        ScenarioDiagnostic d = Only(Check(Meta + yaml), path);
        Assert.Equal(message, d.Message);
    }

    [Theory]
    [InlineData("meta:\n  name: x\n  duration: 1e400\n", "meta.duration", "'1e400' is out of range (too large for a number); expected 0.001–86400 s")]
    [InlineData("meta:\n  name: x\n  duration: .inf\n", "meta.duration", "expected a number in s, found '.inf'")]
    [InlineData("meta:\n  name: x\n  duration:\n", "meta.duration", "expected a number in s, found nothing")]
    [InlineData("meta:\nworld:\n  road:\n    type: ring\n", "meta", "expected a mapping, found nothing (meta is empty); meta needs name and duration")]
    [InlineData("meta: ~\n", "meta", "expected a mapping, found nothing (meta is empty)")]
    public void Overflowing_numbers_and_empty_values_say_so(string yaml, string path, string message)
    {
        ScenarioDiagnostic d = Only(Check(yaml), path);
        Assert.StartsWith(message, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sweep_grid_too_large_is_reported_at_the_range_that_tips_it_over()
    {
        List<ScenarioDiagnostic> d = Check(Meta + "weather:\n  keyframes:\n    - time: 0\n      fog_visibility: range(10, 10000, 1)\n      wind_speed: range(0, 59.99, 0.01)\n      wind_direction: range(0, 359.9, 0.1)\n");
        ScenarioDiagnostic error = Assert.Single(d);
        Assert.Equal((8, 19, "weather.keyframes[0].wind_speed"), (error.Line, error.Column, error.Path));
        Assert.Contains("sweep more than 10,000,000 combinations (9,991 × 6,000 = 59,946,000)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("meta:\n  name: twice\n  duration: 10\n  duration: 20\n", "duplicate key 'duration' (first at line 3)")]
    [InlineData("meta:\n  name: complex-key\n  duration: 60\n? [a, b]\n: 1\n", "a mapping key must be a plain word, not a list")]
    public void A_problem_the_yaml_reader_reports_fails_the_file(string yaml, string message)
    {
        (ScenarioSpec? spec, List<ScenarioDiagnostic> d) = Load(yaml);
        Assert.Null(spec);
        Assert.Contains(message, Assert.Single(d).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_lists_a_files_diagnostics_by_line_then_column()
    {
        var earlier = new ScenarioDiagnostic("other.yaml", 9, 9, string.Empty, "from before");
        string path = Path.Combine(_dir, "s.yaml");
        File.WriteAllText(path, "weather:\n  keyframes:\n    - time: 0\n      rain: 2\nmeta:\n  nmae: a\n  duration: 5\n  duration: 6\nactrs: {}\n");
        var diagnostics = new List<ScenarioDiagnostic> { earlier };

        Assert.Null(ScenarioSpec.Load(path, diagnostics));

        Assert.Same(earlier, diagnostics[0]); // what the list held stays first
        List<ScenarioDiagnostic> own = diagnostics[1..];
        Assert.True(own.Count >= 4, string.Join("\n", own));
        Assert.Equal(own.OrderBy(d => d.Line).ThenBy(d => d.Column), own);
        Assert.Contains(own, d => d.Message.StartsWith("duplicate key 'duration'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("world:\n  road:\n    type: ring\n    circumference: 60\n")]
    [InlineData("world:\n  road:\n    type: highway\n    length: 500\n    on_ramp:\n      entry_length: 100\n")]
    [InlineData("world:\n  road:\n    type: highway\n    on_ramp:\n      ramp_radius: 5000\n      ramp_angle: 90\n")]
    [InlineData("world:\n  road:\n    type: highway\n    length: 100\n    on_ramp:\n      entry_length: 1000\n")]
    [InlineData("world:\n  road:\n    type: highway\n    length: 100\n    on_ramp: {merge_start: 10}\n")]
    [InlineData("world:\n  road:\n    type: highway\n    length: 1000\n    on_ramp:\n      ramp_radius: 1000\n      ramp_angle: 30\n      merge_start: 100\n")]
    public void No_message_shows_an_inverted_range(string yaml)
    {
        List<ScenarioDiagnostic> d = Check(Meta + yaml);
        Assert.NotEmpty(d);
        foreach (ScenarioDiagnostic x in d)
        {
            System.Text.RegularExpressions.Match range = System.Text.RegularExpressions.Regex.Match(x.Message, @"(-?[0-9.]+)–(-?[0-9.]+)");
            Assert.True(!range.Success || double.Parse(range.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) <= double.Parse(range.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), x.ToString());
            Assert.DoesNotContain("  ", x.Message, StringComparison.Ordinal);
        }
    }
}
