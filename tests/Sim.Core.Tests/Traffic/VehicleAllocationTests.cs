using Sim.Core.Kernel;
using Sim.Core.Traffic.Vehicles;

namespace Sim.Core.Tests.Traffic;

public class VehicleAllocationTests
{
    /// <summary>Bytes allocated by one vehicle step on the calling thread, after warm-up.</summary>
    private static double BytesPerStep(int vehicles)
    {
        Simulation sim = TrafficTestWorlds.Simulation(TrafficTestWorlds.Ring(3, 2000, 300), seed: 9);
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
        Assert.True(large - small < 64, $"{small:0} bytes/step with 300 vehicles, {large:0} with 1,500");
        Assert.True(large < 2048, $"{large:0} bytes per step");
    }
}
