using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Vehicles;

namespace Sim.Core.Tests.Traffic;

/// <summary>
/// The emergent result IDM is known for (Treiber, Hennecke, Helbing 2000; the Sugiyama et al. 2008 ring experiment):
/// on a single-lane ring, homogeneous traffic above a critical density is string-unstable — a small perturbation grows
/// into stop-and-go waves — while below it the perturbation dies out.
/// </summary>
public class RingRoadWaveTests
{
    private static (double Early, double Late, double MinSpeed) SpeedSpread(int vehicles, double seconds)
    {
        // 2 km single-lane ring (two 500 m straights, two half circles of radius 159.15 m). As in the ring-road
        // literature the ring stands in for an endless straight road, so drivers do not slow for its curves.
        Simulation sim = TrafficTestWorlds.Simulation(TrafficTestWorlds.Ring(1, 500, 1000 / Math.PI), slowForCurves: false);
        double length = sim.World.GetManagedResource<Sim.Core.Traffic.Roads.RoadNetwork>().Lanes[0].Length;
        IdmParameters idm = IdmParameters.Car;
        double spacing = length / vehicles;
        double gap = spacing - 4.5;
        double v = EquilibriumSpeed(idm, gap);
        var cars = new List<Entity>();
        for (int i = 0; i < vehicles; i++)
        {
            // Homogeneous equilibrium, except one car 2 m/s slower: the perturbation.
            cars.Add(TrafficTestWorlds.Car(sim, 0, i * spacing, i == 0 ? Math.Max(0, v - 2) : v, (ulong)i, idm));
        }

        double Spread()
        {
            double[] speeds = [.. cars.Select(c => sim.World.Get<LaneMotion>(c).Speed)];
            double mean = speeds.Average();
            return Math.Sqrt(speeds.Select(s => (s - mean) * (s - mean)).Average());
        }

        sim.Run(300); // 30 s
        double early = Spread();
        sim.Run((int)(seconds * 10) - 300);
        return (early, Spread(), cars.Min(c => sim.World.Get<LaneMotion>(c).Speed));
    }

    /// <summary>The speed at which IDM's equilibrium gap equals <paramref name="gap"/> (bisection).</summary>
    private static double EquilibriumSpeed(IdmParameters idm, double gap)
    {
        double lo = 0, hi = idm.DesiredSpeed * 0.999999;
        for (int i = 0; i < 100; i++)
        {
            double mid = (lo + hi) / 2;
            if (idm.EquilibriumGap(mid, idm.DesiredSpeed) < gap)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    // With Treiber & Kesting's car (v0 120 km/h, T 1.5 s, a 1 m/s², b 2 m/s²) on this 2 km ring, a 2 m/s dip decays
    // at 22.5 veh/km and below and grows from 30 veh/km up (probed at 7.5–50 veh/km, 15 min each).

    [Fact]
    public void Below_the_critical_density_a_perturbation_dies_out()
    {
        (double early, double late, double minSpeed) = SpeedSpread(vehicles: 25, seconds: 600); // 12.5 veh/km
        Assert.True(late < early / 3, $"speed spread went from {early:0.###} to {late:0.###} m/s");
        Assert.True(minSpeed > 30, $"a car slowed to {minSpeed:0.##} m/s");
    }

    [Fact]
    public void Above_the_critical_density_stop_and_go_waves_develop()
    {
        (double early, double late, double minSpeed) = SpeedSpread(vehicles: 100, seconds: 900); // 50 veh/km
        Assert.True(late > early * 10, $"speed spread went from {early:0.###} to {late:0.###} m/s");
        Assert.True(minSpeed < 5, $"the slowest car still drives {minSpeed:0.##} m/s: no stop-and-go");
    }
}
