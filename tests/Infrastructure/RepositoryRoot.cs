namespace Sim.Tests.Infrastructure;

/// <summary>Finds the repository checkout the tests were built from: the nearest directory above the test binaries that holds <c>Sim.slnx</c>.</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<DirectoryInfo> Root = new(Find);

    /// <summary>The repository root directory.</summary>
    /// <exception cref="InvalidOperationException">No directory above the test binaries holds <c>Sim.slnx</c>.</exception>
    public static DirectoryInfo Directory => Root.Value;

    /// <summary>An absolute path inside the repository, from a path relative to its root.</summary>
    public static string Combine(params string[] relative) => Path.Combine([Directory.FullName, .. relative]);

    private static DirectoryInfo Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Sim.slnx")))
            {
                return directory;
            }
        }

        throw new InvalidOperationException($"No directory above {AppContext.BaseDirectory} holds Sim.slnx.");
    }
}
