using Sim.Core.Weather;

namespace Sim.Scenarios.Model;

/// <summary>A weather quantity an event's <c>weather</c> action may change: its name in the file, range and unit,
/// and how to read and write it on a <see cref="WeatherState"/>.</summary>
/// <param name="Name">Key in the file.</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
/// <param name="Unit">Unit for messages ("" for a fraction).</param>
/// <param name="Get">Reads it.</param>
/// <param name="With">A copy of the state with it set.</param>
/// <param name="Logarithmic">Whether it ramps in log space (fog visibility, as the timeline interpolates it).</param>
public sealed record WeatherField(string Name, double Min, double Max, string Unit, Func<WeatherState, double> Get, Func<WeatherState, double, WeatherState> With, bool Logarithmic = false);

/// <summary>The weather quantities events may change: the one list the reader, the schema test and the event system use.</summary>
public static class WeatherFields
{
    /// <summary>Every changeable quantity, in file-documentation order.</summary>
    public static readonly IReadOnlyList<WeatherField> All =
    [
        new("rain", 0, 1, "", s => s.Rain, (s, v) => s with { Rain = v }),
        new("snow", 0, 1, "", s => s.Snow, (s, v) => s with { Snow = v }),
        new("fog_visibility", 10, 100_000, "m", s => s.FogVisibility, (s, v) => s with { FogVisibility = v }, Logarithmic: true),
        new("cloudiness", 0, 1, "", s => s.Cloudiness, (s, v) => s with { Cloudiness = v }),
        new("wetness", 0, 1, "", s => s.Wetness, (s, v) => s with { Wetness = v }),
        new("wind_speed", 0, 60, "m/s", s => s.WindSpeed, (s, v) => s with { WindSpeed = v }),
    ];

    /// <summary>The quantity named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such quantity.</exception>
    public static WeatherField Named(string name) =>
        All.FirstOrDefault(f => f.Name == name) ?? throw new KeyNotFoundException($"unknown weather field {name}");
}
