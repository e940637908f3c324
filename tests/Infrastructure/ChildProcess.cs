using System.Diagnostics;

namespace Sim.Tests.Infrastructure;

/// <summary>What a finished child process left behind.</summary>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Stdout">Everything it wrote on stdout.</param>
/// <param name="Stderr">Everything it wrote on stderr.</param>
internal sealed record ChildProcessResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs programs as separate processes: the real entry point, real exit codes, real streams.</summary>
internal static class ChildProcess
{
    /// <summary>The <c>dotnet</c> host running these tests (<c>DOTNET_HOST_PATH</c>, set by the SDK), else <c>dotnet</c> from PATH.</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>Runs <paramref name="fileName"/> with <paramref name="arguments"/>, no stdin, and waits for it to exit.</summary>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/> (default one minute); it is killed.</exception>
    public static ChildProcessResult Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();

        // Read both streams concurrently so that neither pipe fills up and blocks the child.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', startInfo.ArgumentList)} did not exit in time.");
        }

        return new ChildProcessResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
