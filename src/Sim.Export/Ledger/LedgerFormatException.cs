namespace Sim.Export.Ledger;

/// <summary>
/// A ledger file that does not hold what its writer writes: the message reads <c>FILE: WHERE: what was expected, and
/// what was found</c>, where WHERE is a CSV line (<c>line 12, column amount</c>) or a Parquet row
/// (<c>row group 0, row 5, column type</c>).
/// </summary>
public sealed class LedgerFormatException : FormatException
{
    /// <summary>An error in <paramref name="path"/> at <paramref name="where"/> (null for the file as a whole).</summary>
    public LedgerFormatException(string path, string? where, string message)
        : base($"{path}: {(where is null ? "" : where + ": ")}{message}")
    {
        Path = path;
        Where = where;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Where in the file, or null.</summary>
    public string? Where { get; }
}
