using Sim.Core.Kernel;
using Sim.Core.Traffic.Vehicles;

namespace Sim.Core.Tests.Traffic;

public class VehicleAllocationTests
{
    /// <summary>Bytes allocated by one vehicle step, after warm-up, on one thread: with workers, how many chunks the
    /// calling thread runs itself depends on how busy the thread pool is (other test classes run alongside), and so did
    /// the bytes counted on it.</summary>
    private static double BytesPerStep(int vehicles)
    {
        Simulation sim = TrafficTestWorlds.Simulation(TrafficTestWorlds.Ring(3, 2000, 300), seed: 9);
        sim.World.WorkerThreads = 1;
        double length = sim.World.GetManagedResource<Sim.Core.Traffic.Roads.RoadNetwork>().Lanes[0].Length;
        for (int i = 0; i < vehicles; i++)
        {
            TrafficTestWorlds.Car(sim, i % 3, (i / 3) * (length / (vehicles / 3.0)), 15, (ulong)i, IdmParameters.Car with { DesiredSpeed = 20 + (i % 13) });
        }

        sim.Run(200);
        long before = GC.GetAllocatedBytesForCurrentThread();
        sim.Run(100);
        return (GC.GetAllocatedBytesForCurrentThread() - before) / 100.0;
    }

    [Fact]
    public void A_traffic_step_allocates_nothing_per_vehicle_in_steady_state()
    {
        double small = BytesPerStep(300), large = BytesPerStep(1500);

        // A few fixed allocations per step (query dispatch closures) are allowed; nothing that grows with the traffic.
        // Anything allocated per vehicle would add at least 24 bytes × 1,200 vehicles ≈ 28 KB a step; the margin of 1 KB
        // absorbs what code not yet recompiled at tier 1 allocates (tiering is later when other test classes load the
        // cores: tier-0 code does not stack-allocate what tier 1 does), which made a 64-byte margin flaky.
        Assert.True(large - small < 1024, $"{small:0} bytes/step with 300 vehicles, {large:0} with 1,500");
        Assert.True(large < 2048, $"{large:0} bytes per step");
    }
}
