using System.Globalization;
using System.Text;
using Sim.Scenarios.Distributions;
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

    /// <summary>The longest plain (implicit) mapping key YAML allows, in characters.</summary>
    public const int MaxKeyLength = 1024;

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

        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..]; // a UTF-8 byte order mark: editors hide it, and it is no part of the first key
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
            diagnostics.Add(Malformed(file, text, e, builder));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way, without a position, on some input it should call malformed (a lone
            // carriage return inside [ ] or { }).
            int cr = LoneCarriageReturn(text);
            (int line, int column) = cr >= 0 ? Position(text, cr) : (builder.LastLine, builder.LastColumn);
            diagnostics.Add(new(file, line, column, string.Empty, cr >= 0
                ? "a carriage return (\\r) without a line feed: save the file with \\n or \\r\\n line ends"
                : "malformed YAML: the parser gave up after this point"));
            return null;
        }
        catch (LimitException)
        {
            return null; // the builder has reported it
        }
    }

    /// <summary>The diagnostic for YAML that does not parse: YamlDotNet's message, or, where it is known to mislead
    /// (a tab used as indentation, a quote never closed, a plain key over YAML's 1024-character limit), what is
    /// really wrong at the place where it is.</summary>
    private static ScenarioDiagnostic Malformed(string file, string text, YamlException e, Builder builder)
    {
        int line = (int)e.Start.Line, column = (int)e.Start.Column;
        string[] lines = text.Split('\n');
        if (e.Message.Contains(" tab", StringComparison.OrdinalIgnoreCase) && IndentationTab(lines, line) is { } tab)
        {
            return new(file, tab.Line, tab.Column, string.Empty, "YAML indents with spaces; found a tab");
        }

        if (e.Message.Contains("quoted scalar", StringComparison.Ordinal) && UnclosedQuote(lines, line, column) is { } quote)
        {
            string where = e.Message.Contains("end of stream", StringComparison.Ordinal)
                ? "before the end of the file"
                : "on its line; a quoted value that goes on to the next line must indent that line more than its key";
            return new(file, line, column, string.Empty, $"the {quote} quote opened at {line}:{column} is not closed {where}");
        }

        foreach (int candidate in (int[])[line, line - 1, line + 1])
        {
            if (LongKey(lines, candidate) is { } key)
            {
                return new(file, candidate, key.Column, builder.PathOfKeyAt(key.Column),
                    string.Create(CultureInfo.InvariantCulture, $"a plain key may be at most {MaxKeyLength} characters (YAML's limit); this one has {key.Length:N0}"));
            }
        }

        return new(file, line, column, string.Empty, "malformed YAML: " + e.Message.TrimEnd('.'));
    }

    /// <summary>The first tab in a line's indentation at or after line <paramref name="from"/> (YamlDotNet reports
    /// such a tab at the start of the structure it was reading, often lines before it).</summary>
    private static (int Line, int Column)? IndentationTab(string[] lines, int from)
    {
        for (int i = Math.Max(from, 1) - 1; i < lines.Length; i++)
        {
            string l = lines[i];
            for (int c = 0; c < l.Length && l[c] is ' ' or '\t'; c++)
            {
                if (l[c] == '\t')
                {
                    return (i + 1, c + 1);
                }
            }
        }

        return null;
    }

    /// <summary>"double" or "single" when a quote opens at <paramref name="line"/>:<paramref name="column"/> and is not
    /// closed on its line; null otherwise.</summary>
    private static string? UnclosedQuote(string[] lines, int line, int column)
    {
        string l = line >= 1 && line <= lines.Length ? lines[line - 1].TrimEnd('\r') : string.Empty;
        if (column < 1 || column > l.Length)
        {
            return null;
        }

        char quote = l[column - 1];
        if (quote is not ('"' or '\''))
        {
            return null;
        }

        for (int i = column; i < l.Length; i++)
        {
            if (quote == '"' && l[i] == '\\')
            {
                i++; // an escape: the next character is never the closing quote
            }
            else if (l[i] == quote)
            {
                if (quote == '\'' && i + 1 < l.Length && l[i + 1] == '\'')
                {
                    i++; // '' is a quote inside single quotes
                    continue;
                }

                return null;
            }
        }

        return quote == '"' ? "double" : "single";
    }

    /// <summary>The column and length of a block mapping key on line <paramref name="line"/> longer than YAML allows
    /// an implicit key to be, or null.</summary>
    private static (int Column, int Length)? LongKey(string[] lines, int line)
    {
        if (line < 1 || line > lines.Length)
        {
            return null;
        }

        string l = lines[line - 1];
        int start = 0;
        while (true)
        {
            while (start < l.Length && l[start] == ' ')
            {
                start++;
            }

            if (start + 1 < l.Length && l[start] is '-' or '?' && l[start + 1] == ' ')
            {
                start += 2; // a list item or an explicit key indicator: the key follows
                continue;
            }

            break;
        }

        for (int i = start; i < l.Length; i++)
        {
            if (l[i] == ':' && (i + 1 == l.Length || l[i + 1] is ' ' or '\t' or '\r'))
            {
                int length = i - start;
                return length > MaxKeyLength ? (start + 1, length) : null;
            }
        }

        return null;
    }

    /// <summary>The index of the first <c>\r</c> not followed by <c>\n</c>, or -1.</summary>
    private static int LoneCarriageReturn(string text)
    {
        for (int i = text.IndexOf('\r', StringComparison.Ordinal); i >= 0; i = text.IndexOf('\r', i + 1))
        {
            if (i + 1 == text.Length || text[i + 1] != '\n')
            {
                return i;
            }
        }

        return -1;
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
        /// <summary>The block mappings being read, outermost first: their paths, the column of their keys and the path
        /// of the last key read (whose value may be a mapping not started yet).</summary>
        private readonly List<(string Path, int Column, string? LastKey)> _blockMappings = [];

        private int _nodes;

        /// <summary>1-based line of the last node read (where to report a parser failure that gives no position).</summary>
        public int LastLine { get; private set; } = 1;

        /// <summary>1-based column of the last node read.</summary>
        public int LastColumn { get; private set; } = 1;

        /// <summary>How many flow collections (<c>[ ]</c>, <c>{ }</c>) enclose the node being read.</summary>
        private int _flow;

        /// <summary>The path of the mapping a key at <paramref name="column"/> belongs to, when the parser stops at it:
        /// the innermost block mapping being read with its keys in that column, or, right of one, the value of its
        /// last key.</summary>
        public string PathOfKeyAt(int column)
        {
            for (int i = _blockMappings.Count - 1; i >= 0; i--)
            {
                (string path, int at, string? last) = _blockMappings[i];
                if (at == column)
                {
                    return path;
                }

                if (at < column)
                {
                    return last ?? path;
                }
            }

            return string.Empty;
        }

        public YamlMapping? Document(IParser parser)
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                diagnostics.Add(new(file, 1, 1, string.Empty, EmptyFile));
                return null;
            }

            parser.Consume<DocumentStart>();
            YamlNode root = Node(parser, string.Empty, 0);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out DocumentStart? second))
            {
                Fail(second.Start, string.Empty, "a second YAML document; a scenario file holds one");
            }

            if (root is YamlScalar { Quoted: false, Value.Length: 0 })
            {
                diagnostics.Add(new(file, 1, 1, string.Empty, EmptyFile)); // "---" and nothing else
                return null;
            }

            if (root is not YamlMapping mapping)
            {
                diagnostics.Add(new(file, root.Line, root.Column, string.Empty, $"the file is {root.Kind}; a scenario is a mapping of sections (meta, world, actors, …)"));
                return null;
            }

            return mapping;
        }

        private const string EmptyFile = "the file is empty; a scenario is a mapping with at least a 'meta' section";

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
            (LastLine, LastColumn) = (Line(current.Start), Column(current.Start));
            if (current is AnchorAlias alias)
            {
                Fail(alias.Start, path, $"alias {MessageText.Quote("*" + alias.Value)}: anchors and aliases are not allowed in scenario files (they can expand without bound); repeat the value or use variations");
            }

            if (current is NodeEvent node && !node.Anchor.IsEmpty)
            {
                Fail(node.Start, path, $"anchor {MessageText.Quote("&" + node.Anchor)}: anchors and aliases are not allowed in scenario files (they can expand without bound)");
            }

            switch (current)
            {
                case Scalar scalar:
                    parser.MoveNext();
                    return new YamlScalar(Line(scalar.Start), Column(scalar.Start), path, scalar.Value, scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted, _flow > 0);

                case SequenceStart start:
                {
                    parser.MoveNext();
                    bool flow = start.Style == SequenceStyle.Flow;
                    _flow += flow ? 1 : 0;
                    var items = new List<YamlNode>();
                    int open = 0;
                    while (!parser.Accept<SequenceEnd>(out _))
                    {
                        YamlNode item = Node(parser, $"{path}[{items.Count}]", depth + 1);
                        if (open > 0)
                        {
                            open += Parentheses(item); // the rest of a distribution its commas cut apart: reported with it
                            continue;
                        }

                        items.Add(item);
                        open = flow ? CutDistribution(item) : 0;
                    }

                    parser.MoveNext();
                    _flow -= flow ? 1 : 0;
                    return new YamlSequence(Line(start.Start), Column(start.Start), path, items);
                }

                case MappingStart start:
                {
                    parser.MoveNext();
                    bool flow = start.Style == MappingStyle.Flow;
                    if (flow)
                    {
                        _flow++;
                    }
                    else
                    {
                        _blockMappings.Add((path, Column(start.Start), null));
                    }

                    var entries = new List<(YamlScalar, YamlNode)>();
                    var keys = new Dictionary<string, YamlScalar>(StringComparer.Ordinal);
                    int open = 0, me = _blockMappings.Count - 1;
                    while (!parser.Accept<MappingEnd>(out _))
                    {
                        YamlNode key = Node(parser, path, depth + 1);
                        string keyText = key is YamlScalar { Value.Length: <= MaxKeyLength } s ? s.Value : string.Empty;
                        string childPath = path.Length == 0 ? keyText : $"{path}.{keyText}";
                        if (!flow)
                        {
                            _blockMappings[me] = (path, _blockMappings[me].Column, childPath);
                        }

                        YamlNode value = Node(parser, childPath, depth + 1);
                        if (open > 0)
                        {
                            open += Parentheses(key) + Parentheses(value); // the rest of a distribution cut apart
                            continue;
                        }

                        if (key is not YamlScalar scalarKey)
                        {
                            diagnostics.Add(new(file, key.Line, key.Column, path, $"a mapping key must be a plain word, not {key.Kind}"));
                            continue;
                        }

                        if (scalarKey.Value.Length > MaxKeyLength)
                        {
                            // The parser enforces YAML's limit on plain keys in block mappings only.
                            diagnostics.Add(new(file, key.Line, key.Column, path, string.Create(CultureInfo.InvariantCulture,
                                $"a key may be at most {MaxKeyLength} characters (YAML's limit); this one has {scalarKey.Value.Length:N0}")));
                            continue;
                        }

                        if (keys.TryGetValue(scalarKey.Value, out YamlScalar? first))
                        {
                            diagnostics.Add(new(file, key.Line, key.Column, childPath, $"duplicate key {MessageText.Quote(scalarKey.Value)} (first at line {first.Line}); a key may appear once in a mapping"));
                            continue;
                        }

                        keys.Add(scalarKey.Value, scalarKey);
                        entries.Add((scalarKey, value));
                        open = flow ? CutDistribution(value) : 0;
                    }

                    parser.MoveNext();
                    if (flow)
                    {
                        _flow--;
                    }
                    else
                    {
                        _blockMappings.RemoveAt(_blockMappings.Count - 1);
                    }

                    return new YamlMapping(Line(start.Start), Column(start.Start), path, entries);
                }

                default:
                    Fail(current.Start, path, $"unexpected YAML {current.GetType().Name}");
                    return null!;
            }
        }

        /// <summary>The parentheses a plain scalar leaves open (negative when it closes more than it opens).</summary>
        private static int Parentheses(YamlNode node) =>
            node is YamlScalar { Quoted: false } s ? s.Value.Count(c => c == '(') - s.Value.Count(c => c == ')') : 0;

        /// <summary>
        /// The parentheses left open by a value inside <c>[ ]</c> or <c>{ }</c> that is a distribution cut short by a
        /// comma (<c>{rain: uniform(0, 1)}</c> reads as <c>rain: "uniform(0"</c> and a key <c>"1)"</c>), or 0. Its
        /// error is reported where the expression breaks off; the pieces after it, up to the closing parenthesis, are
        /// dropped instead of being reported again as keys or items of their own.
        /// </summary>
        private static int CutDistribution(YamlNode value) =>
            Parentheses(value) is > 0 and var open && !DistributionParser.TryParse(((YamlScalar)value).Value, out _, out _) ? open : 0;

        private static int Line(Mark mark) => (int)mark.Line;

        private static int Column(Mark mark) => (int)mark.Column;

        private void Fail(Mark mark, string path, string message)
        {
            diagnostics.Add(new(file, (int)mark.Line, (int)mark.Column, path, message));
            throw new LimitException();
        }
    }
}
