using System.Text;
using Sim.Scenarios.Model;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Tests.Model;

/// <summary>Checks scenario text as if it were the file <c>s.yaml</c>.</summary>
internal static class SpecText
{
    public static (ScenarioSpec? Spec, List<ScenarioDiagnostic> Diagnostics) Check(string yaml)
    {
        var diagnostics = new List<ScenarioDiagnostic>();
        YamlMapping? root = ScenarioYamlReader.Read("s.yaml", Encoding.UTF8.GetBytes(yaml), diagnostics);
        Assert.NotNull(root);
        return (ScenarioSpec.FromYaml("s.yaml", root, diagnostics), diagnostics);
    }
}
