namespace Sim.Export.Files;

/// <summary>Keeps every path a dataset writes inside its folder: relative paths are resolved against the root and
/// refused when they are absolute or climb out of it (<c>..</c>), whatever the input they were built from.</summary>
public static class DatasetPath
{
    /// <summary>The full path of <paramref name="relative"/> (forward slashes) under <paramref name="root"/>.</summary>
    /// <exception cref="ArgumentException">The path is empty, absolute, or resolves outside the root. The message is a
    /// sentence fit to show a user (it names the path, and no parameter: <c>sim inspect</c> prints it as it is).</exception>
    public static string Resolve(string root, string relative)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (string.IsNullOrEmpty(relative) || Path.IsPathRooted(relative) || relative.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Dataset path '{relative}' must be a non-empty relative path.");
        }

        string fullRoot = Path.GetFullPath(root);
        string full = Path.GetFullPath(Path.Combine(fullRoot, relative));
        string prefix = fullRoot.EndsWith(Path.DirectorySeparatorChar) ? fullRoot : fullRoot + Path.DirectorySeparatorChar;
        if (!full.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Dataset path '{relative}' leaves the dataset folder {fullRoot}.");
        }

        return full;
    }

    /// <summary>The path of <paramref name="full"/> relative to <paramref name="root"/>, with forward slashes (as
    /// manifests and frame streams record paths on every platform).</summary>
    public static string Relative(string root, string full) => Path.GetRelativePath(root, full).Replace('\\', '/');
}
