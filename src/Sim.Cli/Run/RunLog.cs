using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Sim.Cli.Run;

/// <summary>How <c>sim run</c> and <c>sim batch</c> write what they report: text for people, JSON lines for log collectors.</summary>
internal enum LogFormat
{
    /// <summary>Results on stdout, progress and problems on stderr, as sentences.</summary>
    Text,

    /// <summary>One JSON object per line, results on stdout and the rest on stderr: <c>time</c> (UTC, ISO 8601),
    /// <c>level</c> (info, warning, error), <c>event</c>, <c>message</c>, then the event's own fields.</summary>
    Json,
}

/// <summary>
/// Where a run reports: results (a dataset written or skipped), progress, warnings and errors. In <see cref="LogFormat.Text"/>
/// results go to stdout and the rest to stderr prefixed with the command (<c>sim batch: …</c>); in
/// <see cref="LogFormat.Json"/> every report is one JSON line on the same streams, so a scheduler's log collector can
/// parse them (e.g. <c>{"time":"…","level":"info","event":"dataset","message":"…","scenario":"…","variation":3,…}</c>).
/// Safe to call from several threads; a line is never interleaved with another.
/// </summary>
internal sealed class RunLog
{
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;
    private readonly Lock _lock = new();

    /// <summary>A log for <paramref name="command"/> (e.g. <c>sim batch</c>) in <paramref name="format"/>.</summary>
    public RunLog(TextWriter stdout, TextWriter stderr, LogFormat format, string command)
    {
        _stdout = stdout;
        _stderr = stderr;
        Format = format;
        Command = command;
    }

    /// <summary>The format.</summary>
    public LogFormat Format { get; }

    /// <summary>The command that reports, e.g. <c>sim run</c>.</summary>
    public string Command { get; }

    /// <summary>Stderr, which the interactive progress bar draws on.</summary>
    public TextWriter Stderr => _stderr;

    /// <summary>A result (a dataset written, skipped, a shard's summary): stdout as text, a JSON line otherwise.</summary>
    public void Result(string @event, string message, params (string Key, object? Value)[] fields) =>
        Emit(_stdout, "info", @event, message, fields, prefix: false);

    /// <summary>Progress and other information: stderr.</summary>
    public void Info(string @event, string message, params (string Key, object? Value)[] fields) =>
        Emit(_stderr, "info", @event, message, fields, prefix: true);

    /// <summary>A warning: stderr, <c>warning:</c> in text.</summary>
    public void Warning(string @event, string message, params (string Key, object? Value)[] fields) =>
        Emit(_stderr, "warning", @event, $"warning: {message}", fields, prefix: true);

    /// <summary>An error: stderr, <c>error:</c> in text.</summary>
    public void Error(string @event, string message, params (string Key, object? Value)[] fields) =>
        Emit(_stderr, "error", @event, message, fields, prefix: true);

    /// <summary>A located problem (a scenario diagnostic, <c>file:line:col: …</c>): stderr as it is in text.</summary>
    public void Diagnostic(string text) =>
        Emit(_stderr, "error", "scenario_error", text, [], prefix: false);

    private void Emit(TextWriter text, string level, string @event, string message, (string Key, object? Value)[] fields, bool prefix)
    {
        string line;
        TextWriter target;
        if (Format == LogFormat.Text)
        {
            line = prefix ? $"{Command}: {message}" : message;
            target = text;
        }
        else
        {
            line = Json(level, @event, message.StartsWith("warning: ", StringComparison.Ordinal) ? message[9..] : message, fields);
            target = text;
        }

        lock (_lock)
        {
            target.WriteLine(line);
            target.Flush();
        }
    }

    /// <summary>One JSON line: time, level, event, message, then the fields in the order given.</summary>
    private static string Json(string level, string @event, string message, (string Key, object? Value)[] fields)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("time", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            w.WriteString("level", level);
            w.WriteString("event", @event);
            w.WriteString("message", message);
            foreach ((string key, object? value) in fields)
            {
                w.WritePropertyName(key);
                switch (value)
                {
                    case null:
                        w.WriteNullValue();
                        break;
                    case bool b:
                        w.WriteBooleanValue(b);
                        break;
                    case int i:
                        w.WriteNumberValue(i);
                        break;
                    case long l:
                        w.WriteNumberValue(l);
                        break;
                    case ulong u:
                        w.WriteNumberValue(u);
                        break;
                    case double d when double.IsFinite(d):
                        w.WriteNumberValue(Math.Round(d, 3));
                        break;
                    default:
                        w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                        break;
                }
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
