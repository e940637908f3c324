using Sim.Core.Traffic;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Model;

/// <summary>Background traffic that fills the road around the scripted actors (<c>world.traffic</c>).</summary>
/// <param name="VehiclesPerKmPerLane">Density on every driving lane outside junctions, vehicles per km per lane.</param>
/// <param name="Mix">Vehicle classes and their weights (probabilities ∝ weight).</param>
/// <param name="SpeedKmh">Initial speed, km/h, or null for 90 % of each lane's limit.</param>
/// <param name="PedestriansPer100m">Walkers per 100 m of sidewalk.</param>
public sealed record TrafficFill(double VehiclesPerKmPerLane, IReadOnlyList<(ActorClass Class, double Weight)> Mix, double? SpeedKmh, double PedestriansPer100m)
{
    /// <summary>The most vehicles and walkers a fill may create.</summary>
    public const int MaxFill = 10_000;

    /// <summary>Highest density: a standing queue of cars is about 150 per km per lane.</summary>
    public const double MaxDensity = 150;

    /// <summary>The keys of <c>world.traffic</c>.</summary>
    public static readonly IReadOnlyList<string> Keys = ["vehicles_per_km_per_lane", "mix", "speed_kmh", "pedestrians_per_100m"];

    /// <summary>The default mix on highways, curves and rings: 80 % cars, 10 % vans, 7 % trucks, 3 % motorcycles.</summary>
    public static readonly IReadOnlyList<(ActorClass Class, double Weight)> DefaultMix =
        [(ActorClass.Car, 0.8), (ActorClass.Van, 0.1), (ActorClass.Truck, 0.07), (ActorClass.Motorcycle, 0.03)];

    /// <summary>The default mix on urban blocks and intersections: 85 % cars, 12 % vans, 3 % motorcycles. No trucks or
    /// buses: their 12 m rigid boxes sweep across the centre line on the tight urban corners and kerb returns, so they
    /// would clip oncoming traffic; name them in the mix to have them anyway.</summary>
    public static readonly IReadOnlyList<(ActorClass Class, double Weight)> UrbanMix =
        [(ActorClass.Car, 0.85), (ActorClass.Van, 0.12), (ActorClass.Motorcycle, 0.03)];

    /// <summary>Reads <c>world.traffic</c>: null when absent or wrong (reported). The fill's size is bounded by
    /// <see cref="MaxFill"/> over the world's lanes and sidewalks.</summary>
    public static TrafficFill? Read(YamlMapping root, SectionReader reader, ScenarioWorld? world)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(reader);
        if (root["world"] is not YamlMapping section || reader.Mapping(section, "traffic", required: false) is not { } traffic)
        {
            return null;
        }

        int errors = reader.Diagnostics.Count;
        reader.CheckKeys(traffic, [.. Keys]);
        double density = reader.Number(traffic, "vehicles_per_km_per_lane", 0, MaxDensity, "vehicles/km/lane", false, true) ?? 0;
        double? speed = reader.Number(traffic, "speed_kmh", 0, 250, "km/h", false, true);
        double walkers = reader.Number(traffic, "pedestrians_per_100m", 0, 50, "per 100 m", false, true) ?? 0;
        IReadOnlyList<(ActorClass, double)> mix = world?.Type is "urban_block" or "intersection" ? UrbanMix : DefaultMix;
        if (reader.Mapping(traffic, "mix", required: false) is { } m)
        {
            string[] vehicles = [.. ActorsSection.VehicleClasses];
            reader.CheckKeys(m, vehicles);
            var read = new List<(ActorClass, double)>();
            foreach ((YamlScalar key, _) in m.Entries)
            {
                if (vehicles.Contains(key.Value) && reader.Number(m, key.Value, 0, 1e6, string.Empty, true) is { } w)
                {
                    read.Add((Enum.Parse<ActorClass>(key.Value, ignoreCase: true), w));
                }
            }

            if (m.Entries.Count == 0)
            {
                reader.Error(m, "the mix names no class; give at least one, e.g. car: 1");
            }
            else if (read.Count > 0 && read.Sum(x => x.Item2) <= 0)
            {
                reader.Error(m, "the mix's weights add up to 0; give at least one class a positive weight");
            }

            mix = read;
        }

        if (reader.Diagnostics.Count > errors)
        {
            return null;
        }

        var fill = new TrafficFill(density, mix, speed, walkers);
        var largest = new TrafficFill(Largest(traffic, "vehicles_per_km_per_lane", reader) ?? density, mix, speed, Largest(traffic, "pedestrians_per_100m", reader) ?? walkers);
        if (world is not null && largest.Expected(world) is var (vehicles2, pedestrians) && vehicles2 + pedestrians > MaxFill)
        {
            reader.Error(traffic, FormattableString.Invariant($"this fills the road with up to about {vehicles2:N0} vehicles and {pedestrians:N0} pedestrians; at most {MaxFill:N0} in all"));
            return null;
        }

        return fill;
    }

    /// <summary>While checking a file (no drawn values), the largest value a distribution at <paramref name="key"/> can
    /// draw, so the cap holds for every variation; null otherwise.</summary>
    private static double? Largest(YamlMapping traffic, string key, SectionReader reader) =>
        reader.Resolved is null && traffic[key] is YamlScalar { Quoted: false } scalar
        && Sim.Scenarios.Distributions.DistributionParser.TryParse(scalar.Value, out Sim.Scenarios.Distributions.Distribution? d, out _)
        && d?.Support is { } support ? support.Max : null;

    /// <summary>How many vehicles and walkers the fill puts on <paramref name="world"/> at most.</summary>
    public (long Vehicles, long Pedestrians) Expected(ScenarioWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        double driving = world.Network.Lanes.Where(FillsVehicles).Sum(l => l.Length);
        double sidewalks = world.Network.Lanes.Where(FillsPedestrians).Sum(l => l.Length);
        return ((long)Math.Ceiling(driving / 1000 * VehiclesPerKmPerLane), (long)Math.Ceiling(sidewalks / 100 * PedestriansPer100m));
    }

    /// <summary>Whether the fill puts vehicles on this lane: driving lanes outside junctions, at least 20 m long (not
    /// the short stretches over a crosswalk at a stop line).</summary>
    public static bool FillsVehicles(Sim.Core.Traffic.Roads.Lane lane) =>
        lane?.Kind == Sim.Core.Traffic.Roads.LaneKind.Driving && lane.Road.Junction < 0 && lane.Length >= 20;

    /// <summary>Whether the fill puts walkers on this lane: sidewalks.</summary>
    public static bool FillsPedestrians(Sim.Core.Traffic.Roads.Lane lane) => lane?.Kind == Sim.Core.Traffic.Roads.LaneKind.Sidewalk;
}
