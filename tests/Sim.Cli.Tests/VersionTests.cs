using System.Reflection;
using Sim.Tests.Infrastructure;

namespace Sim.Cli.Tests;

public sealed class VersionTests
{
    [Fact]
    public void Version_prints_the_informational_version_alone_and_exits_0()
    {
        var result = CliRun.Sim("--version");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Empty(result.Stderr);
        Assert.Equal(SimVersion.Informational + Environment.NewLine, result.Stdout);
        Assert.Matches(@"^0\.1\.0(\+[0-9a-f]{7,40})?$", SimVersion.Informational);
        Assert.Equal(
            typeof(SimVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion,
            SimVersion.Informational);
    }

    [Fact]
    public void Version_carries_a_commit_of_this_repository_when_built_from_a_git_checkout()
    {
        var head = Git("rev-parse", "HEAD");
        if (head.ExitCode != 0)
        {
            return; // Not a git checkout (a source tarball), or no git: the version is plain 0.1.0 and the test above covers it.
        }

        var plus = SimVersion.Informational.IndexOf('+', StringComparison.Ordinal);
        Assert.True(plus > 0, $"built from a git checkout, yet the version has no commit: {SimVersion.Informational}");
        var commit = SimVersion.Informational[(plus + 1)..];
        Assert.Equal(0, Git("cat-file", "-e", commit + "^{commit}").ExitCode);
    }

    [Fact]
    public void Version_cannot_be_combined_with_a_command()
    {
        var result = CliRun.Sim("--version", "run");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Empty(result.Stdout);
    }

    private static ChildProcessResult Git(params string[] args)
    {
        try
        {
            return ChildProcess.Run("git", args, RepositoryRoot.Directory.FullName);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return new ChildProcessResult(-1, "", "git not found");
        }
    }
}
