using System.CommandLine.Parsing;
using System.Globalization;

namespace Sim.Cli.Commands;

/// <summary>One shard of a batch, written <c>I/N</c> on the command line: shard <see cref="Index"/> of <see cref="Count"/>.</summary>
/// <param name="Index">The zero-based shard index, as a Kubernetes Indexed Job's completion index: 0 &lt;= Index &lt; Count.</param>
/// <param name="Count">The number of shards, at least 1.</param>
internal readonly record struct ShardSpec(int Index, int Count)
{
    /// <summary>Parses <c>I/N</c>; anything else is reported as a usage error on <paramref name="result"/>.</summary>
    /// <param name="result">The option's argument, holding one token.</param>
    /// <returns>The shard, or <see langword="null"/> after adding an error.</returns>
    public static ShardSpec? Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (TryParse(text, out var shard))
        {
            return shard;
        }

        result.AddError($"--shard expects I/N with 0 <= I < N (e.g. 0/4), not '{text}'.");
        return null;
    }

    /// <summary>Parses <c>I/N</c> with invariant digits, requiring 0 &lt;= I &lt; N.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="shard">The shard when the text is valid.</param>
    /// <returns>Whether the text is a valid shard.</returns>
    public static bool TryParse(string text, out ShardSpec shard)
    {
        shard = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0
            || !int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count < 1
            || index >= count)
        {
            return false;
        }

        shard = new ShardSpec(index, count);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
