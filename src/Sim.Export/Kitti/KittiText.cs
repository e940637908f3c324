using System.Globalization;

namespace Sim.Export.Kitti;

/// <summary>
/// Number formats of KITTI's text files, as C's printf writes them: <c>%.2f</c> in object labels, <c>%f</c> (six
/// decimals) in tracking labels, <c>%.12e</c> in calibration files, <c>%d</c> for integers; and the strict parsing of
/// one space-separated line, with errors that name the file, line and field.
/// </summary>
internal static class KittiText
{
    /// <summary>Tolerance on an angle's range [−π, π] for the rounding of two printed decimals.</summary>
    public const double AngleSlack = 0.005;

    /// <summary><c>%.Nf</c>: fixed point, correctly rounded (.NET formats doubles exactly, like
    /// glibc), "-0.00" for small negatives as C prints them.</summary>
    public static string Fixed(double value, int decimals) => value.ToString(decimals switch
    {
        2 => "F2",
        6 => "F6",
        _ => throw new ArgumentOutOfRangeException(nameof(decimals), decimals, "KITTI files print 2 or 6 decimals."),
    }, CultureInfo.InvariantCulture);

    /// <summary><c>%.12e</c>: 13 significant digits, a lower-case e and an exponent of at least two digits
    /// (7.215377000000e+02). Zero is written +0 whatever its sign.</summary>
    public static string Scientific(double value)
    {
        string s = (value == 0 ? 0.0 : value).ToString("E12", CultureInfo.InvariantCulture); // "7.215377000000E+002"
        int e = s.IndexOf('E', StringComparison.Ordinal);
        int exponent = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{s.AsSpan(0, e)}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}");
    }

    /// <summary><c>%d</c>.</summary>
    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The fields of one line: single spaces between them, none before or after, no tabs or carriage
    /// returns.</summary>
    /// <exception cref="KittiFormatException">Empty fields, stray whitespace, or not <paramref name="counts"/> fields.</exception>
    public static string[] Fields(string text, string path, int line, string what, params int[] counts)
    {
        if (text.Length == 0)
        {
            throw new KittiFormatException(path, line, null, $"empty line; expected {what}");
        }

        int bad = text.AsSpan().IndexOfAny('\r', '\t');
        if (bad >= 0)
        {
            throw new KittiFormatException(path, line, null, $"{(text[bad] == '\r' ? "carriage return (CRLF line end)" : "tab")} at column {bad + 1}; KITTI files separate fields with single spaces and end lines with LF");
        }

        string[] fields = text.Split(' ');
        int empty = Array.IndexOf(fields, "");
        if (empty >= 0)
        {
            throw new KittiFormatException(path, line, null, $"{(empty == 0 ? "leading space" : empty == fields.Length - 1 ? "trailing space" : "two spaces in a row")}; fields are separated by single spaces");
        }

        if (!counts.Contains(fields.Length))
        {
            throw new KittiFormatException(path, line, null, $"{fields.Length} fields; expected {string.Join(" or ", counts)} ({what})");
        }

        return fields;
    }

    /// <summary>A finite decimal number (KITTI writes no NaN or infinity).</summary>
    public static double Number(string text, string path, int line, string field)
    {
        if (!double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw new KittiFormatException(path, line, field, $"expected a finite decimal number, found '{text}'");
        }

        return value;
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static int Integer(string text, string path, int line, string field, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            throw new KittiFormatException(path, line, field, $"expected an integer in [{min}, {max}], found '{text}'");
        }

        return value >= min && value <= max ? value : throw new KittiFormatException(path, line, field, $"expected an integer in [{min}, {max}], found {value}");
    }

    /// <summary>The lines of a text file: LF-separated, the last one ending with LF (a file with no lines is empty).
    /// An empty line anywhere is an error unless <paramref name="allowBlankEnd"/> lets trailing ones pass.</summary>
    public static List<string> Lines(string path, bool allowBlankEnd = false)
    {
        string text = File.ReadAllText(path);
        var lines = new List<string>(text.Split('\n'));
        if (lines[^1].Length != 0)
        {
            throw new KittiFormatException(path, lines.Count, null, "the last line does not end with a line feed");
        }

        lines.RemoveAt(lines.Count - 1);
        while (allowBlankEnd && lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }
}
