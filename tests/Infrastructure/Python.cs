namespace Sim.Tests.Infrastructure;

/// <summary>
/// Debian's Python (<c>/usr/bin/python3</c>, not a pyenv shim) with the modules of the independent readers that dataset
/// tests hold our files against: msgpack, NumPy and Pillow (apt: python3-msgpack python3-numpy python3-pil, which
/// <c>./test</c> installs as root), and, for the tests that name it, pandas (apt: python3-pandas). Probed once per test
/// run (each extra module once).
/// </summary>
internal static class Python
{
    /// <summary>The interpreter.</summary>
    public const string Interpreter = "/usr/bin/python3";

    private static readonly Lazy<string?> Probe = new(() =>
    {
        if (!File.Exists(Interpreter))
        {
            return $"{Interpreter} not found";
        }

        try
        {
            ChildProcessResult r = ChildProcess.Run(Interpreter, ["-c", "import msgpack, numpy, PIL.Image"]);
            return r.ExitCode == 0 ? null : $"{Interpreter} lacks msgpack, numpy or PIL (apt: python3-msgpack python3-numpy python3-pil): {r.Stderr.Trim()}";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or TimeoutException)
        {
            return e.Message;
        }
    });

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> Modules = new(StringComparer.Ordinal);

    /// <summary>Why Python tests are skipped; null when the readers are there.</summary>
    public static string? SkipReason => Probe.Value;

    /// <summary>Why a test that also needs <paramref name="module"/> (a Debian package <c>python3-MODULE</c>) is skipped;
    /// null when it can run.</summary>
    public static string? SkipReasonWith(string module) => SkipReason ?? Modules.GetOrAdd(module, m =>
    {
        try
        {
            ChildProcessResult r = ChildProcess.Run(Interpreter, ["-c", $"import {m}"]);
            return r.ExitCode == 0 ? null : $"{Interpreter} lacks {m} (apt: python3-{m}): {r.Stderr.Trim()}";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or TimeoutException)
        {
            return e.Message;
        }
    });

    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/> (sys.argv[1:]) and returns its stdout.</summary>
    /// <exception cref="InvalidOperationException">The script failed; its stderr is in the message.</exception>
    public static string Run(string script, params string[] arguments)
    {
        ChildProcessResult r = ChildProcess.Run(Interpreter, ["-c", script, .. arguments], timeout: TimeSpan.FromMinutes(2));
        return r.ExitCode == 0 ? r.Stdout : throw new InvalidOperationException($"python3 exited {r.ExitCode}: {r.Stderr}");
    }
}

/// <summary>A fact skipped, with the reason, where Debian's Python readers (and the extra <c>modules</c> named) are
/// missing (xunit 2 decides at discovery).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute(params string[] modules)
    {
        if (modules.Select(Python.SkipReasonWith).Prepend(Python.SkipReason).FirstOrDefault(r => r is not null) is { } reason)
        {
            Skip = reason;
        }
    }
}
