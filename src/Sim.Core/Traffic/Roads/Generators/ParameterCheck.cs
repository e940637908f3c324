namespace Sim.Core.Traffic.Roads.Generators;

/// <summary>Range checks for generator parameters: each failure names the parameter and the allowed range.</summary>
internal static class ParameterCheck
{
    /// <summary>Throws unless <paramref name="value"/> lies in [<paramref name="min"/>, <paramref name="max"/>] (NaN never does).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside the range or not a number.</exception>
    public static void InRange(double value, double min, double max, string name, string unit)
    {
        if (!(value >= min && value <= max))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be within {min:0.###}–{max:0.###} {unit}.");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> lies in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside the range.</exception>
    public static void InRange(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be within {min}–{max}.");
        }
    }

    /// <summary>Throws unless the enum value is defined.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of the enum's members.</exception>
    public static void Defined<T>(T value, string name)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be one of {string.Join(", ", Enum.GetNames<T>())}.");
        }
    }
}
