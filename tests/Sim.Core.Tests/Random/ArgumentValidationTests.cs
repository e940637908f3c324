using Sim.Core.Random;

namespace Sim.Core.Tests.Random;

/// <summary>Invalid parameters throw <see cref="ArgumentOutOfRangeException"/> naming the parameter, before drawing anything.</summary>
public sealed class ArgumentValidationTests
{
    private static readonly CounterRng Rng = new(99);

    [Theory]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    [InlineData(CounterRng.MaxTickExclusive)]
    [InlineData(long.MaxValue)]
    public void A_tick_outside_0_to_2_pow_48_is_rejected(long tick)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Rng.Stream(0, 0, tick));

        Assert.Equal("tick", exception.ParamName);
        Assert.Contains("2^48", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_extreme_valid_ticks_are_accepted()
    {
        Rng.Stream(0, 0, 0).NextUInt();
        Rng.Stream(0, 0, CounterRng.MaxTickExclusive - 1).NextUInt();
    }

    [Theory]
    [InlineData(double.NaN, 1.0, "mean")]
    [InlineData(double.PositiveInfinity, 1.0, "mean")]
    [InlineData(0.0, -1.0, "stdDev")]
    [InlineData(0.0, double.NaN, "stdDev")]
    [InlineData(0.0, double.PositiveInfinity, "stdDev")]
    public void Normal_rejects_invalid_parameters(double mean, double stdDev, string parameter) =>
        AssertRejected(parameter, (ref RandomStream s) => s.Normal(mean, stdDev));

    [Theory]
    [InlineData(0.0)]
    [InlineData(-2.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Exponential_rejects_invalid_rates(double rate) =>
        AssertRejected("rate", (ref RandomStream s) => s.Exponential(rate));

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(RandomStream.MaxPoissonLambda * 2)]
    public void Poisson_rejects_invalid_lambdas(double lambda) =>
        AssertRejected("lambda", (ref RandomStream s) => s.Poisson(lambda));

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void Bernoulli_rejects_invalid_probabilities(double probability) =>
        AssertRejected("probability", (ref RandomStream s) => s.Bernoulli(probability));

    [Theory]
    [InlineData(double.NaN, 1.0, "minInclusive")]
    [InlineData(double.NegativeInfinity, 1.0, "minInclusive")]
    [InlineData(0.0, double.NaN, "maxExclusive")]
    [InlineData(0.0, double.PositiveInfinity, "maxExclusive")]
    [InlineData(2.0, 1.0, "maxExclusive")]
    [InlineData(-double.MaxValue, double.MaxValue, "maxExclusive")]
    public void Uniform_rejects_invalid_bounds(double a, double b, string parameter) =>
        AssertRejected(parameter, (ref RandomStream s) => s.Uniform(a, b));

    [Fact]
    public void Bounded_integers_reject_empty_ranges()
    {
        AssertRejected("maxExclusive", (ref RandomStream s) => s.NextInt(0));
        AssertRejected("maxExclusive", (ref RandomStream s) => s.NextInt(-3));
        AssertRejected("maxExclusive", (ref RandomStream s) => s.NextInt(5, 5));
        AssertRejected("maxExclusive", (ref RandomStream s) => s.NextInt(5, 4));
        AssertRejected("maxExclusive", (ref RandomStream s) => s.NextUInt(0));
        AssertRejected("maxExclusive", (ref RandomStream s) => s.NextLong(0));
        AssertRejected("maxExclusive", (ref RandomStream s) => s.NextLong(7, 7));
    }

    private delegate object Draw(ref RandomStream stream);

    private static void AssertRejected(string parameter, Draw draw)
    {
        RandomStream stream = Rng.Stream(1, 2, 3);
        try
        {
            draw(ref stream);
            Assert.Fail($"Expected ArgumentOutOfRangeException for {parameter}.");
        }
        catch (ArgumentOutOfRangeException exception)
        {
            Assert.Equal(parameter, exception.ParamName);
        }

        Assert.Equal(0, stream.ValuesDrawn);
    }
}
