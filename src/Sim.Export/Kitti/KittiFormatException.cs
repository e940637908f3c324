namespace Sim.Export.Kitti;

/// <summary>
/// A KITTI file that does not follow the format: the message reads <c>FILE:LINE: FIELD: what was expected, and what was
/// found</c> (binary files give the byte offset instead of a line), so a user can open the file at the place.
/// </summary>
public sealed class KittiFormatException : FormatException
{
    /// <summary>An error at <paramref name="line"/> (1-based; 0 for the whole file) of <paramref name="path"/>, in
    /// <paramref name="field"/> (null for the line as a whole).</summary>
    public KittiFormatException(string path, int line, string? field, string message)
        : base($"{path}{(line > 0 ? $":{line}" : "")}: {(field is null ? "" : $"{field}: ")}{message}")
    {
        Path = path;
        Line = line;
        Field = field;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The 1-based line, or 0 when the error concerns the whole file.</summary>
    public int Line { get; }

    /// <summary>The field, or null.</summary>
    public string? Field { get; }
}
