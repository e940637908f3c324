using System.CommandLine;
using System.Text.RegularExpressions;
using Sim.Cli.Batch;
using Sim.Cli.Commands;
using Sim.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Sim.Cli.Tests;

/// <summary>
/// The files in <c>deploy/</c> run what they say: each Kubernetes Job and Slurm script hands <c>sim batch</c> a command
/// line that sim's own parser accepts, leaves the shard index to the scheduler's variable, agrees with itself on the
/// shard count, and sets what the node needs (MALLOC_ARENA_MAX; on GPU nodes NVIDIA_DRIVER_CAPABILITIES with graphics).
/// The Slurm scripts are run for real with a stand-in for sim that records what it was given.
/// </summary>
public sealed partial class DeployTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-deploy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Parses <paramref name="args"/> as sim would and returns the batch command's parse, asserting no errors.</summary>
    private static ParseResult ParseBatch(IReadOnlyList<string> args)
    {
        ParseResult parse = SimCommand.Create().Parse([.. args]);
        Assert.True(parse.Errors.Count == 0, string.Join("; ", parse.Errors.Select(e => e.Message)) + " in: " + string.Join(' ', args));
        Assert.Equal("batch", parse.CommandResult.Command.Name);
        Assert.Null(parse.CommandResult.Children.OfType<System.CommandLine.Parsing.OptionResult>().FirstOrDefault(o => o.Option.Name == "--shard")); // the index comes from the scheduler
        return parse;
    }

    private static string Scalar(YamlNode node, params string[] path)
    {
        foreach (string key in path)
        {
            node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        }

        return ((YamlScalarNode)node).Value!;
    }

    [Theory]
    [InlineData("sim-batch-cpu.yaml", false)]
    [InlineData("sim-batch-gpu.yaml", true)]
    public void Kubernetes_indexed_jobs_run_sim_batch_with_the_completion_index(string file, bool gpu)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(RepositoryRoot.Combine("deploy", "kubernetes", file))));
        YamlNode job = yaml.Documents.Single().RootNode;
        Assert.Equal("batch/v1", Scalar(job, "apiVersion"));
        Assert.Equal("Job", Scalar(job, "kind"));
        Assert.Equal("Indexed", Scalar(job, "spec", "completionMode"));
        Assert.Equal("Never", Scalar(job, "spec", "template", "spec", "restartPolicy"));
        int completions = int.Parse(Scalar(job, "spec", "completions"), System.Globalization.CultureInfo.InvariantCulture);

        var container = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)job)["spec"])["template"])["spec"]["containers"]).Single();
        Assert.Equal("sim", Scalar(container, "name"));
        string[] args = [.. ((YamlSequenceNode)container["args"]).Select(a => ((YamlScalarNode)a).Value!)];
        ParseResult parse = ParseBatch(args);
        Dictionary<string, string> env = ((YamlSequenceNode)container["env"]).Cast<YamlMappingNode>().ToDictionary(e => Scalar(e, "name"), e => Scalar(e, "value"));
        Assert.Equal("2", env["MALLOC_ARENA_MAX"]);

        // Every pod's index maps to a distinct shard of `completions`, as sim resolves it from the pod's environment.
        for (int index = 0; index < completions; index++)
        {
            var podEnv = new Dictionary<string, string>(env) { ["JOB_COMPLETION_INDEX"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            ShardSpec? shard = ShardSource.Resolve(null, parse.GetValue<int?>("--shards"), k => podEnv.GetValueOrDefault(k), out _, out string? error);
            Assert.True(error is null, error);
            Assert.Equal(new ShardSpec(index, completions), shard);
        }

        // Exit 2 (bad input) fails the index at once; 143 (stopped by SIGTERM) and 1 (retryable) are left to the retries.
        var rules = (YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)job)["spec"])["podFailurePolicy"]["rules"];
        YamlMappingNode fail = rules.Cast<YamlMappingNode>().Single(r => Scalar(r, "action") == "FailIndex");
        Assert.Equal([ExitCodes.Usage.ToString(System.Globalization.CultureInfo.InvariantCulture)], ((YamlSequenceNode)fail["onExitCodes"]["values"]).Select(v => ((YamlScalarNode)v).Value));

        bool asksForGpu = ((YamlMappingNode)container["resources"]["limits"]).Children.ContainsKey(new YamlScalarNode("nvidia.com/gpu"));
        Assert.Equal(gpu, asksForGpu);
        Assert.Equal(gpu, parse.GetValue<bool>("--require-gpu"));
        if (gpu)
        {
            Assert.Contains("graphics", env["NVIDIA_DRIVER_CAPABILITIES"].Split(','));
            Assert.Equal("gl", parse.GetValue<string>("--backend"));
        }
    }

    [Theory]
    [InlineData("sim-batch-cpu.sbatch", false)]
    [InlineData("sim-batch-gpu.sbatch", true)]
    public void Slurm_array_scripts_run_sim_batch_with_the_array_task_as_the_shard(string file, bool gpu)
    {
        string script = RepositoryRoot.Combine("deploy", "slurm", file);
        string text = File.ReadAllText(script);
        Match array = ArrayLine().Match(text);
        Assert.True(array.Success, "no #SBATCH --array=0-N line");
        int tasks = int.Parse(array.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1;
        Assert.Equal(gpu, text.Contains("#SBATCH --gres=gpu:", StringComparison.Ordinal));

        // A stand-in for sim records its arguments and environment; the script runs as an array task would.
        string fake = Path.Combine(_dir, "sim");
        File.WriteAllText(fake, "#!/bin/bash\nprintf '%s\\n' \"$@\" > \"$RECORD.args\"\nenv > \"$RECORD.env\"\n");
        Assert.Equal(0, ChildProcess.Run("chmod", ["+x", fake]).ExitCode);
        (int Id, int Count, int Min, int Expected)[] cases = [(0, tasks, 0, 0), (tasks - 1, tasks, 0, tasks - 1), (tasks - 2, 2, tasks - 3, tasks - 2)]; // the last: a resubmission of two shards
        foreach ((int id, int count, int min, int expected) in cases)
        {
            string record = Path.Combine(_dir, $"task{id}-{count}");
            ChildProcessResult run = ChildProcess.Run("env",
            [
                $"SIM={fake}", $"RECORD={record}", $"SIM_OUT={_dir}/out", $"SLURM_ARRAY_TASK_ID={id}", $"SLURM_ARRAY_TASK_COUNT={count}", $"SLURM_ARRAY_TASK_MIN={min}",
                "SLURM_CPUS_PER_TASK=3", "bash", script,
            ]);
            Assert.True(run.ExitCode == 0, run.Stderr);
            string[] args = File.ReadAllLines(record + ".args");
            ParseResult parse = ParseBatch(args);
            Assert.Equal(3, parse.GetValue<int?>("--threads"));
            Dictionary<string, string> env = File.ReadAllLines(record + ".env").Where(l => l.Contains('=', StringComparison.Ordinal)).Select(l => l.Split('=', 2)).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Last()[1]);
            Assert.Equal("2", env["MALLOC_ARENA_MAX"]);
            ShardSpec? shard = ShardSource.Resolve(null, parse.GetValue<int?>("--shards"), k => env.GetValueOrDefault(k), out _, out string? error);
            Assert.True(error is null, error);
            Assert.Equal(new ShardSpec(expected, tasks), shard);
            if (gpu)
            {
                Assert.Contains("graphics", env["NVIDIA_DRIVER_CAPABILITIES"].Split(','));
                Assert.True(parse.GetValue<bool>("--require-gpu"));
            }
        }
    }

    [Theory]
    [InlineData("Dockerfile.cpu", false)]
    [InlineData("Dockerfile.gpu", true)]
    public void Container_images_hold_the_runtime_and_the_egl_libraries(string file, bool gpu)
    {
        string text = File.ReadAllText(RepositoryRoot.Combine("deploy", "container", file));
        Assert.Matches(@"(?m)^FROM mcr\.microsoft\.com/dotnet/runtime:10\.0", text);
        Assert.Matches(@"apt-get install -y --no-install-recommends libegl1 libgl1-mesa-dri", text);
        Assert.Contains("MALLOC_ARENA_MAX=2", text, StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"/opt/sim/sim.dll\"]", text, StringComparison.Ordinal);
        Assert.True(File.Exists(RepositoryRoot.Combine("src", "Sim.Cli", "Sim.Cli.csproj"))); // what the build stage publishes
        Assert.Contains("dotnet publish src/Sim.Cli/Sim.Cli.csproj -c Release -r linux-x64 --self-contained false -o /opt/sim", text, StringComparison.Ordinal);
        Assert.Equal(gpu, text.Contains("libEGL_nvidia.so.0", StringComparison.Ordinal));
        Assert.Equal(gpu, Regex.IsMatch(text, "NVIDIA_DRIVER_CAPABILITIES=[a-z,]*graphics"));
    }

    [GeneratedRegex(@"(?m)^#SBATCH --array=0-([0-9]+)\s*$")]
    private static partial Regex ArrayLine();
}
