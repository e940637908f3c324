using Sim.Core.Random;
using Sim.Tests.Infrastructure;

namespace Sim.Core.Tests.Random;

/// <summary>Draws many samples of one distribution, spread over many cells as simulation code would.</summary>
internal static class RandomSampling
{
    /// <summary>Samples per cell: enough to walk well into each cell, few enough to use many cells.</summary>
    public const int SamplesPerCell = 1000;

    public delegate T Draw<out T>(ref RandomStream stream);

    /// <summary>Calls <paramref name="draw"/> <paramref name="count"/> times, starting a new cell (next stable id) every <see cref="SamplesPerCell"/> samples.</summary>
    public static void ForEach<T>(ulong seed, uint stream, int count, Draw<T> draw, Action<T> consume)
    {
        var rng = new CounterRng(seed);
        RandomStream cell = default;
        for (int i = 0; i < count; i++)
        {
            if (i % SamplesPerCell == 0)
            {
                cell = rng.Stream((ulong)(i / SamplesPerCell), stream, tick: 17);
            }

            consume(draw(ref cell));
        }
    }

    public static RunningMoments Moments(ulong seed, uint stream, int count, Draw<double> draw)
    {
        var moments = new RunningMoments();
        ForEach(seed, stream, count, draw, moments.Add);
        return moments;
    }
}
