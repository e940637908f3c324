using MathNet.Numerics.Distributions;
using Sim.Core.Random;
using Sim.Tests.Infrastructure;

namespace Sim.Core.Tests.Random;

/// <summary>
/// <see cref="CounterRandomSource"/> lets MathNet.Numerics distributions sample from a cell: reproducibly
/// (same cell, same samples), with the right distribution, and honouring the <see cref="System.Random"/> contract.
/// </summary>
public sealed class MathNetAdapterTests
{
    private static readonly CounterRng Rng = new(0xA11CE);

    [Fact]
    public void The_same_cell_gives_the_same_MathNet_samples()
    {
        double[] first = SampleGamma(new CounterRandomSource(Rng, stableId: 12, stream: 4, tick: 30), 500);
        double[] second = SampleGamma(new CounterRandomSource(Rng, stableId: 12, stream: 4, tick: 30), 500);
        double[] otherTick = SampleGamma(new CounterRandomSource(Rng, stableId: 12, stream: 4, tick: 31), 500);

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherTick);
    }

    [Fact]
    public void Reset_restarts_from_the_given_cell()
    {
        var source = new CounterRandomSource(Rng, 1, 0, 0);
        double[] first = SampleGamma(source, 200);

        source.Reset(Rng.Stream(1, 0, 0));

        Assert.Equal(first, SampleGamma(source, 200));
    }

    [Fact]
    public void MathNet_Gamma_sampled_through_the_adapter_has_the_right_mean_and_variance()
    {
        // MathNet's Gamma(shape k, rate r): mean k/r, variance k/r², fourth central moment 3k(k + 2)/r⁴.
        const double shape = 2, rate = 3;
        const int cells = 100, perCell = 2000;
        var source = new CounterRandomSource(Rng, 0, 0, 0);
        var gamma = new Gamma(shape, rate, source);
        var moments = new RunningMoments();
        for (ulong cell = 0; cell < cells; cell++)
        {
            source.Reset(Rng.Stream(cell, stream: 9, tick: 5));
            for (int i = 0; i < perCell; i++)
            {
                moments.Add(gamma.Sample());
            }
        }

        double mean = shape / rate, variance = shape / (rate * rate);
        double fourth = 3 * shape * (shape + 2) / Math.Pow(rate, 4);
        StatisticalAssert.WithinStandardErrors(mean, moments.Mean, Math.Sqrt(variance / moments.Count), 5, "Gamma(2, 3) mean");
        StatisticalAssert.WithinStandardErrors(variance, moments.Variance, Math.Sqrt((fourth - (variance * variance)) / moments.Count), 5, "Gamma(2, 3) variance");
    }

    [Fact]
    public void MathNet_Normal_sampled_through_the_adapter_has_the_right_mean()
    {
        var source = new CounterRandomSource(Rng, 0, 0, 0);
        var normal = new Normal(-1.5, 0.5, source);
        var moments = new RunningMoments();
        for (ulong cell = 0; cell < 50; cell++)
        {
            source.Reset(Rng.Stream(cell, stream: 10, tick: 5));
            for (int i = 0; i < 2000; i++)
            {
                moments.Add(normal.Sample());
            }
        }

        StatisticalAssert.WithinStandardErrors(-1.5, moments.Mean, 0.5 / Math.Sqrt(moments.Count), 5, "N(-1.5, 0.5²) mean");
    }

    [Fact]
    public void Uniform_members_return_the_values_of_the_underlying_stream()
    {
        var source = new CounterRandomSource(Rng, 3, 3, 3);
        RandomStream stream = Rng.Stream(3, 3, 3);

        Assert.Equal(stream.NextDouble(), source.NextDouble());
        Assert.Equal(stream.NextSingle(), source.NextSingle());
        Assert.Equal(stream.NextInt(int.MaxValue), source.Next());
        Assert.Equal(stream.NextInt(10), source.Next(10));
        Assert.Equal(stream.NextInt(-4, 4), source.Next(-4, 4));
        Assert.Equal(stream.NextLong(long.MaxValue), source.NextInt64());
        Assert.Equal(stream.NextLong(1000), source.NextInt64(1000));
        Assert.Equal(stream.NextLong(-9, 9), source.NextInt64(-9, 9));

        var expectedBytes = new byte[7];
        var actualBytes = new byte[7];
        stream.NextBytes(expectedBytes);
        source.NextBytes(actualBytes);
        Assert.Equal(expectedBytes, actualBytes);

        stream.NextBytes(expectedBytes.AsSpan());
        source.NextBytes(actualBytes.AsSpan());
        Assert.Equal(expectedBytes, actualBytes);
        Assert.Equal(stream.ValuesDrawn, source.ValuesDrawn);
    }

    [Fact]
    public void Base_class_helpers_are_reproducible_too()
    {
        int[] first = Enumerable.Range(0, 50).ToArray();
        int[] second = Enumerable.Range(0, 50).ToArray();

        new CounterRandomSource(Rng, 8, 0, 0).Shuffle(first);
        new CounterRandomSource(Rng, 8, 0, 0).Shuffle(second);

        Assert.Equal(first, second);
        Assert.NotEqual(Enumerable.Range(0, 50), first);
    }

    [Fact]
    public void The_System_Random_contract_is_honoured()
    {
        var source = new CounterRandomSource(Rng, 4, 0, 0);

        Assert.Equal(0, source.Next(0));
        Assert.Equal(5, source.Next(5, 5));
        Assert.Equal(0, source.NextInt64(0));
        Assert.Equal(-2, source.NextInt64(-2, -2));
        Assert.Equal(0, source.ValuesDrawn);

        Assert.Throws<ArgumentOutOfRangeException>(() => source.Next(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => source.Next(5, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => source.NextInt64(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => source.NextInt64(5, 4));
        Assert.Throws<ArgumentNullException>(() => source.NextBytes((byte[])null!));
        Assert.Throws<ArgumentException>(() => new CounterRandomSource(default(RandomStream)));
    }

    private static double[] SampleGamma(System.Random source, int count)
    {
        var gamma = new Gamma(2, 3, source);
        var samples = new double[count];
        gamma.Samples(samples);
        return samples;
    }
}
