using CsCheck;
using Sim.Cli.Commands;

namespace Sim.Cli.Tests;

public sealed class ShardSpecTests
{
    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("3/16", 3, 16)]
    [InlineData("15/16", 15, 16)]
    public void Parses_index_and_count(string text, int index, int count)
    {
        Assert.True(ShardSpec.TryParse(text, out var shard));
        Assert.Equal(new ShardSpec(index, count), shard);
    }

    [Theory]
    [InlineData("")]
    [InlineData("3")]
    [InlineData("16/16")]
    [InlineData("0/0")]
    [InlineData("-1/4")]
    [InlineData("1/-4")]
    [InlineData("+1/4")]
    [InlineData(" 1/4")]
    [InlineData("1/4/8")]
    [InlineData("a/b")]
    [InlineData("99999999999/4")]
    public void Rejects_anything_but_I_slash_N_with_I_below_N(string text) =>
        Assert.False(ShardSpec.TryParse(text, out _));

    [Fact]
    public void Every_valid_shard_round_trips_through_its_text() =>
        Gen.Int[1, int.MaxValue].SelectMany(count => Gen.Int[0, count - 1].Select(index => new ShardSpec(index, count)))
            .Sample(shard => ShardSpec.TryParse(shard.ToString(), out var parsed) && parsed == shard);
}
