using System.Globalization;

namespace Sim.Scenarios.Distributions;

/// <summary>A scalar of a scenario file after sampling: a number or a word (a class name, a lane name, …).</summary>
public readonly record struct ScenarioValue
{
    private ScenarioValue(double number, string? text)
    {
        Number = number;
        Text = text;
    }

    /// <summary>The number, when <see cref="IsNumber"/>.</summary>
    public double Number { get; }

    /// <summary>The word, when not a number.</summary>
    public string? Text { get; }

    /// <summary>Whether the value is a number.</summary>
    public bool IsNumber => Text is null;

    /// <summary>A numeric value.</summary>
    public static ScenarioValue Of(double number) => new(number, null);

    /// <summary>A word.</summary>
    public static ScenarioValue Of(string text) => new(0, text ?? throw new ArgumentNullException(nameof(text)));

    /// <summary>The number in invariant round-trip form ("R"), or the word: how manifests list sampled values.</summary>
    public override string ToString() => IsNumber ? Number.ToString("R", CultureInfo.InvariantCulture) : Text!;
}
