namespace Sim.Scenarios.Yaml;

/// <summary>A node of a scenario file with its position (1-based line and column of its first character) and its
/// dotted path from the root. Built by <see cref="ScenarioYamlReader"/>; immutable.</summary>
public abstract class YamlNode(int line, int column, string path)
{
    /// <summary>1-based line.</summary>
    public int Line { get; } = line;

    /// <summary>1-based column.</summary>
    public int Column { get; } = column;

    /// <summary>Dotted path, e.g. <c>actors.lead.speed</c> or <c>meta.tags[1]</c>.</summary>
    public string Path { get; } = path;

    /// <summary>What kind of node this is, for messages ("a mapping", "a list", "a scalar").</summary>
    public abstract string Kind { get; }
}

/// <summary>A scalar: its text as written (quoted scalars keep their content, without the quotes).</summary>
/// <param name="line">1-based line.</param>
/// <param name="column">1-based column.</param>
/// <param name="path">Dotted path.</param>
/// <param name="value">The text.</param>
/// <param name="quoted">Whether it was written in quotes.</param>
/// <param name="inFlow">Whether it stands inside <c>[ ]</c> or <c>{ }</c>, where a comma ends it.</param>
public sealed class YamlScalar(int line, int column, string path, string value, bool quoted, bool inFlow = false) : YamlNode(line, column, path)
{
    /// <summary>The text.</summary>
    public string Value { get; } = value;

    /// <summary>Whether it was written in quotes (then it is always text, never a number or a distribution).</summary>
    public bool Quoted { get; } = quoted;

    /// <summary>Whether it stands inside a flow collection (<c>[ ]</c> or <c>{ }</c>), where a comma ends a value.</summary>
    public bool InFlow { get; } = inFlow;

    /// <summary>Whether it is YAML's null: nothing at all, <c>~</c> or <c>null</c>, unquoted (<c>meta:</c> with no
    /// value below it).</summary>
    public bool IsNull => !Quoted && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <inheritdoc/>
    public override string Kind => "a scalar";
}

/// <summary>A list.</summary>
public sealed class YamlSequence(int line, int column, string path, IReadOnlyList<YamlNode> items) : YamlNode(line, column, path)
{
    /// <summary>The items in order.</summary>
    public IReadOnlyList<YamlNode> Items { get; } = items;

    /// <inheritdoc/>
    public override string Kind => "a list";
}

/// <summary>A mapping, in file order. Duplicate keys are errors the reader reports; the later one is dropped.</summary>
public sealed class YamlMapping(int line, int column, string path, IReadOnlyList<(YamlScalar Key, YamlNode Value)> entries) : YamlNode(line, column, path)
{
    /// <summary>The entries in file order.</summary>
    public IReadOnlyList<(YamlScalar Key, YamlNode Value)> Entries { get; } = entries;

    /// <inheritdoc/>
    public override string Kind => "a mapping";

    /// <summary>The value under <paramref name="key"/>, or null.</summary>
    public YamlNode? this[string key] => Entries.FirstOrDefault(e => e.Key.Value == key).Value;
}
