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

    /// <summary>Variation <paramref name="index"/> of text that must be valid.</summary>
    public static ScenarioInstance Instance(string yaml, int index = 0)
    {
        (ScenarioSpec? spec, List<ScenarioDiagnostic> d) = Check(yaml);
        Assert.True(spec is not null, string.Join("\n", d));
        ScenarioInstance? instance = spec.Instantiate(null, index, d);
        Assert.True(instance is not null, string.Join("\n", d));
        return instance;
    }

    /// <summary>Asserts the text is refused with a diagnostic that starts with <paramref name="expected"/>
    /// (<c>s.yaml:L:C: path: message</c>).</summary>
    public static void Refused(string yaml, string expected)
    {
        (ScenarioSpec? spec, List<ScenarioDiagnostic> d) = Check(yaml);
        Assert.Null(spec);
        Assert.True(d.Exists(x => x.ToString().StartsWith(expected, StringComparison.Ordinal)), $"expected {expected}\ngot:\n" + string.Join("\n", d));
    }
}
