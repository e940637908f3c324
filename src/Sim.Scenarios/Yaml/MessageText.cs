using System.Globalization;
using System.Text;

namespace Sim.Scenarios.Yaml;

/// <summary>How diagnostics echo what the file says and the numbers they compare it with: one line, bounded length,
/// units written the way people write them ("5 m", "95°").</summary>
public static class MessageText
{
    /// <summary>Values longer than this many characters are shortened when a message echoes them.</summary>
    public const int MaxEchoed = 80;

    /// <summary>How many characters of a shortened value a message keeps.</summary>
    private const int KeptWhenShortened = 40;

    /// <summary>
    /// <paramref name="value"/> in single quotes, on one line (line breaks and tabs written as <c>\n</c>, <c>\t</c>)
    /// and, when longer than <see cref="MaxEchoed"/> characters, shortened: <c>'aaaa…' (2,000 characters)</c>.
    /// </summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length <= MaxEchoed)
        {
            return $"'{OneLine(value)}'";
        }

        // Never cut a surrogate pair in two.
        int keep = char.IsHighSurrogate(value[KeptWhenShortened - 1]) ? KeptWhenShortened - 1 : KeptWhenShortened;
        return string.Create(CultureInfo.InvariantCulture, $"'{OneLine(value[..keep])}…' ({value.Length:N0} characters)");
    }

    /// <summary>A value from the file with its unit, exactly (shortest round-trip form): <c>5 m</c>, <c>95°</c>, or the
    /// bare number when <paramref name="unit"/> is empty.</summary>
    public static string Amount(double value, string unit) => value.ToString("R", CultureInfo.InvariantCulture) + UnitSuffix(unit);

    /// <summary>A range with its unit: <c>10–100000 m</c>, <c>1.2–90°</c>, <c>0–1</c> (bounds as <see cref="Number"/>,
    /// but rounded inwards, so that the bounds printed are inside the range: a minimum of 62.8318… reads 62.832).</summary>
    public static string Range(double min, double max, string unit) =>
        min == max ? $"{Inwards(min, up: true)}{UnitSuffix(unit)}" : $"{Inwards(min, up: true)}–{Inwards(max, up: false)}{UnitSuffix(unit)}";

    /// <summary>What a number in <paramref name="unit"/> is called in "expected …": <c>a number in m</c>,
    /// <c>a number in degrees</c>, <c>a number</c>.</summary>
    public static string NumberIn(string unit) => unit switch
    {
        "" => "a number",
        "°" => "a number in degrees",
        _ => $"a number in {unit}",
    };

    /// <summary>A computed bound as messages write it: round numbers as they are, others to three decimals (three
    /// significant digits below 1).</summary>
    public static string Number(double value) =>
        value == Math.Round(value, 6) ? value.ToString("R", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 1 ? value.ToString("0.###", CultureInfo.InvariantCulture)
        : value.ToString("G3", CultureInfo.InvariantCulture);

    private static string Inwards(double bound, bool up) =>
        bound == Math.Round(bound, 6) || Math.Abs(bound) < 1 || !double.IsFinite(bound)
            ? Number(bound)
            : Number((up ? Math.Ceiling(bound * 1000) : Math.Floor(bound * 1000)) / 1000);

    /// <summary>What follows a number for <paramref name="unit"/>: nothing, the degree sign right after it, or a space
    /// and the unit.</summary>
    private static string UnitSuffix(string unit) => unit.Length == 0 || unit.StartsWith('°') ? unit : " " + unit;

    private static string OneLine(string value)
    {
        if (value.AsSpan().IndexOfAny('\n', '\r', '\t') < 0)
        {
            return value;
        }

        var text = new StringBuilder(value.Length + 8);
        foreach (char c in value)
        {
            _ = c switch
            {
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                _ => text.Append(c),
            };
        }

        return text.ToString();
    }
}
