namespace Sim.Export.Coco;

/// <summary>
/// A COCO instances file or a frame fragment that does not follow the format: the message reads
/// <c>FILE: $.json.path: what was expected, and what was found</c> (or <c>FILE:LINE: …</c> for malformed JSON), so a
/// user can find the place.
/// </summary>
public sealed class CocoFormatException : FormatException
{
    /// <summary>An error in <paramref name="path"/> at the JSON path <paramref name="jsonPath"/> (<c>$</c> for the whole
    /// document).</summary>
    public CocoFormatException(string path, string jsonPath, string message, Exception? inner = null)
        : base($"{path}: {jsonPath}: {message}", inner)
    {
        Path = path;
        JsonPath = jsonPath;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Where in the document, as a JSON path such as <c>$.annotations[3].bbox</c>.</summary>
    public string JsonPath { get; }
}
