using System.Diagnostics;
using Sim.Bench.Harness;
using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Vehicles;

namespace Sim.Bench.Traffic;

/// <summary>
/// <c>bench/run traffic</c>: vehicle-steps per second of IDM + MOBIL on three-lane, 10 km highways at dt = 0.1 s, for
/// 1,000, 10,000 and 100,000 vehicles, and the scaling exponent between the sizes (1.0 = linear).
/// </summary>
/// <remarks>
/// A 10 km three-lane highway holds about 1,000 vehicles at a realistic 33 vehicles/km/lane (jam density is about
/// 150), so it is a closed ring carrying 1,000 vehicles, and larger N are N/1,000 such rings in one world: the
/// per-vehicle work (leader search, IDM, MOBIL, lateral dynamics, pose) is what scales. Desired speeds vary
/// (25–38 m/s) so MOBIL changes lanes throughout.
/// </remarks>
public sealed class TrafficSuite : IBenchSuite
{
    private const int VehiclesPerRing = 1000;

    public string Name => "traffic";

    public string Description => "IDM + MOBIL vehicle-steps/s for 1k, 10k, 100k vehicles on 3-lane 10 km highways, and scaling";

    public IReadOnlyList<Figure> Run(bool quick, TextWriter log)
    {
        int threads = Environment.ProcessorCount;
        var figures = new List<Figure>();
        var perStep = new Dictionary<int, double>();
        double warmup = quick ? 2 : 6, measure = quick ? 3 : 12; // seconds per size
        foreach (int vehicles in new[] { 1_000, 10_000, 100_000 })
        {
            Simulation sim = Build(vehicles, threads);

            // Warm-up by time, so the JIT's last tier and the lane index's arrays are in place before timing.
            long warm = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(warm).TotalSeconds < warmup)
            {
                sim.Step();
            }

            var samples = new List<double>();
            int steps = 0;
            for (int round = 0; round < 5; round++)
            {
                long start = Stopwatch.GetTimestamp();
                int n = 0;
                while (Stopwatch.GetElapsedTime(start).TotalSeconds < measure / 5)
                {
                    sim.Step();
                    n++;
                }

                steps += n;
                samples.Add(Stopwatch.GetElapsedTime(start).TotalSeconds / n);
            }

            double seconds = Interleaved.Median(samples);
            perStep[vehicles] = seconds;
            log.WriteLine($"# traffic: {vehicles:N0} vehicles, {threads} threads: {seconds * 1e3:0.###} ms/step (median of 5 rounds, {steps} steps), {sim.World.Count:N0} vehicles at the end");
            figures.Add(new Figure($"traffic.vehicle_steps_per_s.{vehicles}", vehicles / seconds, "vehicle-steps/s"));
        }

        // Exponent b of time per step ∝ N^b: between the smallest and largest size (fixed per-step costs such as the
        // parallel dispatch weigh most at 1,000), and between 10,000 and 100,000.
        figures.Add(new Figure("traffic.scaling", Math.Log(perStep[100_000] / perStep[1_000]) / Math.Log(100), "exponent"));
        figures.Add(new Figure("traffic.scaling.10000_100000", Math.Log(perStep[100_000] / perStep[10_000]) / Math.Log(10), "exponent"));

        // The lane index's rebuild when 1 % of the vehicles are mid lane change (listed on two lanes) against the same
        // rebuild with none: it must stay linear (a ratio near 1), not fall back to per-row insertion.
        foreach (int perLane in new[] { 10_000, 100_000 })
        {
            (double with, double without) = LaneIndexRebuild(perLane, quick ? 11 : 41);
            log.WriteLine($"# traffic: lane index of {2 * perLane:N0} rows: rebuild {without * 1e3:0.###} ms, with 1 % changing lanes {with * 1e3:0.###} ms");
            figures.Add(new Figure($"traffic.lane_index.rebuild_1pct_changes.{2 * perLane}.ratio", with / without, "x"));
        }

        return figures;
    }

    /// <summary>Median seconds of a lane-index rebuild of two lanes of <paramref name="perLane"/> rows each, with 1 % of
    /// lane 1 starting a change into lane 0, and without; interleaved round by round.</summary>
    private static (double With, double Without) LaneIndexRebuild(int perLane, int rounds)
    {
        var index = new LaneIndex();
        int rows = 2 * perLane;
        index.Begin(rows, 2);
        for (int r = 0; r < rows; r++)
        {
            index.Entity[r] = new Sim.Core.Ecs.Entity(r, 1);
            index.Lane[r] = index.TargetLane[r] = index.SecondLane[r] = r < perLane ? 0 : 1;
            index.S[r] = ((r % perLane) * 10.0) + (r < perLane ? 0 : 5);
        }

        void Changing(int lane)
        {
            for (int r = perLane; r < rows; r += 100)
            {
                index.SecondLane[r] = lane;
            }
        }

        Dictionary<string, double> medians = Interleaved.MedianSeconds(
        [
            ("without", () => { Changing(1); index.Build(); }),
            ("with", () => { Changing(0); index.Build(); }),
        ], rounds);
        return (medians["with"], medians["without"]);
    }

    /// <summary>N/1,000 rings of 10 km (two 3,429 m straights, two half circles of radius 500 m), 3 lanes each.</summary>
    public static Simulation Build(int vehicles, int threads, ulong seed = 1)
    {
        int rings = Math.Max(1, vehicles / VehiclesPerRing);
        double radius = 500, straight = (10_000 - (2 * Math.PI * radius)) / 2;
        var builder = new RoadNetworkBuilder();
        var lanes = new List<int>();
        for (int k = 0; k < rings; k++)
        {
            var a = new LineSegment(new Pose2(0, k * 1200.0, 0), straight);
            var b = new ArcSegment(a.End, Math.PI * radius, 1 / radius);
            var c = new LineSegment(b.End, straight);
            var d = new ArcSegment(c.End, Math.PI * radius, 1 / radius);
            Road road = builder.AddRoad($"ring{k}", new ReferenceLine(a, b, c, d), [.. Enumerable.Repeat(new LaneSpec(LaneKind.Driving, 3.75, 36.1), 3)]);
            foreach (Lane lane in road.Lanes)
            {
                builder.Connect(lane.Id, lane.Id);
                lanes.Add(lane.Id);
            }
        }

        RoadNetwork network = builder.Build();
        var sim = new Simulation(new SimulationOptions(seed, 0.1, threads));
        sim.World.SetManagedResource(network);
        sim.AddSystem(Phase.Physics, new VehicleSystem());
        var rng = new Sim.Core.Random.CounterRng(seed);
        double length = network.Lanes[0].Length;
        ulong id = 0;
        for (int l = 0; l < lanes.Count; l++)
        {
            int lane = lanes[l];
            int perLane = (vehicles / lanes.Count) + (l < vehicles % lanes.Count ? 1 : 0);
            for (int i = 0; i < perLane; i++, id++)
            {
                var r = rng.Stream(id, 0, 0);
                IdmParameters idm = IdmParameters.Car with { DesiredSpeed = r.Uniform(25, 38) };
                VehicleFactory.Spawn(sim.World, new VehicleSpec(ActorClass.Car, Idm: idm), new LanePosition(lane, i * length / perLane, 0), 20, id);
            }
        }

        return sim;
    }
}
