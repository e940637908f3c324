using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Random;
using Sim.Core.Traffic.Pedestrians;
using Sim.Tests.Infrastructure;

namespace Sim.Core.Tests.Traffic.Pedestrians;

public class PedestrianDeterminismTests
{
    private const int Ticks = 160;

    [Fact]
    public void The_same_seed_gives_the_same_world_hash_every_tick_with_1_and_4_worker_threads()
    {
        ulong[] one = HashesPerTick(seed: 77, threads: 1);
        ulong[] four = HashesPerTick(seed: 77, threads: 4);
        Assert.Equal(one, four);
        Assert.Equal(Ticks, one.Distinct().Count()); // the world really moves every tick
        Assert.NotEqual(one, HashesPerTick(seed: 78, threads: 4));
    }

    [Fact]
    public void Desired_speeds_depend_on_the_seed_and_follow_the_walking_speed_distribution()
    {
        var parameters = new WalkerParameters();
        double[] a = Speeds(1, parameters), again = Speeds(1, parameters), b = Speeds(2, parameters);
        Assert.Equal(a, again);
        Assert.True(a.Zip(b).Count(p => p.First != p.Second) > 3990);
        // Weidmann: mean 1.34 m/s, σ 0.26 m/s. Standard errors with 4000 draws: 0.004 and 0.003 m/s; 5σ bounds.
        var moments = new RunningMoments();
        foreach (double v in a)
        {
            moments.Add(v);
        }

        Assert.InRange(moments.Mean, 1.34 - 0.021, 1.34 + 0.021);
        Assert.InRange(Math.Sqrt(moments.Variance), 0.26 - 0.02, 0.26 + 0.02);
        Assert.All(a, v => Assert.InRange(v, parameters.MinSpeed, parameters.MaxSpeed));
    }

    private static double[] Speeds(ulong seed, WalkerParameters parameters) =>
        [.. Enumerable.Range(0, 4000).Select(i => PedestrianSpawner.DrawDesiredSpeed(seed, new StableId((ulong)i), 0, parameters))];

    /// <summary>9,000 walkers (3 chunks), pedestrians waiting at both kerbs, cars, deer with random start times and
    /// hesitations, and scripted jaywalk, run-out and turn-back actions during the run.</summary>
    private static ulong[] HashesPerTick(ulong seed, int threads)
    {
        Simulation sim = StreetFixture.Create(seed, threads);
        World world = sim.World;
        int[] sidewalks = [StreetFixture.SouthSidewalk, StreetFixture.NorthSidewalk];
        ulong id = 0;
        for (int i = 0; i < 9000; i++, id++)
        {
            RandomStream r = new CounterRng(seed).Stream(id, 1234, 0);
            // Bunched around the crosswalk so that many decide whether to cross during the run.
            PedestrianSpawner.SpawnWalker(world, seed, new StableId(id), sidewalks[r.NextInt(2)], r.Uniform(StreetFixture.CrosswalkX - 20, StreetFixture.CrosswalkX + 20),
                r.Bernoulli(0.5) ? 1 : -1, r.Uniform(-0.5, 0.5));
        }

        var waiting = new List<Entity>();
        for (int i = 0; i < 10; i++, id++)
        {
            waiting.Add(PedestrianSpawner.SpawnAtCrosswalk(world, seed, new StableId(id), 0, i % 2));
        }

        for (int i = 0; i < 8; i++, id++)
        {
            DeerSpawner.Spawn(world, seed, new StableId(id), (200 + (10 * i), -12), (200 + (10 * i), 12), new DeerParameters(EarliestStart: 0, LatestStart: 2, HesitationRate: 1, LeaveDistance: 2));
        }

        StreetFixture.AddCarArrivingIn(world, StreetFixture.EastNear, 3, 14);
        StreetFixture.AddCarArrivingIn(world, StreetFixture.WestFar, 6, 12);
        Entity runner = PedestrianSpawner.SpawnStanding(world, seed, new StableId(id++), 150, -7.2, Math.PI / 2);

        var hashes = new ulong[Ticks];
        var seen = new HashSet<PedestrianActivity>();
        for (int t = 0; t < Ticks; t++)
        {
            if (t == 20)
            {
                new RunOut(runner, (150, 7.5)).Apply(world);
                new Jaywalk(waiting[0], (StreetFixture.CrosswalkX + 5, -7.5), (StreetFixture.CrosswalkX + 5, 7.5), 1.8).Apply(world);
            }

            if (t == 50)
            {
                new TurnBack(waiting[1]).Apply(world);
                new TurnBack(runner).Apply(world);
            }

            sim.Step();
            hashes[t] = world.ComputeHash();
            if (t % 10 == 9)
            {
                world.Query(PedestrianQueries.Pedestrians, (ref PedestrianState state) => seen.Add(state.Activity));
            }
        }

        // The run exercised every activity, not just walking.
        Assert.Superset(new HashSet<PedestrianActivity> { PedestrianActivity.Walking, PedestrianActivity.WaitingToCross, PedestrianActivity.Crossing, PedestrianActivity.Scripted }, seen);
        return hashes;
    }
}
