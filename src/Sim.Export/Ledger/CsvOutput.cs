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

    /// <summary>The field separator.</summary>
    public void Comma()
    {
        Reserve(1);
        _buffer[_length++] = (byte)',';
    }

    /// <summary>The end of a record (LF).</summary>
    public void EndRow()
    {
        Reserve(1);
        _buffer[_length++] = (byte)'\n';
    }

    /// <summary>Bytes from <see cref="Word"/>, as they are.</summary>
    public void Raw(ReadOnlySpan<byte> utf8)
    {
        Reserve(utf8.Length);
        utf8.CopyTo(_buffer.AsSpan(_length));
        _length += utf8.Length;
    }

    /// <summary>A text field, quoted (quotes doubled) only when it holds a comma, a quote or a line break.</summary>
    public void Text(string text)
    {
        ReadOnlySpan<char> chars = text;
        if (chars.ContainsAny(NeedsQuotes))
        {
            chars = string.Concat("\"", text.Replace("\"", "\"\"", StringComparison.Ordinal), "\"");
        }

        int most = Encoding.UTF8.GetMaxByteCount(chars.Length);
        if (most > BufferSize)
        {
            Flush();
            _file.Stream.Write(Encoding.UTF8.GetBytes(chars.ToArray()));
            return;
        }

        Reserve(most);
        _length += Encoding.UTF8.GetBytes(chars, _buffer.AsSpan(_length));
    }

    /// <summary>An integer.</summary>
    public void Integer(long value)
    {
        Reserve(20);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out int written);
        _length += written;
    }

    /// <summary>Minor units (cents) as a decimal with exactly two decimals: <c>1250</c> → <c>12.50</c>, <c>-5</c> →
    /// <c>-0.05</c>.</summary>
    public void Money(long cents)
    {
        Reserve(24);
        Span<byte> s = _buffer.AsSpan(_length);
        int n = 0;
        ulong magnitude = (ulong)cents;
        if (cents < 0)
        {
            s[n++] = (byte)'-';
            magnitude = (ulong)-(cents + 1) + 1; // long.MinValue too
        }

        (ulong whole, ulong fraction) = Math.DivRem(magnitude, 100UL);
        Utf8Formatter.TryFormat(whole, s[n..], out int written);
        n += written;
        s[n++] = (byte)'.';
        s[n++] = (byte)('0' + (int)(fraction / 10));
        s[n++] = (byte)('0' + (int)(fraction % 10));
        _length += n;
    }

    /// <summary>Unix seconds as ISO 8601 UTC to the second: <c>2026-01-05T13:45:07Z</c>.</summary>
    public void Time(long unixSeconds)
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

        Reserve(20);
        Span<byte> s = _buffer.AsSpan(_length, 20);
        _date.CopyTo(s);
        int hour = (int)(second / 3600), minute = (int)(second / 60 % 60), sec = (int)(second % 60);
        Two(s[11..], hour);
        s[13] = (byte)':';
        Two(s[14..], minute);
        s[16] = (byte)':';
        Two(s[17..], sec);
        s[19] = (byte)'Z';
        _length += 20;
    }

    /// <summary>A flag: <c>1</c> or <c>0</c>.</summary>
    public void Flag(bool value)
    {
        Reserve(1);
        _buffer[_length++] = value ? (byte)'1' : (byte)'0';
    }

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
