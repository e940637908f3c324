using System.Reflection;

namespace Sim.Cli;

/// <summary>The version of this build of <c>sim</c>.</summary>
public static class SimVersion
{
    /// <summary>
    /// The informational version, <c>0.1.0+&lt;short git commit&gt;</c> when built from a git checkout and
    /// plain <c>0.1.0</c> otherwise (see <c>SimSourceRevisionId</c> in Directory.Build.props).
    /// Datasets record it as the tool version in their manifest.
    /// </summary>
    public static string Informational { get; } =
        typeof(SimVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(SimVersion).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
