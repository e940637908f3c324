using Sim.Sensors.Gl;

namespace Sim.Sensors.Tests.Gl;

/// <summary>Whether this machine can make a headless OpenGL 4.5 context, probed once per test run.</summary>
internal static class GlAvailability
{
    private static readonly Lazy<string?> Probe = new(() =>
    {
        if (!EglContext.TryCreate(out EglContext? context, out string reason))
        {
            return reason;
        }

        context!.Dispose();
        return null;
    });

    /// <summary>Why GL tests are skipped; null when a context can be made.</summary>
    public static string? SkipReason => Probe.Value is null ? null : $"No headless OpenGL 4.5 through EGL: {Probe.Value}";
}

/// <summary>A fact that is skipped, with the reason, only where no EGL/OpenGL 4.5 context can be made (xunit 2 has no
/// dynamic skip, so the attribute decides at discovery).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class GlFactAttribute : FactAttribute
{
    public GlFactAttribute()
    {
        if (GlAvailability.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory skipped like <see cref="GlFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class GlTheoryAttribute : TheoryAttribute
{
    public GlTheoryAttribute()
    {
        if (GlAvailability.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
