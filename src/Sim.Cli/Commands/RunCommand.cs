using System.CommandLine;
using Sim.Cli.Run;
using Sim.Export.Dataset;
using Sim.Export.Files;
using Sim.Scenarios.Model;
using Sim.Sensors.Gl;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>sim run SCENARIO [--out DIR] [--seed N] [--variations N | --variation I] [--frames N | --duration S]
/// [--formats LIST] [--backend gl|cpu|auto] [--require-gpu] [--overwrite] [--threads N] [--log-format text|json]</c>: simulates scenario variations headless
/// and writes one dataset per variation under <c>DIR/vNNNNNN/</c> (DIR defaults to <c>out/&lt;scenario name&gt;</c>).
/// Frames are captured at the rig's rate from time 0. A killed run resumes where it stopped when run again with the
/// same arguments; a complete dataset is left alone unless <c>--overwrite</c>. SIGTERM or SIGINT ends the run after the
/// frame in hand with exit code <see cref="ExitCodes.Stopped"/>.
/// </summary>
internal sealed class RunCommand : Command
{
    private readonly UnattendedOptions _unattended = new();

    /// <summary>Creates the <c>run</c> command.</summary>
    public RunCommand()
        : base("run", "Simulate a scenario and write its labelled dataset (one folder per variation).")
    {
        Add(Scenario);
        Add(Out);
        Add(Seed);
        Add(Variations);
        Add(Variation);
        Add(Frames);
        Add(Duration);
        Add(Formats);
        Renderer.AddTo(this);
        Add(Overwrite);
        _unattended.AddTo(this);
        SetAction(parseResult => Execute(parseResult));
    }

    /// <summary>The scenario file to run.</summary>
    public Argument<FileInfo> Scenario { get; } = new("scenario") { Description = "Scenario file (YAML)." };

    /// <summary>The output folder.</summary>
    public Option<DirectoryInfo> Out { get; } = new("--out", "-o") { Description = "Output folder; each variation's dataset goes in a vNNNNNN folder inside it (default: out/<scenario name>).", HelpName = "dir" };

    /// <summary>The seed of every random choice in the run.</summary>
    public Option<ulong?> Seed { get; } = new("--seed") { HelpName = "n", Description = "Seed of every random choice (default: the scenario's meta.seed); the same seed gives the same dataset." };

    /// <summary>Run variations 0 … N − 1.</summary>
    public Option<int?> Variations { get; } = new("--variations") { HelpName = "n", Description = "Run variations 0 to n-1 (default: the scenario's variations.count)." };

    /// <summary>Run one variation.</summary>
    public Option<int?> Variation { get; } = new("--variation") { HelpName = "i", Description = "Run only variation i (what a farm shard does)." };

    /// <summary>Frames per dataset.</summary>
    public Option<int?> Frames { get; } = new("--frames") { HelpName = "n", Description = "Frames to capture per variation, from time 0 at the rig's rate." };

    /// <summary>Simulated seconds per dataset.</summary>
    public Option<double?> Duration { get; } = new("--duration") { HelpName = "s", Description = "Simulated seconds to capture per variation (default: the scenario's meta.duration)." };

    /// <summary>Output formats.</summary>
    public Option<string> Formats { get; } = new("--formats")
    {
        HelpName = "list",
        Description = $"Comma-separated formats: {string.Join(", ", DatasetFormats.All)} (default: {string.Join(",", DatasetFormats.Default)}).",
        DefaultValueFactory = _ => string.Join(",", DatasetFormats.Default),
    };

    /// <summary>The camera and LiDAR renderer.</summary>
    public RendererOptions Renderer { get; } = new();

    /// <summary>Replace complete datasets.</summary>
    public Option<bool> Overwrite { get; } = new("--overwrite") { Description = "Replace a complete dataset, or an unfinished one made with other settings." };

    private int Execute(ParseResult parseResult) => _unattended.Execute(parseResult, $"{SimCommand.Name} run", log => Execute(parseResult, log));

    private int Execute(ParseResult parseResult, RunLog log)
    {
        string file = parseResult.GetRequiredValue(Scenario).ToString();
        int threads = _unattended.ThreadsOf(parseResult);
        int Usage(string message)
        {
            log.Error("usage", message);
            return ExitCodes.Usage;
        }

        ScenarioSpec? spec = RunIdentity.Load(file, log);
        if (spec is null)
        {
            return ExitCodes.Usage;
        }

        int? variations = parseResult.GetValue(Variations), variation = parseResult.GetValue(Variation);
        if (variations is not null && variation is not null)
        {
            return Usage("give --variations or --variation, not both");
        }

        if (variations is < 1 or > ScenarioVariations.MaxCount || variation is < 0 or >= ScenarioVariations.MaxCount)
        {
            return Usage($"--variations must be 1–{ScenarioVariations.MaxCount:N0} and --variation 0–{ScenarioVariations.MaxCount - 1:N0}");
        }

        int[] indices = variation is int one ? [one] : [.. Enumerable.Range(0, variations ?? spec.Variations.Count)];
        string outRoot = parseResult.GetValue(Out)?.ToString() ?? Path.Combine("out", spec.Meta.Name);
        ulong? seed = parseResult.GetValue(Seed);
        bool overwrite = parseResult.GetValue(Overwrite);
        ExportThreads.Max = threads;
        NativeHeap.LimitNativeThreads(threads);
        using StopSignal stop = StopSignal.Listen();
        try
        {
            if (FinanceSection.IsFinanceOnly(spec.Root))
            {
                if (LedgerOptionProblem(parseResult, file) is { } problem)
                {
                    return Usage(problem);
                }

                LedgerSettings ledger;
                try
                {
                    ledger = LedgerSettingsOf(parseResult, seed, overwrite, threads);
                }
                catch (ArgumentException e)
                {
                    return Usage(e.Message);
                }

                return LedgerRunner.Run(spec, file, ScenarioHash(file), indices, ledger, outRoot, log, stop);
            }

            SensorSettings settings;
            try
            {
                settings = new SensorSettings(seed, parseResult.GetValue(Frames), parseResult.GetValue(Duration), DatasetFormats.Parse(parseResult.GetValue(Formats) ?? ""), overwrite);
            }
            catch (ArgumentException e)
            {
                return Usage(e.Message);
            }

            if (settings.Problem(spec) is { } wrong)
            {
                return Usage(wrong);
            }

            (string backend, bool requireGpu) = Renderer.Of(parseResult, out string? rendererProblem);
            if (rendererProblem is not null)
            {
                return Usage(rendererProblem);
            }

            FrameCapture capture;
            try
            {
                capture = new FrameCapture(backend, requireGpu, threads, w => log.Warning("renderer", w));
            }
            catch (EglException e)
            {
                log.Error("renderer", e.Message);
                return ExitCodes.Failure;
            }

            using (capture)
            {
                return SensorRunner.Run(spec, file, ScenarioHash(file), indices, settings, capture, outRoot, log, stop);
            }
        }
        catch (RunStoppedException e)
        {
            log.Error("stopped", e.Message, ("signal", e.Signal));
            return ExitCodes.Stopped;
        }
    }

    /// <summary>The SHA-256 of a scenario file, lower-case hex: what its datasets' keys and manifests name it by.</summary>
    internal static string ScenarioHash(string file) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));

    /// <summary>Why the options given do not apply to ledger scenario <paramref name="file"/>, or null.</summary>
    internal string? LedgerOptionProblem(ParseResult parseResult, string file)
    {
        foreach (Option option in new Option[] { Frames, Duration, Renderer.Backend, Renderer.RequireGpu })
        {
            if (parseResult.GetResult(option) is { Implicit: false })
            {
                return $"{option.Name} applies to driving scenarios; {file} is a ledger scenario (finance), which runs for finance.days";
            }
        }

        return null;
    }

    /// <summary>The ledger settings of the command line; the formats throw <see cref="ArgumentException"/> when unknown.</summary>
    private LedgerSettings LedgerSettingsOf(ParseResult parseResult, ulong? seed, bool overwrite, int threads)
    {
        (Sim.Export.Ledger.LedgerFormats Formats, bool Balanced) formats = parseResult.GetResult(Formats) is { Implicit: false }
            ? LedgerFormatNames.Parse(parseResult.GetValue(Formats) ?? "")
            : (Sim.Export.Ledger.LedgerFormats.All, false);
        return new LedgerSettings(seed, formats.Formats, formats.Balanced, overwrite, threads);
    }
}
