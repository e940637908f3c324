using System.Text.Json;
using System.Xml.Linq;
using Sim.Tests.Infrastructure;

namespace Sim.Cli.Tests;

/// <summary>
/// Holds the code to the dependency picture of DESIGN.md ("Dependencies point one way") and to the
/// determinism rule that simulation assemblies are compiled with the banned-API analyzer.
/// </summary>
public sealed class ArchitectureTests
{
    /// <summary>The Sim projects each src project may reference; <see langword="null"/> means any.</summary>
    private static readonly Dictionary<string, string[]?> Allowed = new()
    {
        ["Sim.Core"] = [],
        ["Sim.Sensors"] = ["Sim.Core"],
        ["Sim.Scenarios"] = ["Sim.Core", "Sim.Sensors"],
        ["Sim.Export"] = ["Sim.Core", "Sim.Sensors"],
        ["Sim.Cli"] = null,
    };

    public static TheoryData<string> SimulationAssemblies => new() { "Sim.Core", "Sim.Scenarios", "Sim.Sensors" };

    [Fact]
    public void Every_src_project_has_a_rule()
    {
        var projects = SrcProjects().Select(path => Path.GetFileNameWithoutExtension(path)).Order(StringComparer.Ordinal);

        Assert.Equal(Allowed.Keys.Order(StringComparer.Ordinal), projects);
    }

    [Fact]
    public void Project_references_point_one_way()
    {
        var violations =
            from path in SrcProjects()
            let project = Path.GetFileNameWithoutExtension(path)
            let allowed = Allowed.GetValueOrDefault(project, [])
            where allowed is not null
            from reference in ProjectReferences(path)
            where !allowed.Contains(reference)
            select $"{project} references {reference}";

        Assert.Empty(violations);
    }

    [Fact]
    public void Project_references_resolve_to_src_projects()
    {
        var known = SrcProjects().Select(path => Path.GetFileNameWithoutExtension(path)).ToHashSet();

        Assert.All(SrcProjects().SelectMany(ProjectReferences), reference => Assert.Contains(reference, known));
    }

    /// <summary>
    /// Asks MSBuild what the compiler of each simulation assembly really gets, rather than reading
    /// Directory.Build.props: the banned-API analyzer among its analyzers, BannedSymbols.txt among its
    /// additional files, and RS0030 (use of a banned API) neither silenced nor left a mere warning.
    /// </summary>
    [Theory]
    [MemberData(nameof(SimulationAssemblies))]
    public void Simulation_assembly_is_compiled_with_the_banned_api_analyzer(string project)
    {
        var evaluation = EvaluateProject(project);

        var analyzers = evaluation.Items("Analyzer").Select(item => item.GetProperty("Filename").GetString());
        Assert.Contains("Microsoft.CodeAnalysis.BannedApiAnalyzers", analyzers);
        var additionalFiles = evaluation.Items("AdditionalFiles").Select(item => item.GetProperty("FullPath").GetString());
        Assert.Contains(RepositoryRoot.Combine("BannedSymbols.txt"), additionalFiles);
        Assert.DoesNotContain("RS0030", evaluation.Property("NoWarn").Split(';', StringSplitOptions.TrimEntries));
        Assert.Equal("true", evaluation.Property("TreatWarningsAsErrors"), ignoreCase: true);
    }

    [Fact]
    public void Banned_symbols_cover_wall_clock_ambient_randomness_and_fresh_guids()
    {
        var banned = File.ReadAllLines(RepositoryRoot.Combine("BannedSymbols.txt"))
            .Select(line => line.Split(';')[0].Trim())
            .ToHashSet(StringComparer.Ordinal);

        string[] required =
        [
            "M:System.Random.#ctor",
            "P:System.DateTime.Now",
            "P:System.DateTime.UtcNow",
            "M:System.Guid.NewGuid",
            "P:System.Environment.TickCount",
        ];
        Assert.All(required, symbol => Assert.Contains(symbol, banned));
    }

    private static string[] SrcProjects() =>
        Directory.GetFiles(RepositoryRoot.Combine("src"), "*.csproj", SearchOption.AllDirectories)
            .Where(path => Path.GetFileName(Path.GetDirectoryName(path)) == Path.GetFileNameWithoutExtension(path))
            .ToArray();

    private static IEnumerable<string> ProjectReferences(string projectPath) =>
        XDocument.Load(projectPath)
            .Descendants("ProjectReference")
            .Select(reference => Path.GetFileNameWithoutExtension(
                ((string?)reference.Attribute("Include") ?? "").Replace('\\', '/')));

    private static MsBuildEvaluation EvaluateProject(string project)
    {
        var projectPath = RepositoryRoot.Combine("src", project, project + ".csproj");

        // ResolveLockFileAnalyzers turns the restored packages into the Analyzer items handed to csc;
        // it needs the restore that building the solution has already done.
        var result = ChildProcess.Run(
            ChildProcess.DotnetHost,
            ["msbuild", projectPath, "-nologo", "-nodeReuse:false", "-p:Configuration=Release",
             "-t:ResolveLockFileAnalyzers", "-getItem:Analyzer", "-getItem:AdditionalFiles",
             "-getProperty:NoWarn", "-getProperty:TreatWarningsAsErrors"],
            RepositoryRoot.Directory.FullName,
            TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, $"dotnet msbuild {project} failed:\n{result.Stdout}\n{result.Stderr}");
        using var json = JsonDocument.Parse(result.Stdout);
        return new MsBuildEvaluation(json.RootElement.Clone());
    }

    private sealed record MsBuildEvaluation(JsonElement Root)
    {
        public IEnumerable<JsonElement> Items(string type) =>
            Root.GetProperty("Items").TryGetProperty(type, out var items) ? items.EnumerateArray() : [];

        public string Property(string name) =>
            Root.GetProperty("Properties").GetProperty(name).GetString() ?? "";
    }
}
