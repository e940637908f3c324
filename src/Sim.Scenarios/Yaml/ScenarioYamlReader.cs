using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Sim.Scenarios.Yaml;

/// <summary>
/// Reads a scenario file into <see cref="YamlNode"/>s with positions, refusing what could exhaust memory or time
/// before it grows: files over <see cref="MaxFileBytes"/>, text that is not UTF-8, aliases and anchors (the
/// "billion laughs" expansion), nesting deeper than <see cref="MaxDepth"/>, more than <see cref="MaxNodes"/> nodes,
/// more than one document. Every problem becomes a <see cref="ScenarioDiagnostic"/>; nothing throws on bad input.
/// </summary>
public static class ScenarioYamlReader
{
    /// <summary>Largest scenario file, bytes.</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>Deepest nesting of mappings and lists.</summary>
    public const int MaxDepth = 32;

    /// <summary>Most nodes in a file.</summary>
    public const int MaxNodes = 100_000;

    /// <summary>Reads a file from disk (size checked before reading).</summary>
    public static YamlMapping? ReadFile(string path, List<ScenarioDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (Directory.Exists(path))
        {
            diagnostics.Add(new(path, 1, 1, string.Empty, "is a directory; expected a scenario file"));
            return null;
        }

        if (!File.Exists(path))
        {
            diagnostics.Add(new(path, 1, 1, string.Empty, "no such file"));
            return null;
        }

        // Read at most one byte past the limit, whatever the file claims: a device or a pipe has no length, and
        // /dev/zero would otherwise never end.
        byte[] buffer = new byte[MaxFileBytes + 1];
        int count = 0;
        try
        {
            using FileStream stream = File.OpenRead(path);
            for (int read; count < buffer.Length && (read = stream.Read(buffer, count, buffer.Length - count)) > 0;)
            {
                count += read;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(new(path, 1, 1, string.Empty, $"cannot read the file: {e.Message}"));
            return null;
        }

        if (count > MaxFileBytes)
        {
            diagnostics.Add(new(path, 1, 1, string.Empty, $"the file has more than {MaxFileBytes:N0} bytes; scenario files may have at most {MaxFileBytes:N0}"));
            return null;
        }

        return Read(path, buffer.AsSpan(0, count), diagnostics);
    }

    /// <summary>Reads a scenario from bytes; <paramref name="file"/> names it in diagnostics.</summary>
    public static YamlMapping? Read(string file, ReadOnlySpan<byte> bytes, List<ScenarioDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (bytes.Length > MaxFileBytes)
        {
            diagnostics.Add(new(file, 1, 1, string.Empty, $"the file has {bytes.Length:N0} bytes; scenario files may have at most {MaxFileBytes:N0}"));
            return null;
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            diagnostics.Add(new(file, 1, 1, string.Empty, $"not UTF-8 text (invalid byte at offset {e.Index}); scenario files are YAML text"));
            return null;
        }

        int nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            (int line, int column) = Position(text, nul);
            diagnostics.Add(new(file, line, column, string.Empty, "a NUL character: this is binary data, not YAML text"));
            return null;
        }

        var builder = new Builder(file, diagnostics);
        try
        {
            var parser = new Parser(new StringReader(text));
            return builder.Document(parser);
        }
        catch (YamlException e)
        {
            diagnostics.Add(new(file, (int)e.Start.Line, (int)e.Start.Column, string.Empty, "malformed YAML: " + e.Message.TrimEnd('.')));
            return null;
        }
        catch (LimitException)
        {
            return null; // the builder has reported it
        }
    }

    private static (int Line, int Column) Position(string text, int index)
    {
        int line = 1, column = 1;
        for (int i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return (line, column);
    }

    private sealed class LimitException : Exception;

    private sealed class Builder(string file, List<ScenarioDiagnostic> diagnostics)
    {
        private int _nodes;

        public YamlMapping? Document(IParser parser)
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                diagnostics.Add(new(file, 1, 1, string.Empty, "the file is empty; a scenario is a mapping with at least a 'meta' section"));
                return null;
            }

            parser.Consume<DocumentStart>();
            YamlNode root = Node(parser, string.Empty, 0);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out DocumentStart? second))
            {
                Fail(second.Start, string.Empty, "a second YAML document; a scenario file holds one");
            }

            if (root is not YamlMapping mapping)
            {
                diagnostics.Add(new(file, root.Line, root.Column, string.Empty, $"the file is {root.Kind}; a scenario is a mapping of sections (meta, world, actors, …)"));
                return null;
            }

            return mapping;
        }

        private YamlNode Node(IParser parser, string path, int depth)
        {
            if (++_nodes > MaxNodes)
            {
                Fail(parser.Current!.Start, path, $"more than {MaxNodes:N0} YAML nodes; scenario files are limited to keep validation bounded");
            }

            if (depth > MaxDepth)
            {
                Fail(parser.Current!.Start, path, $"nesting deeper than {MaxDepth} levels");
            }

            ParsingEvent current = parser.Current!;
            if (current is AnchorAlias alias)
            {
                Fail(alias.Start, path, $"alias '*{alias.Value}': anchors and aliases are not allowed in scenario files (they can expand without bound); repeat the value or use variations");
            }

            if (current is NodeEvent node && !node.Anchor.IsEmpty)
            {
                Fail(node.Start, path, $"anchor '&{node.Anchor}': anchors and aliases are not allowed in scenario files (they can expand without bound)");
            }

            switch (current)
            {
                case Scalar scalar:
                    parser.MoveNext();
                    return new YamlScalar(Line(scalar.Start), Column(scalar.Start), path, scalar.Value, scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted);

                case SequenceStart start:
                {
                    parser.MoveNext();
                    var items = new List<YamlNode>();
                    while (!parser.Accept<SequenceEnd>(out _))
                    {
                        items.Add(Node(parser, $"{path}[{items.Count}]", depth + 1));
                    }

                    parser.MoveNext();
                    return new YamlSequence(Line(start.Start), Column(start.Start), path, items);
                }

                case MappingStart start:
                {
                    parser.MoveNext();
                    var entries = new List<(YamlScalar, YamlNode)>();
                    var keys = new HashSet<string>(StringComparer.Ordinal);
                    while (!parser.Accept<MappingEnd>(out _))
                    {
                        YamlNode key = Node(parser, path, depth + 1);
                        string keyText = key is YamlScalar s ? s.Value : string.Empty;
                        string childPath = path.Length == 0 ? keyText : $"{path}.{keyText}";
                        YamlNode value = Node(parser, childPath, depth + 1);
                        if (key is not YamlScalar scalarKey)
                        {
                            diagnostics.Add(new(file, key.Line, key.Column, path, $"a mapping key must be a plain word, not {key.Kind}"));
                            continue;
                        }

                        if (!keys.Add(scalarKey.Value))
                        {
                            diagnostics.Add(new(file, key.Line, key.Column, childPath, $"duplicate key '{scalarKey.Value}'; the first one counts"));
                            continue;
                        }

                        entries.Add((scalarKey, value));
                    }

                    parser.MoveNext();
                    return new YamlMapping(Line(start.Start), Column(start.Start), path, entries);
                }

                default:
                    Fail(current.Start, path, $"unexpected YAML {current.GetType().Name}");
                    return null!;
            }
        }

        private static int Line(Mark mark) => (int)mark.Line;

        private static int Column(Mark mark) => (int)mark.Column;

        private void Fail(Mark mark, string path, string message)
        {
            diagnostics.Add(new(file, (int)mark.Line, (int)mark.Column, path, message));
            throw new LimitException();
        }
    }
}
