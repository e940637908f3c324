using System.Globalization;

namespace Sim.Export.Ledger;

/// <summary>Parses the values ledger CSV files hold, exactly as <see cref="CsvOutput"/> writes them; null when the text
/// is not in that form.</summary>
internal static class LedgerText
{
    /// <summary>An integer.</summary>
    public static long? Integer(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) ? value : null;

    /// <summary>A decimal with exactly two decimals (<c>-0.05</c>) as minor units.</summary>
    public static long? Money(string text)
    {
        ReadOnlySpan<char> s = text;
        bool negative = s.StartsWith('-');
        ReadOnlySpan<char> digits = negative ? s[1..] : s;
        if (digits.Length < 4 || digits[^3] != '.' || !char.IsAsciiDigit(digits[^2]) || !char.IsAsciiDigit(digits[^1])
            || !ulong.TryParse(digits[..^3], NumberStyles.None, CultureInfo.InvariantCulture, out ulong whole))
        {
            return null;
        }

        long magnitude = checked(((long)whole * 100) + ((digits[^2] - '0') * 10) + (digits[^1] - '0'));
        return negative ? -magnitude : magnitude;
    }

    /// <summary>An ISO 8601 UTC time to the second (<c>2026-01-05T13:45:07Z</c>) as Unix seconds.</summary>
    public static long? Time(string text) =>
        text.Length == 20 && DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime time)
            ? ParquetSupport.ToUnix(time)
            : null;

    /// <summary>A flag, <c>0</c> or <c>1</c>.</summary>
    public static bool? Flag(string text) => text switch
    {
        "0" => false,
        "1" => true,
        _ => null,
    };
}
