using CsCheck;
using Sim.Core.Random;

namespace Sim.Core.Tests.Random;

/// <summary>
/// A value is a pure function of (seed, stable id, stream, tick, position): it does not depend on which other
/// cells were drawn before, in which order, or on which thread; and changing any coordinate changes the values.
/// </summary>
public sealed class CounterRngPurityTests
{
    private const ulong Seed = 0x5EED_0000_0000_0001;
    private const int ValuesPerCellChecked = 40; // crosses several Philox blocks

    private static readonly (ulong StableId, uint Stream, long Tick)[] Cells = BuildCells();

    [Fact]
    public void The_same_cell_twice_gives_the_same_sequence()
    {
        var rng = new CounterRng(Seed);

        Assert.Equal(Draw(rng, 17, 2, 99, 1000), Draw(rng, 17, 2, 99, 1000));
        Assert.Equal(Draw(rng, 17, 2, 99, 1000), Draw(new CounterRng(Seed), 17, 2, 99, 1000));
    }

    [Fact]
    public void Drawing_cells_interleaved_in_shuffled_order_gives_the_same_values()
    {
        var rng = new CounterRng(Seed);
        uint[][] expected = Cells.Select(c => Draw(rng, c.StableId, c.Stream, c.Tick, ValuesPerCellChecked)).ToArray();

        // Open every cell, then advance them one value at a time in a shuffled schedule.
        var streams = new RandomStream[Cells.Length];
        var actual = new uint[Cells.Length][];
        foreach (int i in Shuffled(Enumerable.Range(0, Cells.Length), shuffleSeed: 11))
        {
            streams[i] = rng.Stream(Cells[i].StableId, Cells[i].Stream, Cells[i].Tick);
            actual[i] = new uint[ValuesPerCellChecked];
        }

        var schedule = Enumerable.Range(0, Cells.Length).SelectMany(i => Enumerable.Repeat(i, ValuesPerCellChecked));
        var drawn = new int[Cells.Length];
        foreach (int i in Shuffled(schedule, shuffleSeed: 12))
        {
            actual[i][drawn[i]++] = streams[i].NextUInt();
        }

        for (int i = 0; i < Cells.Length; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
    }

    [Fact]
    public void Drawing_cells_from_parallel_threads_gives_the_same_values()
    {
        var rng = new CounterRng(Seed);
        uint[][] expected = Cells.Select(c => Draw(rng, c.StableId, c.Stream, c.Tick, ValuesPerCellChecked)).ToArray();

        for (int repetition = 0; repetition < 3; repetition++)
        {
            var actual = new uint[Cells.Length][];
            int[] order = Shuffled(Enumerable.Range(0, Cells.Length), shuffleSeed: 100 + repetition).ToArray();
            Parallel.For(
                0,
                order.Length,
                new ParallelOptions { MaxDegreeOfParallelism = 8 },
                j =>
                {
                    var (stableId, stream, tick) = Cells[order[j]];
                    actual[order[j]] = Draw(rng, stableId, stream, tick, ValuesPerCellChecked);
                });

            for (int i = 0; i < Cells.Length; i++)
            {
                Assert.Equal(expected[i], actual[i]);
            }
        }
    }

    [Fact]
    public void A_cell_does_not_depend_on_what_another_cell_drew_first()
    {
        Gen.Select(Gen.ULong, Gen.ULong, Gen.UInt, Gen.Long[0, CounterRng.MaxTickExclusive - 1], Gen.Int[0, 300])
            .Sample(
                (seed, stableId, stream, tick, otherDraws) =>
                {
                    var rng = new CounterRng(seed);
                    uint[] alone = Draw(rng, stableId, stream, tick, 12);

                    RandomStream other = rng.Stream(stableId ^ 1, stream, tick);
                    RandomStream cell = rng.Stream(stableId, stream, tick);
                    var interleaved = new uint[12];
                    for (int i = 0; i < interleaved.Length; i++)
                    {
                        for (int j = 0; j < otherDraws; j++)
                        {
                            other.NextUInt();
                        }

                        interleaved[i] = cell.NextUInt();
                    }

                    Assert.Equal(alone, interleaved);
                },
                iter: 300);
    }

    [Fact]
    public void A_copied_stream_continues_with_the_same_values_as_the_original()
    {
        RandomStream original = new CounterRng(Seed).Stream(1, 2, 3);
        original.NextUInt();
        original.NextUInt();
        original.NextUInt();

        RandomStream copy = original;

        Assert.Equal(Enumerable.Range(0, 20).Select(_ => original.NextUInt()), Enumerable.Range(0, 20).Select(_ => copy.NextUInt()));
    }

    [Fact]
    public void Changing_any_coordinate_changes_the_values()
    {
        ulong[] seeds = [0, 1, 2, 1UL << 63, ulong.MaxValue];
        ulong[] stableIds = [0, 1, 2, 1UL << 32, (1UL << 32) + 1, ulong.MaxValue];
        uint[] streams = [0, 1, 2, uint.MaxValue];
        long[] ticks = [0, 1, 2, 1L << 16, 1L << 32, (1L << 32) + 1, CounterRng.MaxTickExclusive - 1];

        // Every 64-bit value (first three of each cell) must be distinct across all cells: for a correct
        // generator, a collision among these ~2,500 values has probability below 10^-12.
        var seen = new Dictionary<ulong, string>();
        foreach (ulong seed in seeds)
        {
            var rng = new CounterRng(seed);
            foreach (ulong stableId in stableIds)
            {
                foreach (uint stream in streams)
                {
                    foreach (long tick in ticks)
                    {
                        RandomStream cell = rng.Stream(stableId, stream, tick);
                        for (int i = 0; i < 3; i++)
                        {
                            ulong value = cell.NextULong();
                            string where = $"seed {seed}, id {stableId}, stream {stream}, tick {tick}, value {i}";
                            Assert.True(seen.TryAdd(value, where), $"{where} repeats the value of {(seen.TryGetValue(value, out string? first) ? first : "?")}");
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void Swapping_stable_id_and_tick_gives_different_values()
    {
        var rng = new CounterRng(Seed);

        Assert.NotEqual(Draw(rng, stableId: 1, stream: 0, tick: 0, 8), Draw(rng, stableId: 0, stream: 0, tick: 1, 8));
        Assert.NotEqual(Draw(rng, stableId: 1, stream: 0, tick: 0, 8), Draw(rng, stableId: 0, stream: 1, tick: 0, 8));
    }

    private static uint[] Draw(CounterRng rng, ulong stableId, uint stream, long tick, int count)
    {
        RandomStream cell = rng.Stream(stableId, stream, tick);
        var values = new uint[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = cell.NextUInt();
        }

        return values;
    }

    private static (ulong, uint, long)[] BuildCells()
    {
        var cells = new List<(ulong, uint, long)>();
        for (ulong stableId = 0; stableId < 40; stableId++)
        {
            for (uint stream = 0; stream < 3; stream++)
            {
                for (long tick = 0; tick < 5; tick++)
                {
                    cells.Add((stableId * 0x1_0000_0001UL, stream, tick * 1000));
                }
            }
        }

        return [.. cells];
    }

    // Fisher-Yates with a seeded System.Random: the test's schedule, not the code under test.
    private static IEnumerable<int> Shuffled(IEnumerable<int> items, int shuffleSeed)
    {
        int[] array = items.ToArray();
        new System.Random(shuffleSeed).Shuffle(array);
        return array;
    }
}
