using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Sim.Export.Files;

namespace Sim.Export.Ledger;

/// <summary>
/// A CSV file written field by field into a 1 MiB buffer and streamed to a temporary file that <see cref="Commit"/>
/// renames into place (<see cref="AtomicFileStream"/>): UTF-8 without a byte-order mark, LF line ends, invariant
/// number formats, and RFC 4180 quotes only around a field that holds a comma, a quote or a line break.
/// </summary>
/// <remarks>Numbers and times are formatted straight into the buffer (no strings per row), and the date part of an ISO
/// time is formatted once per day: entries come in time order, so that is once per day of the ledger.</remarks>
internal sealed class CsvOutput : IDisposable
{
    private const int BufferSize = 1 << 20;
    private const long SecondsPerDay = 86_400;
    private const int UnixEpochDayNumber = 719_162; // DateOnly(1970, 1, 1).DayNumber

    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");

    private readonly AtomicFileStream _file;
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly byte[] _date = new byte[11];
    private long _dateDay = long.MinValue;
    private int _length;
    private bool _committed;

    /// <summary>Opens the temporary file for <paramref name="path"/> and writes the header line.</summary>
    public CsvOutput(string path, IReadOnlyList<string> header)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _file = new AtomicFileStream(path);
        for (int i = 0; i < header.Count; i++)
        {
            if (i > 0)
            {
                Comma();
            }

            Text(header[i]);
        }

        EndRow();
    }

    /// <summary>The final path.</summary>
    public string Path => _file.Path;

    /// <summary>The UTF-8 bytes of a word written often (a type or role name), checked to need no quotes.</summary>
    public static byte[] Word(string word) =>
        word.AsSpan().ContainsAny(NeedsQuotes) ? throw new ArgumentException($"'{word}' would need quotes", nameof(word)) : Encoding.UTF8.GetBytes(word);

    /// <summary>A text field as CSV bytes: UTF-8, in quotes (quotes doubled) only when it holds a comma, a quote or a
    /// line break.</summary>
    public static byte[] Field(string text) => Encoding.UTF8.GetBytes(
        text.AsSpan().ContainsAny(NeedsQuotes) ? string.Concat("\"", text.Replace("\"", "\"\"", StringComparison.Ordinal), "\"") : text);

    /// <summary>Room for a record of at most <paramref name="most"/> bytes, at the end of what is buffered: fill it
    /// with the <c>Put</c> methods, then <see cref="Advance"/> by what was used.</summary>
    public Span<byte> Row(int most)
    {
        if (most > BufferSize)
        {
            throw new ArgumentOutOfRangeException(nameof(most), most, $"a record of more than {BufferSize} bytes");
        }

        Reserve(most);
        return _buffer.AsSpan(_length);
    }

    /// <summary>Keeps <paramref name="used"/> bytes of the last <see cref="Row"/>.</summary>
    public void Advance(int used) => _length += used;

    /// <summary>Puts bytes.</summary>
    public static void Put(Span<byte> s, ref int p, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(s[p..]);
        p += bytes.Length;
    }

    /// <summary>Puts an integer (at most 20 bytes).</summary>
    public static void PutInteger(Span<byte> s, ref int p, long value)
    {
        Utf8Formatter.TryFormat(value, s[p..], out int written);
        p += written;
    }

    /// <summary>Puts minor units (cents) as a decimal with exactly two decimals (at most 24 bytes): <c>1250</c> →
    /// <c>12.50</c>, <c>-5</c> → <c>-0.05</c>.</summary>
    public static void PutMoney(Span<byte> s, ref int p, long cents)
    {
        ulong magnitude = (ulong)cents;
        if (cents < 0)
        {
            s[p++] = (byte)'-';
            magnitude = (ulong)-(cents + 1) + 1; // long.MinValue too
        }

        (ulong whole, ulong fraction) = Math.DivRem(magnitude, 100UL);
        Utf8Formatter.TryFormat(whole, s[p..], out int written);
        p += written;
        s[p] = (byte)'.';
        s[p + 1] = (byte)('0' + (int)(fraction / 10));
        s[p + 2] = (byte)('0' + (int)(fraction % 10));
        p += 3;
    }

    /// <summary>Puts Unix seconds as ISO 8601 UTC to the second (20 bytes): <c>2026-01-05T13:45:07Z</c>.</summary>
    public void PutTime(Span<byte> s, ref int p, long unixSeconds)
    {
        long day = Math.DivRem(unixSeconds, SecondsPerDay, out long second);
        if (second < 0)
        {
            day--;
            second += SecondsPerDay;
        }

        if (day != _dateDay)
        {
            FormatDate(day);
        }

        Span<byte> t = s.Slice(p, 20);
        _date.CopyTo(t);
        int hour = (int)(second / 3600), minute = (int)(second / 60 % 60), sec = (int)(second % 60);
        Two(t[11..], hour);
        t[13] = (byte)':';
        Two(t[14..], minute);
        t[16] = (byte)':';
        Two(t[17..], sec);
        t[19] = (byte)'Z';
        p += 20;
    }

    /// <summary>Puts a flag: <c>1</c> or <c>0</c>.</summary>
    public static void PutFlag(Span<byte> s, ref int p, bool value) => s[p++] = value ? (byte)'1' : (byte)'0';

    /// <summary>The field separator.</summary>
    public void Comma() => Raw(","u8);

    /// <summary>The end of a record (LF).</summary>
    public void EndRow() => Raw("\n"u8);

    /// <summary>Bytes from <see cref="Word"/> or <see cref="Field"/>, as they are.</summary>
    public void Raw(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > BufferSize)
        {
            Flush();
            _file.Stream.Write(utf8);
            return;
        }

        Reserve(utf8.Length);
        utf8.CopyTo(_buffer.AsSpan(_length));
        _length += utf8.Length;
    }

    /// <summary>A text field, quoted (quotes doubled) only when it holds a comma, a quote or a line break.</summary>
    public void Text(string text) => Raw(Field(text));

    /// <summary>An integer.</summary>
    public void Integer(long value)
    {
        Span<byte> s = Row(20);
        int p = 0;
        PutInteger(s, ref p, value);
        Advance(p);
    }

    /// <summary>Minor units as a decimal with two decimals (<see cref="PutMoney"/>).</summary>
    public void Money(long cents)
    {
        Span<byte> s = Row(24);
        int p = 0;
        PutMoney(s, ref p, cents);
        Advance(p);
    }

    /// <summary>An ISO 8601 UTC time (<see cref="PutTime"/>).</summary>
    public void Time(long unixSeconds)
    {
        Span<byte> s = Row(20);
        int p = 0;
        PutTime(s, ref p, unixSeconds);
        Advance(p);
    }

    /// <summary>A flag: <c>1</c> or <c>0</c>.</summary>
    public void Flag(bool value) => Raw(value ? "1"u8 : "0"u8);

    /// <summary>Writes what is buffered, closes the file and renames it into place.</summary>
    public void Commit()
    {
        Flush();
        _file.Commit();
        _committed = true;
    }

    /// <summary>Deletes the temporary file unless the output was committed.</summary>
    public void Dispose() => _file.Dispose();

    /// <summary>Throws when the file was already committed.</summary>
    public void ThrowIfCommitted()
    {
        if (_committed)
        {
            throw new InvalidOperationException($"{Path} is complete; nothing more can be appended");
        }
    }

    private static void Two(Span<byte> s, int value)
    {
        s[0] = (byte)('0' + (value / 10));
        s[1] = (byte)('0' + (value % 10));
    }

    private void FormatDate(long day)
    {
        DateOnly date = DateOnly.FromDayNumber(checked((int)(UnixEpochDayNumber + day)));
        Span<byte> s = _date;
        Utf8Formatter.TryFormat(date.Year, s, out _, new StandardFormat('D', 4));
        s[4] = (byte)'-';
        Two(s[5..], date.Month);
        s[7] = (byte)'-';
        Two(s[8..], date.Day);
        s[10] = (byte)'T';
        _dateDay = day;
    }

    private void Reserve(int bytes)
    {
        if (BufferSize - _length < bytes)
        {
            Flush();
        }
    }

    private void Flush()
    {
        if (_length > 0)
        {
            _file.Stream.Write(_buffer, 0, _length);
            _length = 0;
        }
    }
}
