using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic.Pedestrians;

namespace Sim.Core.Tests.Traffic.Pedestrians;

public class PedestrianAllocationTests
{
    [Fact]
    public void Steady_state_steps_allocate_nothing_per_actor()
    {
        long few = AllocatedPerStep(actors: 100), many = AllocatedPerStep(actors: 3000);
        // What the kernel allocates per step (its parallel-query bookkeeping, ~650 B) does not grow with the actors:
        // less than 1 B per added actor per step, where the smallest object is 24 B. (The margin absorbs a few hundred
        // bytes per step seen while other tests' JIT work delays tiering, whose code allocates where tier 1 does not.)
        Assert.True(many - few < 2900, $"{few} B/step with 100 actors, {many} B/step with 3,000");
    }

    private static long AllocatedPerStep(int actors)
    {
        Simulation sim = StreetFixture.Create(seed: 9, threads: 1);
        World world = sim.World;
        for (int i = 0; i < actors; i++)
        {
            ulong id = (ulong)i;
            switch (i % 4)
            {
                case 0: // walkers around the crosswalk, some deciding to cross
                    PedestrianSpawner.SpawnWalker(world, 9, new StableId(id), StreetFixture.SouthSidewalk, 400 + (i % 100), 1);
                    break;
                case 1: // waiting behind a stream of cars, evaluating gaps every step
                    PedestrianSpawner.SpawnAtCrosswalk(world, 9, new StableId(id), 0, 0, new WalkerParameters(StartUpAndClearance: 30));
                    break;
                case 2: // standing in a lane
                    PedestrianSpawner.SpawnStanding(world, 9, new StableId(id), 100 + (i % 300), -1.75, 0);
                    break;
                default:
                    DeerSpawner.Spawn(world, 9, new StableId(id), (100 + (i % 300), -12), (100 + (i % 300), 12), new DeerParameters(StartTime: 100));
                    break;
            }
        }

        // Crawling cars 16–34 m before the strip: with t_s = 30 s the waiting pedestrians keep evaluating gaps.
        for (int k = 0; k < 10; k++)
        {
            StreetFixture.AddCar(world, StreetFixture.EastNear, 412 + (k * 2), 0.5);
        }

        sim.RunFor(5);
        Assert.Contains(PedestrianActivity.WaitingToCross, Activities(world));

        const int steps = 200;
        long least = SteadyAllocation.LeastOfWindows(windows: 3, steps: 1, () => sim.Run(steps)) / steps;

        Assert.Contains(PedestrianActivity.WaitingToCross, Activities(world));
        return least;
    }

    private static List<PedestrianActivity> Activities(World world)
    {
        var activities = new List<PedestrianActivity>();
        world.Query(PedestrianQueries.Pedestrians, (ref PedestrianState state) => activities.Add(state.Activity));
        return activities;
    }
}
