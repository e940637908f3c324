using System.Diagnostics;
using System.Globalization;
using Sim.Core.Ecs;

namespace Sim.Core.Tests.Determinism;

public class DeterminismTests
{
    private const ulong Seed = 20261123;
    private const int Ticks = 40;

    [Fact]
    public void One_and_four_worker_threads_give_the_same_world_hash_at_every_tick()
    {
        ulong[] one = SwarmSimulation.HashesPerTick(Seed, threads: 1, Ticks);
        ulong[] four = SwarmSimulation.HashesPerTick(Seed, threads: 4, Ticks);
        Assert.Equal(one, four);
        Assert.Equal(Ticks, one.Distinct().Count()); // the world really changes every tick
    }

    [Fact]
    public void The_simulation_really_spawns_destroys_and_depends_on_the_seed()
    {
        var sim = SwarmSimulation.Create(Seed, threads: 2);
        int start = sim.World.Count;
        sim.Run(Ticks);
        SwarmStats stats = sim.World.GetResource<SwarmStats>();
        Assert.Equal(sim.World.Count, stats.Population);
        Assert.NotEqual(start, sim.World.Count);
        Assert.True(stats.TotalEnergy > 0);
        Assert.NotEqual(SwarmSimulation.HashesPerTick(Seed, 1, 3), SwarmSimulation.HashesPerTick(Seed + 1, 1, 3));
    }

    [Fact]
    public void Separate_processes_with_1_and_4_threads_give_the_hashes_of_this_process()
    {
        ulong[] expected = SwarmSimulation.HashesPerTick(Seed, threads: 2, Ticks);
        foreach (int threads in new[] { 1, 4 })
        {
            Assert.Equal(expected, RunProbe(threads));
        }
    }

    [Fact]
    public void A_restored_snapshot_continues_exactly_like_the_original()
    {
        var original = SwarmSimulation.Create(Seed, threads: 2);
        original.Run(10);
        byte[] snapshot = original.World.Snapshot();
        original.Run(10);

        var resumed = SwarmSimulation.Create(Seed, threads: 3);
        var restored = new Sim.Core.Kernel.Simulation(resumed.Options, World.Restore(snapshot));
        foreach ((Sim.Core.Kernel.Phase phase, Sim.Core.Kernel.ISystem system) in resumed.Systems)
        {
            restored.AddSystem(phase, system);
        }

        restored.Run(10);
        Assert.Equal(original.World.ComputeHash(), restored.World.ComputeHash());
    }

    private static ulong[] RunProbe(int threads)
    {
        string assembly = typeof(DeterminismTests).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { assembly, DeterminismProbe.Verb, Seed.ToString(CultureInfo.InvariantCulture), threads.ToString(CultureInfo.InvariantCulture), Ticks.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "the probe process did not finish in 120 s");
        Assert.True(process.ExitCode == 0, $"probe exited {process.ExitCode}: {stderr.Result}");
        return [.. stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => ulong.Parse(l, NumberStyles.HexNumber, CultureInfo.InvariantCulture))];
    }
}
