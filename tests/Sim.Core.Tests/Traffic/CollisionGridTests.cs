using Sim.Core.Kernel;
using Sim.Core.Traffic.Safety;
using static Sim.Core.Tests.Traffic.SafetyScenes;

namespace Sim.Core.Tests.Traffic;

/// <summary>The grid broad phase finds exactly the pairs that testing every pair finds, and its log depends neither
/// on the worker thread count nor on the order entities were created in.</summary>
public class CollisionGridTests
{
    public static TheoryData<double, double, double, double> Scenes => new()
    {
        // cell size, scene centre x and y, scene side: default cells; tiny cells (a truck covers dozens); huge cells
        // (hundreds of actors per cell); negative and far-off coordinates.
        { 24, 0, 0, 400 },
        { 1.5, 0, 0, 400 },
        { 500, 0, 0, 400 },
        { 24, -12_345.6, 98_765.4, 300 },
    };

    [Theory]
    [MemberData(nameof(Scenes))]
    public void Grid_and_brute_force_find_the_same_pairs_among_2000_actors(double cellSize, double x, double y, double side)
    {
        var options = new CollisionOptions(CellSize: cellSize);
        var sim = new Simulation(new SimulationOptions(Seed: 1, Dt: 0.05));
        sim.AddSystem(Phase.Events, new CollisionSystem(options));
        AddRandomActors(sim.World, seed: (ulong)(cellSize * 10), count: 2000, x, y, side);
        List<ContactPair> expected = BruteForcePairs(sim.World, options);
        sim.Step();

        CollisionLog log = sim.World.GetManagedResource<CollisionLog>();
        Assert.InRange(expected.Count, 100, 100_000); // a scene with plenty of contacts
        Assert.Equal(expected, log.ActiveContacts.ToArray());
        Assert.Equal(expected, log.Events.Select(e => e.Pair)); // all new in the first step
    }

    [Fact]
    public void The_log_is_the_same_for_1_and_4_worker_threads_and_for_any_creation_order()
    {
        int[] shuffled = [.. Enumerable.Range(0, 2000).OrderBy(i => (i * 7919) % 2003)];
        List<CollisionEvent> one = Run(threads: 1, order: null);
        Assert.True(one.Select(e => e.Tick).Distinct().Count() > 10, "contacts should start throughout the run");
        Assert.Equal(one, Run(threads: 4, order: null));
        Assert.Equal(one, Run(threads: 4, order: shuffled));
        Assert.Equal(one, Run(threads: 1, order: shuffled));

        static List<CollisionEvent> Run(int threads, IReadOnlyList<int>? order)
        {
            var sim = new Simulation(new SimulationOptions(Seed: 1, Dt: 0.1, WorkerThreads: threads));
            sim.AddSystem(Phase.Physics, new StraightLineMotion()).AddSystem(Phase.Events, new CollisionSystem());
            AddRandomActors(sim.World, seed: 99, count: 2000, 0, 0, 500, order);
            sim.Run(30);
            return [.. sim.World.GetManagedResource<CollisionLog>().Events];
        }
    }

    [Fact]
    public void A_step_allocates_nothing_once_warm_with_one_worker_thread()
    {
        // The system is called directly: the kernel's own step allocates a few bytes (an empty array per command-buffer
        // playback), which is not what this test is about.
        var world = new Sim.Core.Ecs.World();
        world.SetResource(new SimulationClock(0.05));
        var system = new CollisionSystem();
        var context = new SystemContext(world, seed: 1);
        AddRandomActors(world, seed: 5, count: 2000, 0, 0, 400);
        for (int i = 0; i < 3; i++)
        {
            system.Update(context); // grows the arrays and records the (static) scene's contacts once
            context.Commands.Playback(world); // the contacts mirrored as entities, as the kernel would after the system
            world.GetResource<SimulationClock>().Tick++;
        }

        long allocated = SteadyAllocation.LeastOfWindows(windows: 30, steps: 10, () =>
        {
            system.Update(context);
            context.Commands.Playback(world);
            world.GetResource<SimulationClock>().Tick++;
        });

        Assert.Equal(0, allocated);
        Assert.NotEmpty(world.GetManagedResource<CollisionLog>().ActiveContacts.ToArray());
    }
}
