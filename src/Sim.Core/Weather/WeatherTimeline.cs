using Sim.Core.Ecs;
using Sim.Core.Kernel;

namespace Sim.Core.Weather;

/// <summary>One weather keyframe: the state at a time; between keyframes the state is interpolated.</summary>
/// <param name="Time">Simulation time, s.</param>
/// <param name="State">The weather then.</param>
public readonly record struct WeatherKeyframe(double Time, WeatherState State);

/// <summary>
/// Weather over time from keyframes: linear interpolation between neighbours (fog visibility in log space, because
/// the extinction coefficient 3.912 / V that sensors use is what should change smoothly; angles along the shorter
/// arc), held constant before the first and after the last. A pure function of time.
/// </summary>
public sealed class WeatherTimeline
{
    private readonly WeatherKeyframe[] _keyframes;

    /// <summary>Creates the timeline.</summary>
    /// <exception cref="ArgumentException">No keyframes, times not strictly increasing, or a value out of range (named).</exception>
    public WeatherTimeline(IEnumerable<WeatherKeyframe> keyframes)
    {
        ArgumentNullException.ThrowIfNull(keyframes);
        _keyframes = [.. keyframes];
        if (_keyframes.Length == 0)
        {
            throw new ArgumentException("A weather timeline needs at least one keyframe.", nameof(keyframes));
        }

        for (int i = 0; i < _keyframes.Length; i++)
        {
            if (i > 0 && !(_keyframes[i].Time > _keyframes[i - 1].Time))
            {
                throw new ArgumentException($"Weather keyframe {i} at t = {_keyframes[i].Time} s does not come after keyframe {i - 1} at t = {_keyframes[i - 1].Time} s.", nameof(keyframes));
            }

            if (!(_keyframes[i].State.FogVisibility > 0))
            {
                throw new ArgumentException($"Weather keyframe {i}: fog visibility must be positive.", nameof(keyframes));
            }
        }
    }

    /// <summary>The keyframes in time order.</summary>
    public IReadOnlyList<WeatherKeyframe> Keyframes => _keyframes;

    /// <summary>The interpolated weather at <paramref name="time"/>.</summary>
    public WeatherState At(double time)
    {
        if (time <= _keyframes[0].Time)
        {
            return _keyframes[0].State;
        }

        if (time >= _keyframes[^1].Time)
        {
            return _keyframes[^1].State;
        }

        int i = 1;
        while (_keyframes[i].Time < time)
        {
            i++;
        }

        WeatherKeyframe a = _keyframes[i - 1], b = _keyframes[i];
        double f = (time - a.Time) / (b.Time - a.Time);
        WeatherState x = a.State, y = b.State;
        return new WeatherState
        {
            Rain = Lerp(x.Rain, y.Rain, f),
            Snow = Lerp(x.Snow, y.Snow, f),
            FogVisibility = Math.Exp(Lerp(Math.Log(x.FogVisibility), Math.Log(y.FogVisibility), f)),
            Cloudiness = Lerp(x.Cloudiness, y.Cloudiness, f),
            Wetness = Lerp(x.Wetness, y.Wetness, f),
            WindSpeed = Lerp(x.WindSpeed, y.WindSpeed, f),
            WindDirection = Angle(x.WindDirection, y.WindDirection, f),
            SunAltitude = Lerp(x.SunAltitude, y.SunAltitude, f),
            SunAzimuth = Angle(x.SunAzimuth, y.SunAzimuth, f),
        };
    }

    private static double Lerp(double a, double b, double f) => a + ((b - a) * f);

    private static double Angle(double a, double b, double f) => a + (Math.IEEERemainder(b - a, 2 * Math.PI) * f);
}

/// <summary>Writes <see cref="WeatherState"/> from the world's <see cref="WeatherTimeline"/> (a managed resource) at the
/// start of every step. Run in <see cref="Phase.Behaviour"/> before anything that reads the weather.</summary>
public sealed class WeatherSystem : ISystem
{
    /// <inheritdoc/>
    public void Update(SystemContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        World world = context.World;
        if (world.HasResource<WeatherTimeline>())
        {
            world.SetResource(world.GetManagedResource<WeatherTimeline>().At(context.Clock.Time));
        }
    }
}
