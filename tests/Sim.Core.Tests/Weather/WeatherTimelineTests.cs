using Sim.Core.Kernel;
using Sim.Core.Weather;

namespace Sim.Core.Tests.Weather;

public class WeatherTimelineTests
{
    private static readonly WeatherTimeline Timeline = new(
    [
        new(0, WeatherState.Clear with { Rain = 0, FogVisibility = 10_000, WindDirection = 3.0 }),
        new(60, WeatherState.Clear with { Rain = 0.8, FogVisibility = 100, Wetness = 1, WindDirection = -3.0 }),
    ]);

    [Fact]
    public void Between_keyframes_values_interpolate_fog_in_log_space_and_angles_the_short_way()
    {
        WeatherState mid = Timeline.At(30);
        Assert.Equal(0.4, mid.Rain, 12);
        Assert.Equal(0.5, mid.Wetness, 12);
        Assert.Equal(1000, mid.FogVisibility, 6); // geometric mean of 10 km and 100 m
        Assert.Equal(Math.PI, Math.Abs(mid.WindDirection), 6); // 3.0 → −3.0 crosses π, not 0
        Assert.Equal(Timeline.Keyframes[0].State, Timeline.At(-5));
        Assert.Equal(Timeline.Keyframes[1].State, Timeline.At(600));
    }

    [Fact]
    public void The_weather_system_writes_the_state_for_the_current_time()
    {
        var sim = new Simulation(new SimulationOptions(1, 0.5));
        sim.World.SetManagedResource(Timeline);
        sim.AddSystem(Phase.Behaviour, new WeatherSystem());
        sim.Run(61); // the last step computed t = 30 s
        Assert.Equal(0.4, sim.World.GetResource<WeatherState>().Rain, 12);
    }

    [Fact]
    public void Keyframes_out_of_order_are_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new WeatherTimeline([new(10, WeatherState.Clear), new(5, WeatherState.Clear)]));
        Assert.Contains("keyframe 1 at t = 5 s does not come after keyframe 0 at t = 10 s", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new WeatherTimeline([]));
    }

    [Theory]
    [InlineData(48.0, 172, 12.0, 65.4, 180.0)]  // mid-latitude summer solstice noon: 90 − 48 + 23.44, due south
    [InlineData(48.0, 355, 12.0, 18.6, 180.0)]  // winter solstice noon: 90 − 48 − 23.44
    [InlineData(0.0, 80, 6.0, 0.0, 90.0)]        // equinox sunrise on the equator: on the horizon, due east
    [InlineData(48.0, 172, 0.0, -18.6, 0.0)]    // midnight: below the horizon, due north
    public void Solar_position_matches_the_textbook_cases_within_a_degree(double latitude, int day, double hours, double altitudeDeg, double azimuthFromNorthClockwiseDeg)
    {
        (double altitude, double azimuth) = SolarPosition.At(latitude, day, hours);
        Assert.Equal(altitudeDeg, altitude * 180 / Math.PI, 1.0);
        double expectedCcwFromEast = (90 - azimuthFromNorthClockwiseDeg) * Math.PI / 180;
        double difference = Math.IEEERemainder(azimuth - expectedCcwFromEast, 2 * Math.PI);
        Assert.True(Math.Abs(difference) < 1.0 * Math.PI / 180, $"azimuth off by {difference * 180 / Math.PI:0.##}°");
    }
}
