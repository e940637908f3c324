using System.Globalization;

namespace Sim.Bench.Harness;

/// <summary>One reported figure: printed as <c>name value unit</c> so runs can be compared line by line.</summary>
public readonly record struct Figure(string Name, double Value, string Unit)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name} {Value:0.###} {Unit}");
}
