namespace Sim.Export.Files;

/// <summary>
/// How many threads dataset writing may use at once (encoding a frame's files, hashing at completion): one per core
/// unless the process was told otherwise (<c>sim run --threads</c>, <c>sim batch --threads</c>, which set it once at
/// start). The bytes written are the same for any value.
/// </summary>
public static class ExportThreads
{
    private static int _max = Environment.ProcessorCount;

    /// <summary>The most threads, at least 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public static int Max
    {
        get => _max;
        set => _max = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "ExportThreads.Max must be at least 1.");
    }
}
