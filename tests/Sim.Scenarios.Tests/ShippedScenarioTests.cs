using Sim.Scenarios.Model;
using Sim.Scenarios.Yaml;
using Sim.Tests.Infrastructure;

namespace Sim.Scenarios.Tests;

public class ShippedScenarioTests
{
    public static TheoryData<string> Files => new(Directory.GetFiles(RepositoryRoot.Combine("scenarios"), "*.yaml").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_shipped_scenario_is_valid_and_its_first_variations_instantiate(string file)
    {
        var d = new List<ScenarioDiagnostic>();
        ScenarioSpec? spec = ScenarioSpec.Load(RepositoryRoot.Combine("scenarios", file), d);
        Assert.True(spec is not null, string.Join("\n", d));
        Assert.Equal(Path.GetFileNameWithoutExtension(file), spec.Meta.Name); // the file is named after its scenario
        for (int i = 0; i < 20; i++)
        {
            Assert.True(spec.Instantiate(null, i, d) is not null, string.Join("\n", d));
        }
    }
}
