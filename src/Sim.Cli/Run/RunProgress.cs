using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Sim.Cli.Run;

/// <summary>
/// Progress of a run: a Spectre.Console progress bar (frames, rate, time left) when stderr is an interactive terminal,
/// and otherwise — a scheduler's log, a pipe, a test — one plain line at the first frame, every 10 % and at least every
/// 30 s, and at the end, so farm logs show movement without drowning in it. With <c>--log-format json</c> the same lines
/// are <c>progress</c> events (label, unit, done, total, rate, eta_s).
/// </summary>
internal sealed class RunProgress
{
    private readonly RunLog _log;
    private readonly bool _terminal;
    private readonly string _unit;

    /// <summary>Progress to <paramref name="log"/> counted in <paramref name="unit"/>s (frames, days); the bar only for
    /// text on the process's real, interactive stderr.</summary>
    public RunProgress(RunLog log, string unit = "frame")
    {
        _log = log;
        _unit = unit;
        _terminal = log.Format == LogFormat.Text && ReferenceEquals(log.Stderr, Console.Error) && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null;
    }

    /// <summary>Runs <paramref name="work"/> over <paramref name="total"/> frames, reporting each finished frame through
    /// the callback it is given (true when the frame was rendered, false when a resumed run found it done).</summary>
    public void Run(string label, int total, Action<Action<bool>> work)
    {
        if (_terminal)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(_log.Stderr) });
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    ProgressTask task = ctx.AddTask(Markup.Escape(label), maxValue: total);
                    work(_ => task.Increment(1));
                });
            return;
        }

        var clock = Stopwatch.StartNew();
        int done = 0, rendered = 0, lastDecile = -1;
        double lastLine = 0;
        work(wasRendered =>
        {
            done++;
            rendered += wasRendered ? 1 : 0;
            int decile = done * 10 / Math.Max(1, total);
            double now = clock.Elapsed.TotalSeconds;
            if (done == 1 || done == total || decile != lastDecile || now - lastLine >= 30)
            {
                lastDecile = decile;
                lastLine = now;
                double rate = rendered / Math.Max(now, 1e-9);
                double? left = rate > 0 ? (total - done) / rate : null;
                string eta = left is double s ? string.Create(CultureInfo.InvariantCulture, $", about {s:0} s left") : "";
                _log.Info(
                    "progress",
                    string.Create(CultureInfo.InvariantCulture, $"{label}: {_unit} {done}/{total} ({100.0 * done / total:0}%), {rate:0.0} {_unit}s/s{eta}"),
                    ("label", label), ("unit", _unit), ("done", done), ("total", total), ("rate", rate), ("eta_s", left));
            }
        });
    }
}
