using Sim.Core.Traffic.Safety;
using Sim.Scenarios.Events;
using Sim.Scenarios.Model;
using Sim.Scenarios.Yaml;
using Sim.Tests.Infrastructure;

namespace Sim.Scenarios.Tests;

public class ShippedScenarioTests
{
    /// <summary>The edge cases issue 4 asks to ship, modelled on the NHTSA pre-crash typology.</summary>
    private static readonly string[] Required =
    [
        "lead-vehicle-brakes-suddenly", "cut-in-short-gap", "pedestrian-behind-parked-van", "left-turn-across-path",
        "deer-crossing-dusk-snow", "jaywalker-night-rain", "stalled-vehicle-dense-fog", "motorcycle-filtering",
    ];

    /// <summary>The shipped driving scenarios (the ledger-only ones are tested in <see cref="ShippedFinanceScenarioTests"/>).</summary>
    public static TheoryData<string> Files => new(Directory.GetFiles(RepositoryRoot.Combine("scenarios"), "*.yaml").Where(f => !IsFinanceOnly(f)).Select(Path.GetFileName)!);

    /// <summary>Whether a shipped file is a ledger-only scenario.</summary>
    internal static bool IsFinanceOnly(string path) => ScenarioYamlReader.ReadFile(path, []) is { } root && FinanceSection.IsFinanceOnly(root);

    private static ScenarioSpec Load(string file)
    {
        var d = new List<ScenarioDiagnostic>();
        ScenarioSpec? spec = ScenarioSpec.Load(RepositoryRoot.Combine("scenarios", file), d);
        Assert.True(spec is not null, string.Join("\n", d));
        return spec;
    }

    private static ScenarioInstance Instance(ScenarioSpec spec, int index)
    {
        var d = new List<ScenarioDiagnostic>();
        ScenarioInstance? instance = spec.Instantiate(null, index, d);
        Assert.True(instance is not null, string.Join("\n", d));
        return instance;
    }

    [Fact]
    public void The_eight_pre_crash_edge_cases_ship()
    {
        string[] shipped = [.. Directory.GetFiles(RepositoryRoot.Combine("scenarios"), "*.yaml").Select(Path.GetFileNameWithoutExtension)!];
        Assert.Empty(Required.Except(shipped));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_shipped_scenario_is_valid_and_its_first_variations_instantiate(string file)
    {
        ScenarioSpec spec = Load(file);
        Assert.Equal(Path.GetFileNameWithoutExtension(file), spec.Meta.Name); // the file is named after its scenario
        Assert.NotEmpty(spec.Meta.Description);
        Assert.NotEmpty(spec.Plan.Entries); // every shipped edge case varies
        for (int i = 0; i < 20; i++)
        {
            _ = Instance(spec, i);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_shipped_scenario_runs_headless_for_its_whole_duration_and_every_event_fires(string file)
    {
        ScenarioSpec spec = Load(file);
        var fired = new HashSet<string>(StringComparer.Ordinal);
        ScenarioInstance? last = null;
        for (int i = 0; i < 4; i++)
        {
            ScenarioInstance instance = last = Instance(spec, i);
            BuiltScenario built = WorldBuilder.Build(instance);
            long steps = (long)Math.Round(instance.Meta.Duration / instance.Meta.Dt);
            built.Simulation.Run(steps);
            Assert.Equal(instance.Meta.Duration, built.Simulation.Clock.Time, 6);
            Assert.True(built.Simulation.World.HasResource<CollisionLog>(), "the collision system ran");
            if (built.Simulation.World.HasResource<EventLog>())
            {
                EventLog log = built.Simulation.World.GetManagedResource<EventLog>();
                Assert.All(log.Records, r => Assert.True(r.Outcome == ActionOutcome.Applied, $"{file} v{i}: {r}"));
                fired.UnionWith(log.Fired);
            }
        }

        // A scripted event that never fires is a broken scenario (a trigger that cannot happen, a typo'd threshold).
        Assert.Equal(last!.Events.Select(e => e.Name).Order(), fired.Order());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_rerun_and_a_run_on_more_threads_end_in_the_byte_identical_world(string file)
    {
        ScenarioSpec spec = Load(file);
        ScenarioInstance instance = Instance(spec, 3);
        long steps = (long)Math.Round(Math.Min(instance.Meta.Duration, 12) / instance.Meta.Dt);
        ulong Run(int threads)
        {
            BuiltScenario built = WorldBuilder.Build(instance, threads);
            built.Simulation.Run(steps);
            return built.Simulation.World.ComputeHash();
        }

        ulong first = Run(1);
        Assert.Equal(first, Run(1));
        Assert.Equal(first, Run(2));
    }
}
