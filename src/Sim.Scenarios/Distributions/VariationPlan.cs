using System.IO.Hashing;
using System.Text;
using Sim.Core.Random;

namespace Sim.Scenarios.Distributions;

/// <summary>
/// The distributions of one scenario file, by the path of the scalar that holds each (e.g. <c>actors.lead.speed</c>),
/// and how a variation index resolves them: sweeps (<see cref="RangeSweep"/>) enumerate their cartesian product, the
/// last one in file order varying fastest, and wrap after <see cref="SweepCount"/>; every random distribution draws
/// from its own counter-based RNG cell (seed, XXH64 of its path, <see cref="VariationStream"/>, variation index), so a
/// value depends only on the seed, the index and its own path — adding or removing another distribution in the file
/// changes nothing else.
/// </summary>
public sealed class VariationPlan
{
    /// <summary>RNG stream of scenario variation draws.</summary>
    public const uint VariationStream = 0x76617269; // "vari"

    /// <summary>The largest grid a file may sweep (the product of its ranges' sizes).</summary>
    public const long MaxSweepCount = 10_000_000;

    private readonly (string Path, Distribution Distribution, ulong Cell)[] _entries;
    private readonly int[] _sweeps;

    /// <summary>Creates the plan from (path, distribution) pairs in file order.</summary>
    /// <exception cref="ArgumentException">A path appears twice, or the sweeps' product exceeds <see cref="MaxSweepCount"/>.</exception>
    public VariationPlan(IEnumerable<(string Path, Distribution Distribution)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = [.. entries.Select(e => (e.Path, e.Distribution, XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(e.Path))))];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string path, _, _) in _entries)
        {
            if (!seen.Add(path))
            {
                throw new ArgumentException($"The scalar '{path}' has two distributions.", nameof(entries));
            }
        }

        _sweeps = [.. Enumerable.Range(0, _entries.Length).Where(i => _entries[i].Distribution.IsSweep)];
        long count = 1;
        foreach (int i in _sweeps)
        {
            count *= ((RangeSweep)_entries[i].Distribution).Count;
            if (count > MaxSweepCount)
            {
                throw new ArgumentException($"The file's ranges sweep more than {MaxSweepCount:N0} combinations (at '{_entries[i].Path}').", nameof(entries));
            }
        }

        SweepCount = (int)count;
    }

    /// <summary>The distributions, in file order.</summary>
    public IEnumerable<(string Path, Distribution Distribution)> Entries => _entries.Select(e => (e.Path, e.Distribution));

    /// <summary>Number of grid points the sweeps enumerate (1 without sweeps).</summary>
    public int SweepCount { get; }

    /// <summary>The variation indices of the sweep grid's corners — every range at its first or last value — when
    /// the file sweeps at most <paramref name="maxSweeps"/> ranges (else just the first and last grid points): where
    /// a combination of extremes that breaks a rule is most likely.</summary>
    public IReadOnlyList<int> SweepCorners(int maxSweeps = 6)
    {
        int[] counts = [.. _sweeps.Select(i => ((RangeSweep)_entries[i].Distribution).Count)];
        if (counts.Length == 0)
        {
            return [0];
        }

        if (counts.Length > maxSweeps)
        {
            return [0, SweepCount - 1];
        }

        var corners = new SortedSet<int>();
        for (int mask = 0; mask < 1 << counts.Length; mask++)
        {
            int index = 0;
            for (int k = 0; k < counts.Length; k++)
            {
                index = (index * counts[k]) + (((mask >> k) & 1) == 1 ? counts[k] - 1 : 0);
            }

            corners.Add(index);
        }

        return [.. corners];
    }

    /// <summary>Every distribution's value for variation <paramref name="index"/> of a run with <paramref name="seed"/>,
    /// in file order: what the scenario instance uses and the manifest lists.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public IReadOnlyList<(string Path, ScenarioValue Value)> Resolve(ulong seed, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var values = new (string, ScenarioValue)[_entries.Length];
        var rng = new CounterRng(seed);
        int grid = index % SweepCount;
        for (int k = _sweeps.Length - 1; k >= 0; k--)
        {
            int i = _sweeps[k];
            var sweep = (RangeSweep)_entries[i].Distribution;
            values[i] = (_entries[i].Path, sweep.ValueAt(grid % sweep.Count));
            grid /= sweep.Count;
        }

        for (int i = 0; i < _entries.Length; i++)
        {
            (string path, Distribution distribution, ulong cell) = _entries[i];
            if (!distribution.IsSweep)
            {
                RandomStream stream = rng.Stream(cell, VariationStream, index);
                values[i] = (path, distribution.Sample(ref stream));
            }
        }

        return values;
    }
}
