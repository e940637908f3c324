using System.Globalization;
using Sim.Cli.Commands;

namespace Sim.Cli.Batch;

/// <summary>
/// Which shard of a batch this process runs: <c>--shard I/N</c> when given; otherwise the index the scheduler put in the
/// environment — a Kubernetes Indexed Job's <c>JOB_COMPLETION_INDEX</c>, a Slurm job array's <c>SLURM_ARRAY_TASK_ID</c>,
/// an AWS Batch array job's <c>AWS_BATCH_JOB_ARRAY_INDEX</c> — with the count from <c>--shards N</c> or <c>SIM_SHARDS</c>.
/// A Slurm array needs no count: without one, its task is offset by <c>SLURM_ARRAY_TASK_MIN</c> and divided by
/// <c>SLURM_ARRAY_TASK_STEP</c>, of <c>SLURM_ARRAY_TASK_COUNT</c> tasks. With none of these, the whole batch (shard 0/1).
/// </summary>
internal static class ShardSource
{
    /// <summary>The environment variable that may give the shard count.</summary>
    public const string ShardsVariable = "SIM_SHARDS";

    /// <summary>The most shards a batch may be split into.</summary>
    public const int MaxShards = 1_000_000;

    /// <summary>Resolves the shard; <paramref name="error"/> says what is wrong when it returns null.</summary>
    /// <param name="flag">The <c>--shard</c> value.</param>
    /// <param name="shards">The <c>--shards</c> value.</param>
    /// <param name="environment">Reads an environment variable (null when unset).</param>
    /// <param name="source">Where the shard came from, for the log.</param>
    /// <param name="error">Why no shard could be resolved.</param>
    public static ShardSpec? Resolve(ShardSpec? flag, int? shards, Func<string, string?> environment, out string source, out string? error)
    {
        source = "";
        error = null;
        if (flag is { } given)
        {
            if (shards is not null && shards != given.Count)
            {
                error = $"--shard {given} and --shards {shards} disagree; give one";
                return null;
            }

            source = "--shard";
            return given;
        }

        string? envCount = environment(ShardsVariable);
        int? count = shards;
        if (count is null && envCount is not null)
        {
            if (!TryCount(envCount, out int parsed))
            {
                error = $"{ShardsVariable}='{envCount}' is not a shard count (1–{MaxShards:N0})";
                return null;
            }

            count = parsed;
        }

        string countSource = shards is not null ? "--shards" : ShardsVariable;
        if (environment("JOB_COMPLETION_INDEX") is { } k8s)
        {
            return Indexed("JOB_COMPLETION_INDEX", k8s, count, countSource, out source, out error);
        }

        if (environment("SLURM_ARRAY_TASK_ID") is { } slurm)
        {
            // With the count given, the array's indexes are the shard indexes (--array=0-15 for 16 shards, and a
            // resubmission of some, --array=3,7, keeps them); without it, the array's own size and spacing say.
            return count is not null
                ? Indexed("SLURM_ARRAY_TASK_ID", slurm, count, countSource, out source, out error)
                : Slurm(slurm, environment, out source, out error);
        }

        if (environment("AWS_BATCH_JOB_ARRAY_INDEX") is { } aws)
        {
            return Indexed("AWS_BATCH_JOB_ARRAY_INDEX", aws, count, countSource, out source, out error);
        }

        if (count is > 1)
        {
            error = $"{countSource} {count} but no shard index: give --shard I/N, or run as a Kubernetes Indexed Job (JOB_COMPLETION_INDEX), a Slurm job array (SLURM_ARRAY_TASK_ID) or an AWS Batch array job (AWS_BATCH_JOB_ARRAY_INDEX)";
            return null;
        }

        source = "no scheduler index: the whole batch";
        return new ShardSpec(0, 1);
    }

    private static ShardSpec? Indexed(string variable, string text, int? count, string countSource, out string source, out string? error)
    {
        source = "";
        error = null;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            error = $"{variable}='{text}' is not a shard index (a whole number from 0)";
            return null;
        }

        if (count is not int n)
        {
            error = $"{variable}={index} gives this shard's index; the number of shards must come from --shards N or {ShardsVariable} (e.g. the Job's completions)";
            return null;
        }

        if (index >= n)
        {
            error = $"{variable}={index} is not below the {n} shards of {countSource}";
            return null;
        }

        source = string.Create(CultureInfo.InvariantCulture, $"{variable}={index}, {countSource}={n}");
        return new ShardSpec(index, n);
    }

    private static ShardSpec? Slurm(string idText, Func<string, string?> environment, out string source, out string? error)
    {
        source = "";
        error = null;
        string? countText = environment("SLURM_ARRAY_TASK_COUNT"), minText = environment("SLURM_ARRAY_TASK_MIN"), stepText = environment("SLURM_ARRAY_TASK_STEP");
        static bool Whole(string? text, out int value) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (!Whole(idText, out int id))
        {
            error = $"SLURM_ARRAY_TASK_ID='{idText}' is not a whole number";
            return null;
        }

        if (!Whole(countText, out int tasks) || tasks < 1)
        {
            error = $"SLURM_ARRAY_TASK_ID={id} but SLURM_ARRAY_TASK_COUNT is '{countText}'; run under sbatch --array";
            return null;
        }

        int min = Whole(minText, out int m) ? m : 0;
        int step = Whole(stepText, out int s) && s >= 1 ? s : 1;
        int offset = id - min;
        if (offset < 0 || offset % step != 0 || offset / step >= tasks)
        {
            error = $"SLURM_ARRAY_TASK_ID={id} is not one of the {tasks} tasks of an evenly spaced array from {min} by {step}; use --array=0-{tasks - 1} (or an evenly spaced range)";
            return null;
        }

        source = string.Create(CultureInfo.InvariantCulture, $"SLURM_ARRAY_TASK_ID={id}, SLURM_ARRAY_TASK_COUNT={tasks}{(min != 0 ? $", SLURM_ARRAY_TASK_MIN={min}" : "")}{(step != 1 ? $", SLURM_ARRAY_TASK_STEP={step}" : "")}");
        return new ShardSpec(offset / step, tasks);
    }

    private static bool TryCount(string text, out int count) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count is >= 1 and <= MaxShards;
}
