using Sim.Tests.Infrastructure;

namespace Sim.Cli.Tests;

/// <summary>Runs the built <c>sim.dll</c> as its own process: the real <c>Main</c>, console and exit code.</summary>
public sealed class EntryPointProcessTests
{
    /// <summary>The <c>sim.dll</c> built with this test assembly (the SDK copies a referenced program next to its tests).</summary>
    private static string SimDll => Path.Combine(AppContext.BaseDirectory, "sim.dll");

    [Fact]
    public void Version_exits_0_and_prints_the_version()
    {
        var result = Sim("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(SimVersion.Informational + Environment.NewLine, result.Stdout);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public void Usage_errors_exit_2()
    {
        var unknown = Sim("bogus");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Run 'sim --help' for usage.", unknown.Stderr, StringComparison.Ordinal);

        var report = Sim("report", "no-such-folder");
        Assert.Equal(2, report.ExitCode);
        Assert.Equal("sim report: no-such-folder: no such folder" + Environment.NewLine, report.Stderr);

        var missing = Sim("inspect", "no-such-folder");
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("sim inspect: no-such-folder: no such folder" + Environment.NewLine, missing.Stderr);

        var invalid = Sim("validate", "no-such.yaml");
        Assert.Equal(2, invalid.ExitCode);
        Assert.StartsWith("no-such.yaml:1:1: no such file", invalid.Stderr, StringComparison.Ordinal);

        var bare = Sim();
        Assert.Equal(2, bare.ExitCode);
        Assert.Empty(bare.Stdout);
    }

    [Fact]
    public void The_same_scenario_seed_and_variation_draw_identical_values_in_separate_processes()
    {
        string file = RepositoryRoot.Combine("scenarios", "lead-vehicle-brakes-suddenly.yaml");
        ChildProcessResult a = Sim("validate", file, "--variation", "7", "--seed", "99");
        ChildProcessResult b = Sim("validate", file, "--variation", "7", "--seed", "99");
        ChildProcessResult other = Sim("validate", file, "--variation", "8", "--seed", "99");

        Assert.Equal(0, a.ExitCode);
        string[] draws = [.. a.Stdout.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal))];
        Assert.True(draws.Length >= 10, a.Stdout);
        Assert.Equal(a.Stdout, b.Stdout); // byte for byte, numbers in round-trip form
        Assert.Equal(a.Stdout, CliRun.Sim("validate", file, "--variation", "7", "--seed", "99").Stdout); // and in this process
        string[] otherDraws = [.. other.Stdout.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal))];
        Assert.Equal(draws.Select(d => d.Split(" = ")[0]), otherDraws.Select(d => d.Split(" = ")[0])); // the same paths…
        Assert.All(draws.Zip(otherDraws), p => Assert.NotEqual(p.First, p.Second)); // …every value different
    }

    private static ChildProcessResult Sim(params string[] args)
    {
        Assert.True(File.Exists(SimDll), $"{SimDll} is missing");
        return ChildProcess.Run(ChildProcess.DotnetHost, [SimDll, .. args]);
    }
}
