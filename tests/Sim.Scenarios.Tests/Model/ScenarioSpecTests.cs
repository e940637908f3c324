using Sim.Core.Weather;
using Sim.Scenarios.Model;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Tests.Model;

public class ScenarioSpecTests
{
    private const string Meta = "meta:\n  name: dusk-blizzard\n  seed: 7\n  duration: 60\n";

    private static (ScenarioSpec? Spec, List<ScenarioDiagnostic> Diagnostics) Spec(string yaml) => SpecText.Check(yaml);

    private static ScenarioInstance Instance(string yaml, ulong? seed = null, int index = 0)
    {
        (ScenarioSpec? spec, List<ScenarioDiagnostic> d) = Spec(yaml);
        Assert.True(spec is not null, string.Join("\n", d));
        ScenarioInstance? instance = spec.Instantiate(seed, index, d);
        Assert.True(instance is not null, string.Join("\n", d));
        return instance;
    }

    [Fact]
    public void Weather_keyframes_carry_values_over_and_interpolate_between_them()
    {
        ScenarioInstance s = Instance(Meta + """
            weather:
              latitude: 60
              day_of_year: 355
              keyframes:
                - {time: 0, rain: 0.2, fog_visibility: 2000, wind_speed: 4, wind_direction: 270, time_of_day: 15}
                - {time: 30, snow: 0.9}
                - {time: 60, rain: 0, fog_visibility: 150, time_of_day: 16.5}
            """);
        IReadOnlyList<WeatherKeyframe> k = s.Weather!.Keyframes;
        Assert.Equal([0.0, 30, 60], k.Select(f => f.Time));
        Assert.Equal(0.2, k[1].State.Rain); // carried over
        Assert.Equal(0.9, k[2].State.Snow);
        Assert.Equal(0.0, k[0].State.Snow); // starts clear
        Assert.Equal(-Math.PI, k[0].State.WindDirection, 12); // from the west: world angle 180°
        (double altitude, double azimuth) = SolarPosition.At(60, 355, 16.5);
        Assert.Equal(altitude, k[2].State.SunAltitude, 12);
        Assert.Equal(azimuth, k[2].State.SunAzimuth, 12);
        Assert.True(altitude < 0, "a December 16:30 sun at 60° N is below the horizon");
        WeatherState mid = s.Weather.At(45);
        Assert.Equal(0.1, mid.Rain, 9);
        Assert.InRange(mid.FogVisibility, 150, 2000);
    }

    [Fact]
    public void Sun_angles_can_be_given_directly_in_compass_degrees()
    {
        ScenarioInstance s = Instance(Meta + "weather:\n  keyframes:\n    - {time: 0, sun_altitude: 5, sun_azimuth: 90}\n");
        WeatherState w = s.Weather!.Keyframes[0].State;
        Assert.Equal(5 * Math.PI / 180, w.SunAltitude, 12);
        Assert.Equal(0, w.SunAzimuth, 12); // east in the world frame
    }

    [Theory]
    [InlineData("    - {time: 0, rain: 1.5}\n", "s.yaml:7:23: weather.keyframes[0].rain: 1.5 is out of range; expected 0–1")]
    [InlineData("    - time: 0\n      rain: uniform(0.5, 1.5)\n", "s.yaml:8:13: weather.keyframes[0].rain: uniform(0.5, 1.5) can draw values outside 0–1")]
    [InlineData("    - time: 0\n      rain: choice([light, heavy])\n", "s.yaml:8:13: weather.keyframes[0].rain: choice(")]
    [InlineData("    - {time: 0, rian: 0.5}\n", "s.yaml:7:17: weather.keyframes[0].rian: unknown key 'rian'; did you mean 'rain'?")]
    [InlineData("    - {time: 10}\n    - {time: 5}\n", "s.yaml:8:14: weather.keyframes[1].time: keyframes must be in increasing time; 5 s does not come after 10 s")]
    [InlineData("    - {time: 0, time_of_day: 9, sun_altitude: 10}\n", "s.yaml:7:30: weather.keyframes[0].time_of_day: give either time_of_day or sun_altitude/sun_azimuth")]
    [InlineData("    - {time: 90}\n", "s.yaml:7:14: weather.keyframes[0].time: 90 s is out of range; expected 0–60 s")]
    public void Weather_mistakes_are_reported_at_their_value(string keyframes, string expected)
    {
        (ScenarioSpec? spec, List<ScenarioDiagnostic> d) = Spec(Meta + "weather:\n  keyframes:\n" + keyframes);
        Assert.Null(spec);
        Assert.True(d.Exists(x => x.ToString().StartsWith(expected, StringComparison.Ordinal)), string.Join("\n", d));
    }

    [Fact]
    public void A_malformed_distribution_is_reported_inside_its_scalar()
    {
        (ScenarioSpec? spec, List<ScenarioDiagnostic> d) = Spec(Meta + "weather:\n  keyframes:\n    - time: 0\n      rain: uniform(0.2, )\n");
        Assert.Null(spec);
        ScenarioDiagnostic error = Assert.Single(d);
        Assert.Equal((8, "weather.keyframes[0].rain"), (error.Line, error.Path));
        Assert.InRange(error.Column, 14, 32); // past the scalar's first character (13), within it

        // In a flow mapping a comma ends the value, so the message says how to write it.
        (spec, d) = Spec(Meta + "weather:\n  keyframes:\n    - {time: 0, rain: uniform(0, 1)}\n");
        Assert.Null(spec);
        Assert.Contains(d, x => x.Line == 7 && x.Message.Contains("block style", StringComparison.Ordinal));
    }

    [Fact]
    public void Variations_are_deterministic_per_seed_and_index_and_differ_across_indices()
    {
        string yaml = Meta + "weather:\n  keyframes:\n    - time: 0\n      rain: uniform(0, 1)\n      fog_visibility: uniform(50, 5000)\n      time_of_day: uniform(16, 18)\n";
        ScenarioInstance a = Instance(yaml, index: 3), again = Instance(yaml, index: 3), other = Instance(yaml, index: 4);
        Assert.Equal(a.Draws, again.Draws);
        Assert.Equal(a.Weather!.Keyframes, again.Weather!.Keyframes);
        Assert.NotEqual(a.Weather.Keyframes[0].State.Rain, other.Weather!.Keyframes[0].State.Rain);
        Assert.Equal(3, a.Draws.Count);
        Assert.Equal(a.Draws[0].Value.Number, a.Weather.Keyframes[0].State.Rain);
        Assert.Equal(7UL, a.Seed); // the file's seed when none is given
        Assert.NotEqual(a.Draws, Instance(yaml, seed: 8, index: 3).Draws);
        for (int i = 0; i < 200; i++)
        {
            WeatherState w = Instance(yaml, index: i).Weather!.Keyframes[0].State;
            Assert.InRange(w.Rain, 0, 1);
            Assert.InRange(w.FogVisibility, 50, 5000);
        }
    }

    [Fact]
    public void A_draw_outside_the_fields_range_fails_that_variation_with_its_location()
    {
        // normal(0.5, 0.01) spans ±6σ = 0.44–0.56, inside 0–1, so the spec passes; no draw can leave it either.
        (ScenarioSpec? spec, List<ScenarioDiagnostic> d) = Spec(Meta + "weather:\n  keyframes:\n    - time: 0\n      rain: normal(0.5, 0.01)\n");
        Assert.NotNull(spec);
        for (int i = 0; i < 100; i++)
        {
            Assert.NotNull(spec.Instantiate(null, i, d));
        }

        Assert.Empty(d);
    }

    [Fact]
    public void Load_reports_a_missing_file_by_name()
    {
        var d = new List<ScenarioDiagnostic>();
        Assert.Null(ScenarioSpec.Load("/nonexistent/x.yaml", d));
        Assert.Contains("/nonexistent/x.yaml", Assert.Single(d).ToString(), StringComparison.Ordinal);
    }
}
