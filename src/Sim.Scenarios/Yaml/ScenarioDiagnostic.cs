namespace Sim.Scenarios.Yaml;

/// <summary>One problem in a scenario file: <c>file:line:col: path.to.field: message</c>, the form editors and CI
/// logs link to. Line and column are 1-based; the path is the dotted path of the field (empty for the file itself).</summary>
/// <param name="File">The file as the user named it.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Path">Dotted field path, e.g. <c>actors.lead.speed</c>.</param>
/// <param name="Message">What is wrong and what was expected.</param>
public sealed record ScenarioDiagnostic(string File, int Line, int Column, string Path, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => Path.Length == 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}:{Line}:{Column}: {Path}: {Message}";
}
