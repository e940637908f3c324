using System.Diagnostics;

namespace Sim.Bench.Harness;

/// <summary>
/// Times a baseline and candidates in alternation, round after round, so that drift in machine speed
/// (other processes, turbo, thermal) hits all of them alike; reports the median time of each.
/// </summary>
public static class Interleaved
{
    /// <summary>Runs every action once per round (after one warm-up round) and returns each one's median seconds.</summary>
    public static Dictionary<string, double> MedianSeconds(IReadOnlyList<(string Name, Action Run)> variants, int rounds)
    {
        foreach ((_, Action run) in variants)
        {
            run();
        }

        var samples = variants.ToDictionary(v => v.Name, _ => new List<double>(rounds));
        for (int round = 0; round < rounds; round++)
        {
            foreach ((string name, Action run) in variants)
            {
                samples[name].Add(Time(run));
            }
        }

        return samples.ToDictionary(s => s.Key, s => Median(s.Value));
    }

    /// <summary>Seconds one call takes, after a full garbage collection so earlier garbage is not charged to it.</summary>
    public static double Time(Action run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long start = Stopwatch.GetTimestamp();
        run();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    public static double Median(List<double> values)
    {
        values.Sort();
        int n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }
}
