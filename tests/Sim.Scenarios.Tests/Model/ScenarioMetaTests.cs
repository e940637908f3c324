using System.Text;
using Sim.Scenarios.Model;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Tests.Model;

public class ScenarioMetaTests
{
    private static (ScenarioMeta? Meta, List<ScenarioDiagnostic> Diagnostics) Read(string yaml)
    {
        var diagnostics = new List<ScenarioDiagnostic>();
        YamlMapping? root = ScenarioYamlReader.Read("s.yaml", Encoding.UTF8.GetBytes(yaml), diagnostics);
        Assert.NotNull(root);
        var reader = new SectionReader("s.yaml", diagnostics);
        ScenarioSections.CheckTopLevel(root, reader);
        return (ScenarioMeta.Read(root, reader), diagnostics);
    }

    [Fact]
    public void A_complete_meta_section_reads_into_its_record()
    {
        (ScenarioMeta? meta, List<ScenarioDiagnostic> d) = Read("meta:\n  name: lead-brakes\n  description: Lead vehicle brakes hard\n  tags: [nhtsa-lvd, highway]\n  seed: 42\n  duration: 20\n  dt: 0.1\n");
        Assert.Empty(d);
        Assert.Equal("lead-brakes", meta!.Name);
        Assert.Equal(["nhtsa-lvd", "highway"], meta.Tags);
        Assert.Equal((42UL, 20.0, 0.1, 200L), (meta.Seed, meta.Duration, meta.Dt, meta.Steps));
        Assert.Equal(0.05, Read("meta:\n  name: a\n  duration: 1\n").Meta!.Dt); // the default step
    }

    [Theory]
    [InlineData("world: {}\n", "s.yaml:1:1: meta: missing required key 'meta'")]
    [InlineData("meta:\n  duration: 5\n", "s.yaml:2:3: meta.name: missing required key 'name'")]
    [InlineData("meta:\n  name: ../../etc\n  duration: 5\n", "s.yaml:2:9: meta.name: '../../etc' is not a valid name")]
    [InlineData("meta:\n  nmae: x\n  name: x\n  duration: 5\n", "s.yaml:2:3: meta.nmae: unknown key 'nmae'; did you mean 'name'?")]
    [InlineData("meta:\n  name: x\n  duration: -5\n", "s.yaml:3:13: meta.duration: -5 s is out of range; expected 0.001–86400 s")]
    [InlineData("meta:\n  name: x\n  duration: 5\n  dt: 2\n", "s.yaml:4:7: meta.dt: 2 s is out of range; expected 0.001–1 s")]
    [InlineData("meta:\n  name: x\n  duration: 86400\n  dt: 0.001\n", "s.yaml:3:13: meta.duration: duration / dt = 86,400,000 steps; at most 10,000,000 are allowed")]
    [InlineData("meta:\n  name: x\n  duration: uniform(5, 9)\n", "s.yaml:3:13: meta.duration: 'uniform(5, 9)' is a distribution; meta.duration must be a fixed number")]
    [InlineData("meta:\n  name: x\n  duration: '5'\n", "s.yaml:3:13: meta.duration: expected a number in s, found quoted text")]
    [InlineData("meta:\n  name: x\n  duration: 5\n  seed: 1.5\n", "s.yaml:4:9: meta.seed: the seed must be a whole number, found 1.5")]
    [InlineData("meta:\n  name: x\n  duration: 5\nwether: {}\n", "s.yaml:4:1: wether: unknown key 'wether'; did you mean 'weather'?")]
    [InlineData("meta:\n  name: [x]\n  duration: 5\n", "s.yaml:2:9: meta.name: expected text, found a list")]
    [InlineData("meta: 3\n", "s.yaml:1:7: meta: expected a mapping, found a scalar")]
    [InlineData("meta:\n", "s.yaml:1:6: meta: expected a mapping, found nothing (meta is empty); meta needs name and duration, and may have description, tags, seed, dt")]
    [InlineData("meta:\n  name: x\n  duration: 1e400\n", "s.yaml:3:13: meta.duration: '1e400' is out of range (too large for a number); expected 0.001–86400 s")]
    [InlineData("meta:\n  name: x\n  duration: 5\n  seed: -1\n", "s.yaml:4:9: meta.seed: -1 is out of range; expected 0–9007199254740992")]
    public void Each_mistake_is_reported_with_file_line_column_path_and_what_was_expected(string yaml, string expected)
    {
        (_, List<ScenarioDiagnostic> d) = Read(yaml);
        Assert.Contains(d, x => x.ToString().StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_very_long_name_is_echoed_shortened()
    {
        string name = new('n', 2000);
        (_, List<ScenarioDiagnostic> d) = Read($"meta:\n  name: {name}\n  duration: 5\n");
        ScenarioDiagnostic error = Assert.Single(d);
        Assert.Equal((2, 9, "meta.name"), (error.Line, error.Column, error.Path));
        Assert.StartsWith($"'{new string('n', 40)}…' (2,000 characters) is not a valid name; use 1–64 letters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_errors_are_reported_at_once()
    {
        (_, List<ScenarioDiagnostic> d) = Read("meta:\n  nmae: x\n  duration: -1\n  dt: 9\nactrs: []\n");
        Assert.Equal(5, d.Count); // nmae, actrs, missing name, duration, dt
    }
}
