namespace Sim.Export.PointClouds;

/// <summary>
/// A PCD or PLY file that does not follow the layout Sim writes: the message reads <c>FILE:LINE: what was expected, and
/// what was found</c> for a header line, or <c>FILE: …</c> with the point index or byte count for the payload, so a user
/// can open the file at the place.
/// </summary>
public sealed class PointCloudFormatException : FormatException
{
    /// <summary>An error at header or text line <paramref name="line"/> (1-based; 0 for the payload or the whole file) of
    /// <paramref name="path"/>.</summary>
    public PointCloudFormatException(string path, int line, string message)
        : base($"{path}{(line > 0 ? $":{line}" : "")}: {message}")
    {
        Path = path;
        Line = line;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The 1-based line, or 0 when the error concerns the payload or the whole file.</summary>
    public int Line { get; }
}
