using Sim.Cli.Batch;
using Sim.Cli.Commands;

namespace Sim.Cli.Tests;

/// <summary>Where a shard's index and count come from: the flag, or each scheduler's environment variables.</summary>
public sealed class ShardSourceTests
{
    private static (ShardSpec? Shard, string Source, string? Error) Resolve(ShardSpec? flag, int? shards, params (string Key, string Value)[] environment)
    {
        var env = environment.ToDictionary(e => e.Key, e => e.Value);
        ShardSpec? shard = ShardSource.Resolve(flag, shards, k => env.GetValueOrDefault(k), out string source, out string? error);
        return (shard, source, error);
    }

    [Fact]
    public void The_flag_wins_over_the_environment()
    {
        var r = Resolve(new ShardSpec(2, 5), null, ("JOB_COMPLETION_INDEX", "0"), ("SIM_SHARDS", "3"));
        Assert.Equal(new ShardSpec(2, 5), r.Shard);
        Assert.Equal("--shard", r.Source);
    }

    [Fact]
    public void Without_any_index_the_process_runs_the_whole_batch() =>
        Assert.Equal(new ShardSpec(0, 1), Resolve(null, null).Shard);

    [Theory]
    [InlineData("JOB_COMPLETION_INDEX")]
    [InlineData("AWS_BATCH_JOB_ARRAY_INDEX")]
    public void Kubernetes_and_aws_give_the_index_and_the_count_comes_from_the_flag_or_SIM_SHARDS(string variable)
    {
        Assert.Equal(new ShardSpec(3, 8), Resolve(null, 8, (variable, "3")).Shard);
        Assert.Equal(new ShardSpec(3, 8), Resolve(null, null, (variable, "3"), ("SIM_SHARDS", "8")).Shard);
        Assert.Contains("the number of shards must come from --shards N or SIM_SHARDS", Resolve(null, null, (variable, "3")).Error, StringComparison.Ordinal);
        Assert.Contains($"{variable}=8 is not below the 8 shards", Resolve(null, 8, (variable, "8")).Error, StringComparison.Ordinal);
        Assert.Contains($"{variable}='-1' is not a shard index", Resolve(null, 8, (variable, "-1")).Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", "16", null, null, 0, 16)]
    [InlineData("15", "16", null, null, 15, 16)]
    [InlineData("5", "4", "2", null, 3, 4)] // --array=2-5
    [InlineData("7", "4", "1", "2", 3, 4)] // --array=1-7:2
    public void Slurm_arrays_give_both_index_and_count(string id, string count, string? min, string? step, int index, int shards)
    {
        var env = new List<(string, string)> { ("SLURM_ARRAY_TASK_ID", id), ("SLURM_ARRAY_TASK_COUNT", count) };
        if (min is not null)
        {
            env.Add(("SLURM_ARRAY_TASK_MIN", min));
        }

        if (step is not null)
        {
            env.Add(("SLURM_ARRAY_TASK_STEP", step));
        }

        Assert.Equal(new ShardSpec(index, shards), Resolve(null, null, [.. env]).Shard);
    }

    [Fact]
    public void Slurm_errors_say_what_array_to_use()
    {
        Assert.Contains("not one of the 4 tasks", Resolve(null, null, ("SLURM_ARRAY_TASK_ID", "4"), ("SLURM_ARRAY_TASK_COUNT", "4")).Error, StringComparison.Ordinal);
        Assert.Contains("run under sbatch --array", Resolve(null, null, ("SLURM_ARRAY_TASK_ID", "1")).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_count_given_slurm_array_indexes_are_shard_indexes_so_a_resubmission_runs_those_shards()
    {
        // sbatch --array=3,7 of a 16-shard batch: Slurm says 2 tasks from 3, SIM_SHARDS says 16.
        (string, string)[] slurm = [("SLURM_ARRAY_TASK_ID", "7"), ("SLURM_ARRAY_TASK_COUNT", "2"), ("SLURM_ARRAY_TASK_MIN", "3"), ("SLURM_ARRAY_TASK_STEP", "4")];
        Assert.Equal(new ShardSpec(7, 16), Resolve(null, null, [.. slurm, ("SIM_SHARDS", "16")]).Shard);
        Assert.Equal(new ShardSpec(7, 16), Resolve(null, 16, slurm).Shard);
        Assert.Contains("SLURM_ARRAY_TASK_ID=7 is not below the 4 shards", Resolve(null, 4, slurm).Error, StringComparison.Ordinal);
        Assert.Equal(new ShardSpec(1, 2), Resolve(null, null, slurm).Shard); // without a count: the array's own second task of two
    }

    [Fact]
    public void A_count_without_an_index_is_an_error_not_a_silent_whole_batch()
    {
        Assert.Contains("SIM_SHARDS 4 but no shard index", Resolve(null, null, ("SIM_SHARDS", "4")).Error, StringComparison.Ordinal);
        Assert.Contains("SIM_SHARDS='x' is not a shard count", Resolve(null, null, ("SIM_SHARDS", "x")).Error, StringComparison.Ordinal);
    }
}
