using System.Text;

namespace Sim.Export.PointClouds;

/// <summary>Reads the ASCII header of a PCD or PLY file line by line (LF, or CRLF), keeping the 1-based line number
/// for errors, and knows where the payload starts.</summary>
internal ref struct HeaderLines
{
    private readonly ReadOnlySpan<byte> _bytes;
    private readonly string _path;

    public HeaderLines(ReadOnlySpan<byte> bytes, string path)
    {
        _bytes = bytes;
        _path = path;
    }

    /// <summary>The 1-based number of the line last read.</summary>
    public int Line { get; private set; }

    /// <summary>The offset of the byte after the line last read: where the payload starts once the header is done.</summary>
    public int Position { get; private set; }

    /// <summary>The next line without its line ending.</summary>
    /// <exception cref="PointCloudFormatException">The file ends before <paramref name="expected"/>, or the line is not
    /// printable ASCII.</exception>
    public string Next(string expected)
    {
        ReadOnlySpan<byte> rest = _bytes[Position..];
        int end = rest.IndexOf((byte)'\n');
        if (end < 0)
        {
            throw new PointCloudFormatException(_path, Line + 1, $"expected {expected}, found the end of the file (truncated header).");
        }

        Line++;
        Position += end + 1;
        ReadOnlySpan<byte> line = rest[..end];
        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        foreach (byte b in line)
        {
            if (b is < 0x20 or > 0x7E && b != (byte)'\t')
            {
                throw new PointCloudFormatException(_path, Line, $"expected {expected}, found a line that is not ASCII text (binary data in the header?).");
            }
        }

        return Encoding.ASCII.GetString(line);
    }

    /// <summary>An error at the line last read.</summary>
    public readonly PointCloudFormatException Error(string message) => new(_path, Line, message);
}
