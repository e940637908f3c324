using System.CommandLine;

namespace Sim.Cli.Run;

/// <summary>The options that make <c>sim run</c> and <c>sim batch</c> fit an unattended node: <c>--threads</c> and
/// <c>--log-format</c> (each command makes its own instances; System.CommandLine symbols belong to one command).</summary>
internal sealed class UnattendedOptions
{
    /// <summary>The most threads a run may be given.</summary>
    public const int MaxThreads = 1024;

    /// <summary>Worker threads for simulation, rendering and encoding.</summary>
    public Option<int?> Threads { get; } = new("--threads")
    {
        HelpName = "n",
        Description = "Worker threads for simulating, rendering and encoding (default: one per core the process may use). The output is the same for any n.",
    };

    /// <summary>text or json.</summary>
    public Option<string> LogFormat { get; } = new Option<string>("--log-format")
    {
        HelpName = "text|json",
        Description = "text: results on stdout, progress on stderr; json: one JSON object per line on stderr (time, level, event, message, fields).",
        DefaultValueFactory = _ => "text",
    }.AcceptOnlyFromAmong("text", "json");

    /// <summary>Adds both options to <paramref name="command"/>, <c>--threads</c> checked to be 1–<see cref="MaxThreads"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(Threads);
        command.Add(LogFormat);
        Threads.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 or > MaxThreads)
            {
                result.AddError($"--threads must be 1–{MaxThreads}.");
            }
        });
    }

    /// <summary>The threads asked for, or one per core.</summary>
    public int ThreadsOf(ParseResult parseResult) => parseResult.GetValue(Threads) ?? Environment.ProcessorCount;

    /// <summary>Runs <paramref name="body"/> with the log of <paramref name="command"/>; with JSON logs, a runtime failure
    /// (a read-only volume, a damaged file) is reported as an <c>error</c> JSON line and exit 1 rather than as sim's
    /// plain-text error, which text mode keeps (with the stack trace under SIM_DEBUG).</summary>
    public int Execute(ParseResult parseResult, string command, Func<RunLog, int> body)
    {
        RunLog log = LogOf(parseResult, command);
        try
        {
            return body(log);
        }
        catch (Exception e) when (log.Format == Run.LogFormat.Json && e is IOException or UnauthorizedAccessException or InvalidDataException or InvalidOperationException)
        {
            log.Error("error", e.Message);
            return ExitCodes.Failure;
        }
    }

    /// <summary>The log of <paramref name="command"/> in the format asked for.</summary>
    public RunLog LogOf(ParseResult parseResult, string command) => new(
        parseResult.InvocationConfiguration.Output,
        parseResult.InvocationConfiguration.Error,
        parseResult.GetValue(LogFormat) == "json" ? Run.LogFormat.Json : Run.LogFormat.Text,
        command);
}
