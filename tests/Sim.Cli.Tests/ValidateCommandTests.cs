namespace Sim.Cli.Tests;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-validate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string yaml)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void A_good_file_gets_a_summary_line_and_exit_0()
    {
        string good = Write("good.yaml", "meta:\n  name: dusk\n  duration: 20\nweather:\n  keyframes:\n    - time: 0\n      rain: uniform(0, 1)\n      fog_visibility: range(100, 400, 100)\noutput: {}\n");

        CliResult r = CliRun.Sim("validate", good);

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Empty(r.Stderr);
        Assert.Equal($"ok: {good}: dusk, 20 s (400 steps of 0.05 s), 0 actors, 0 events, 2 varied values, 4 sweep points, 4 variations (all built) (sections not checked yet: output){Environment.NewLine}", r.Stdout);
    }

    [Fact]
    public void The_sensors_section_is_checked_and_no_longer_named_as_pending()
    {
        const string Ego = "meta:\n  name: rig\n  duration: 5\nworld:\n  road:\n    type: highway\nactors:\n  ego:\n    lane: 0\n    s: 50\n";
        string good = Write("rig.yaml", Ego + "sensors:\n  camera:\n    fov: uniform(80, 100)\n  lidar:\n    channels: 32\n");
        string bad = Write("bad-rig.yaml", Ego + "sensors:\n  camera:\n    fov: 200\n");

        CliResult r = CliRun.Sim("validate", good, bad);

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Equal($"ok: {good}: rig, 5 s (100 steps of 0.05 s), 1 actor, 0 events, 1 varied value, 1 sweep point, 1 variation (all built){Environment.NewLine}", r.Stdout);
        Assert.Equal([$"{bad}:13:10: sensors.camera.fov: 200° is out of range; expected 1–179°", "sim validate: 1 error in 1 of 2 files"], r.StderrLines);
    }

    [Fact]
    public void A_finance_file_is_checked_and_summarised_without_a_driving_simulation()
    {
        const string Finance = "finance:\n  customers: 10000\n  merchants: 800\n  fraud_rate: range(0.001, 0.003, 0.001)\n  typologies:\n    - type: account_takeover\n    - type: card_testing\n";
        string only = Write("fraud.yaml", "meta:\n  name: fraud\n" + Finance);
        string both = Write("both.yaml", "meta:\n  name: both\n  duration: 5\nweather:\n  keyframes:\n    - time: 0\n" + Finance);
        string bad = Write("bad-fraud.yaml", "meta:\n  name: fraud\n  duration: 5\nfinance:\n  typologies:\n    - type: fan_outt\n");

        CliResult r = CliRun.Sim("validate", only, both, bad);

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Equal(
            [
                $"ok: {only}: fraud, finance: 10,000 customers, 800 merchants, 28 days from 2026-01-05, 2 typologies, 1 varied value, 3 sweep points, 3 variations (all built)",
                $"ok: {both}: both, 5 s (100 steps of 0.05 s), 0 actors, 0 events, finance: 10,000 customers, 800 merchants, 28 days from 2026-01-05, 2 typologies, 1 varied value, 3 sweep points, 3 variations (all built)",
            ],
            r.Stdout.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(
            [
                $"{bad}:3:13: meta.duration: duration times the driving simulation, and this file has only a finance section, whose ledger runs finance.days days from finance.start; leave duration out",
                $"{bad}:6:13: finance.typologies[0].type: unknown typology 'fan_outt'; did you mean 'fan_out'?",
                "sim validate: 2 errors in 1 of 3 files",
            ],
            r.StderrLines);
    }

    [Fact]
    public void Every_error_of_every_file_is_listed_with_its_position_and_the_exit_code_is_2()
    {
        string good = Write("good.yaml", "meta:\n  name: a\n  duration: 5\n");
        string bad = Write("bad.yaml", "meta:\n  nmae: a\n  duration: 5\nweather:\n  keyframes:\n    - time: 0\n      rain: 2\n");

        CliResult r = CliRun.Sim("validate", good, bad, Path.Combine(_dir, "missing.yaml"));

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.StartsWith($"ok: {good}: a,", r.Stdout, StringComparison.Ordinal);
        Assert.Equal(
            [
                $"{bad}:2:3: meta.nmae: unknown key 'nmae'; did you mean 'name'?",
                $"{bad}:2:3: meta.name: missing required key 'name'",
                $"{bad}:7:13: weather.keyframes[0].rain: 2 is out of range; expected 0–1",
                $"{Path.Combine(_dir, "missing.yaml")}:1:1: no such file",
                "sim validate: 4 errors in 2 of 3 files",
            ],
            r.StderrLines);
    }

    [Fact]
    public void Variations_whose_draws_break_a_rule_are_reported_once_with_the_first_variation_that_does()
    {
        // t varies across the 2 m sidewalk and beyond: its midpoint (0) is fine, some draws put the walker off it.
        string file = Write("walker.yaml", "meta:\n  name: w\n  duration: 5\nworld:\n  road:\n    type: urban_block\nactors:\n  walker:\n    class: pedestrian\n    lane: sidewalk\n    s: 40\n    t: uniform(-3, 3)\n    walk: along\nvariations:\n  count: 20\n");

        CliResult r = CliRun.Sim("validate", file);

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Empty(r.Stdout);
        string line = Assert.Single(r.StderrLines, l => l.StartsWith(file, StringComparison.Ordinal));
        Assert.Matches(@":12:8: actors\.walker\.t: variation \d+: a walking pedestrian starts on a sidewalk", line);
    }
}
