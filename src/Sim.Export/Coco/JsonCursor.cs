using System.Globalization;
using System.Text.Json;

namespace Sim.Export.Coco;

/// <summary>A JSON value with the file and JSON path it came from, so that every read can fail with a message that
/// names both.</summary>
internal readonly struct JsonCursor(JsonElement element, string path, string file)
{
    public JsonElement Element => element;

    public string Path => path;

    /// <summary>Parses the file at <paramref name="file"/>; malformed JSON fails with its line and byte.</summary>
    public static JsonDocument Parse(string file)
    {
        try
        {
            using FileStream stream = File.OpenRead(file);
            return JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            long line = (e.LineNumber ?? -1) + 1;
            long column = (e.BytePositionInLine ?? -1) + 1;
            throw new CocoFormatException(file, e.Path ?? "$", $"malformed JSON at line {line}, byte {column}: {e.Message}", e);
        }
    }

    public static JsonCursor Root(JsonDocument document, string file) => new(document.RootElement, "$", file);

    public CocoFormatException Error(string message) => new(file, path, message);

    /// <summary>The required property <paramref name="name"/> of this object.</summary>
    public JsonCursor this[string name] => TryGet(name, out JsonCursor value)
        ? value
        : throw (element.ValueKind == JsonValueKind.Object
            ? Error($"required key \"{name}\" is missing.")
            : Error($"expected an object with key \"{name}\", found {Describe(element)}."));

    public bool TryGet(string name, out JsonCursor value)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error($"expected an object, found {Describe(element)}.");
        }

        if (element.TryGetProperty(name, out JsonElement found))
        {
            value = new JsonCursor(found, $"{path}.{name}", file);
            return true;
        }

        value = default;
        return false;
    }

    public bool IsNull => element.ValueKind == JsonValueKind.Null;

    public IEnumerable<JsonCursor> Items()
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Error($"expected an array, found {Describe(element)}.");
        }

        string p = path, f = file;
        return element.EnumerateArray().Select((e, i) => new JsonCursor(e, $"{p}[{i}]", f));
    }

    /// <summary>The items of an array of exactly <paramref name="length"/> items.</summary>
    public JsonCursor[] Items(int length)
    {
        JsonCursor[] items = [.. Items()];
        return items.Length == length ? items : throw Error($"expected an array of {length} items, found {items.Length}.");
    }

    public string String() => element.ValueKind == JsonValueKind.String
        ? element.GetString()!
        : throw Error($"expected a string, found {Describe(element)}.");

    public double Number() => element.ValueKind == JsonValueKind.Number
        ? element.GetDouble()
        : throw Error($"expected a number, found {Describe(element)}.");

    public long Int64(long min = long.MinValue, long max = long.MaxValue) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out long value) && value >= min && value <= max
            ? value
            : throw Error($"expected an integer{Range(min, max)}, found {Describe(element)}.");

    public int Int32(int min = int.MinValue, int max = int.MaxValue) => (int)Int64(min, max);

    public ulong UInt64() => element.ValueKind == JsonValueKind.Number && element.TryGetUInt64(out ulong value)
        ? value
        : throw Error($"expected an integer 0–{ulong.MaxValue}, found {Describe(element)}.");

    private static string Range(long min, long max) => (min, max) switch
    {
        (long.MinValue, long.MaxValue) => "",
        (_, long.MaxValue or int.MaxValue) => string.Create(CultureInfo.InvariantCulture, $" ≥ {min}"),
        _ => string.Create(CultureInfo.InvariantCulture, $" {min}–{max}"),
    };

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {Shorten(e.GetRawText())}",
        JsonValueKind.Number => $"the number {Shorten(e.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "…";
}
