using Sim.Core.Random;

namespace Sim.Core.Tests.Random;

/// <summary>
/// A cell holds exactly 2^16 Philox blocks (2^18 values); asking for more, or drawing from a stream that
/// belongs to no cell, fails loudly instead of silently reusing another cell's values.
/// </summary>
public sealed class CellBudgetTests
{
    [Fact]
    public void A_cell_yields_exactly_its_budget_and_then_throws()
    {
        RandomStream cell = new CounterRng(1).Stream(stableId: 77, stream: 5, tick: 9);
        for (int i = 0; i < CounterRng.ValuesPerCell; i++)
        {
            cell.NextUInt();
        }

        Assert.Equal(CounterRng.ValuesPerCell, cell.ValuesDrawn);
        var exception = Assert.Throws<InvalidOperationException>(() => cell.NextUInt());
        Assert.Contains("stable id 77", exception.Message, StringComparison.Ordinal);
        Assert.Contains("stream 5", exception.Message, StringComparison.Ordinal);
        Assert.Contains("tick 9", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_last_block_of_a_cell_is_not_the_first_block_of_another()
    {
        var rng = new CounterRng(2);
        RandomStream cell = rng.Stream(1, 0, 0);
        for (int i = 0; i < CounterRng.ValuesPerCell - 4; i++)
        {
            cell.NextUInt();
        }

        uint[] lastBlock = [cell.NextUInt(), cell.NextUInt(), cell.NextUInt(), cell.NextUInt()];
        RandomStream nextTick = rng.Stream(1, 0, 1);
        RandomStream nextId = rng.Stream(2, 0, 0);

        Assert.NotEqual(lastBlock, [nextTick.NextUInt(), nextTick.NextUInt(), nextTick.NextUInt(), nextTick.NextUInt()]);
        Assert.NotEqual(lastBlock, [nextId.NextUInt(), nextId.NextUInt(), nextId.NextUInt(), nextId.NextUInt()]);
    }

    [Fact]
    public void ValuesDrawn_counts_the_documented_consumption()
    {
        RandomStream cell = new CounterRng(3).Stream(0, 0, 0);

        cell.NextUInt();
        Assert.Equal(1, cell.ValuesDrawn);
        cell.NextDouble();
        Assert.Equal(3, cell.ValuesDrawn);
        cell.NextSingle();
        Assert.Equal(4, cell.ValuesDrawn);
        cell.StandardNormal();
        Assert.Equal(8, cell.ValuesDrawn);
        cell.Exponential(1);
        Assert.Equal(10, cell.ValuesDrawn);
        cell.Uniform(0, 1);
        Assert.Equal(12, cell.ValuesDrawn);
        cell.Bernoulli(0.5);
        Assert.Equal(14, cell.ValuesDrawn);
        cell.NextBytes(new byte[9]);
        Assert.Equal(17, cell.ValuesDrawn);
    }

    [Fact]
    public void A_default_stream_throws_on_first_draw()
    {
        RandomStream stream = default;

        Assert.False(stream.IsCell);
        Assert.Throws<InvalidOperationException>(() => stream.NextUInt());
        Assert.Throws<InvalidOperationException>(() => stream.NextDouble());
        Assert.True(new CounterRng(0).Stream(0, 0, 0).IsCell);
    }
}
