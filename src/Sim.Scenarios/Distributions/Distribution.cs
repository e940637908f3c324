using Sim.Core.Random;

namespace Sim.Scenarios.Distributions;

/// <summary>
/// A scenario scalar given as a distribution instead of a value (<c>uniform(a, b)</c>, <c>normal(mu, sigma)</c>,
/// <c>lognormal(mu, sigma)</c>, <c>choice([..], weights)</c>) or as a grid sweep (<c>range(a, b, step)</c>).
/// Parse with <see cref="DistributionParser"/>; resolve for one variation with <see cref="VariationPlan"/>.
/// </summary>
public abstract record Distribution
{
    /// <summary>Whether this is a grid sweep (enumerated over variation indices) rather than a random draw.</summary>
    public virtual bool IsSweep => false;

    /// <summary>Draws a value from a random stream (sweeps do not draw: see <see cref="RangeSweep.ValueAt"/>).</summary>
    public abstract ScenarioValue Sample(ref RandomStream random);

    /// <summary>The interval numeric draws fall in (for unbounded distributions, mean ± 6σ, outside which a draw
    /// happens about once in a billion), or null when the options are not all numbers.</summary>
    public abstract (double Min, double Max)? Support { get; }

    /// <summary>The expression as a scenario file writes it.</summary>
    public abstract override string ToString();
}

/// <summary><c>uniform(a, b)</c>: uniform on [a, b), a &lt; b.</summary>
public sealed record UniformDistribution(double A, double B) : Distribution
{
    /// <inheritdoc/>
    public override (double Min, double Max)? Support => (A, B);

    /// <inheritdoc/>
    public override ScenarioValue Sample(ref RandomStream random) => ScenarioValue.Of(random.Uniform(A, B));

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"uniform({A:R}, {B:R})");
}

/// <summary><c>normal(mu, sigma)</c>: Gaussian with mean μ and standard deviation σ &gt; 0.</summary>
public sealed record NormalDistribution(double Mu, double Sigma) : Distribution
{
    /// <inheritdoc/>
    public override (double Min, double Max)? Support => (Mu - (6 * Sigma), Mu + (6 * Sigma));

    /// <inheritdoc/>
    public override ScenarioValue Sample(ref RandomStream random) => ScenarioValue.Of(random.Normal(Mu, Sigma));

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"normal({Mu:R}, {Sigma:R})");
}

/// <summary><c>lognormal(mu, sigma)</c>: exp(X) with X ~ N(μ, σ²) — μ and σ are the parameters of the underlying
/// normal (as in NumPy and MathNet), so the median is e^μ.</summary>
public sealed record LogNormalDistribution(double Mu, double Sigma) : Distribution
{
    /// <inheritdoc/>
    public override (double Min, double Max)? Support => (Math.Exp(Mu - (6 * Sigma)), Math.Exp(Mu + (6 * Sigma)));

    /// <inheritdoc/>
    public override ScenarioValue Sample(ref RandomStream random) => ScenarioValue.Of(Math.Exp(random.Normal(Mu, Sigma)));

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"lognormal({Mu:R}, {Sigma:R})");
}

/// <summary><c>choice([v1, v2, …], [w1, w2, …])</c>: one of the options, with probabilities proportional to the weights
/// (equal when none are given).</summary>
public sealed record ChoiceDistribution : Distribution
{
    private readonly double[] _cumulative;

    /// <summary>Creates the choice; weights are validated by <see cref="DistributionParser"/>.</summary>
    public ChoiceDistribution(IReadOnlyList<ScenarioValue> options, IReadOnlyList<double>? weights)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Weights = weights;
        _cumulative = new double[options.Count];
        double total = 0;
        for (int i = 0; i < options.Count; i++)
        {
            total += weights is null ? 1 : weights[i];
            _cumulative[i] = total;
        }

        for (int i = 0; i < _cumulative.Length; i++)
        {
            _cumulative[i] /= total;
        }
    }

    /// <summary>The options, in file order.</summary>
    public IReadOnlyList<ScenarioValue> Options { get; }

    /// <summary>The weights, or null for equal ones.</summary>
    public IReadOnlyList<double>? Weights { get; }

    /// <summary>The first option that can be drawn (weight above 0): what checking a file takes as representative.</summary>
    public ScenarioValue Representative => Options[Enumerable.Range(0, Options.Count).First(i => Weights is null || Weights[i] > 0)];

    /// <inheritdoc/>
    public override (double Min, double Max)? Support =>
        Options.All(o => o.IsNumber) ? (Options.Min(o => o.Number), Options.Max(o => o.Number)) : null;

    /// <summary>Equal options and weights, in order.</summary>
    public bool Equals(ChoiceDistribution? other) =>
        other is not null && Options.SequenceEqual(other.Options)
        && (Weights is null ? other.Weights is null : other.Weights is not null && Weights.SequenceEqual(other.Weights));

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (ScenarioValue option in Options)
        {
            hash.Add(option);
        }

        return hash.ToHashCode();
    }

    /// <summary>Probability of option <paramref name="i"/>.</summary>
    public double Probability(int i) => _cumulative[i] - (i == 0 ? 0 : _cumulative[i - 1]);

    /// <inheritdoc/>
    public override ScenarioValue Sample(ref RandomStream random)
    {
        double u = random.NextDouble();
        for (int i = 0; i < _cumulative.Length - 1; i++)
        {
            if (u < _cumulative[i])
            {
                return Options[i];
            }
        }

        return Options[^1];
    }

    /// <inheritdoc/>
    public override string ToString() =>
        "choice([" + string.Join(", ", Options) + "]" + (Weights is null ? ")" : ", [" + string.Join(", ", Weights.Select(w => w.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "])");
}

/// <summary><c>range(a, b, step)</c>: the grid a, a + step, … up to b inclusive (within a millionth of a step), a
/// sweep dimension: variation indices enumerate the cartesian product of all sweeps in a file.</summary>
public sealed record RangeSweep(double A, double B, double Step) : Distribution
{
    /// <summary>Number of grid values.</summary>
    public int Count => (int)Math.Floor(((B - A) / Step) + 1e-6) + 1;

    /// <inheritdoc/>
    public override (double Min, double Max)? Support => (Math.Min(A, A + ((Count - 1) * Step)), Math.Max(A, A + ((Count - 1) * Step)));

    /// <inheritdoc/>
    public override bool IsSweep => true;

    /// <summary>The <paramref name="i"/>-th grid value, computed as a + i·step (no accumulated rounding).</summary>
    public ScenarioValue ValueAt(int i) => ScenarioValue.Of(A + (i * Step));

    /// <inheritdoc/>
    public override ScenarioValue Sample(ref RandomStream random) =>
        throw new InvalidOperationException("A range() is a grid sweep: its value comes from the variation index (VariationPlan), not from a draw.");

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"range({A:R}, {B:R}, {Step:R})");
}
