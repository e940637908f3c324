using Sim.Core.Traffic;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Safety;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Model;

/// <summary>An actor that starts inside a prop (a car placed in a parked van, a pedestrian inside a building) would start
/// in a collision: reported at the actor, naming the prop. Props are bucketed in a 50 m grid, so the check stays fast at
/// the 10,000-actor and 10,000-prop limits.</summary>
public static class StartOverlaps
{
    private const double Cell = 50;

    /// <summary>Reports each vehicle or pedestrian that starts in the world overlapping a prop.</summary>
    public static void Check(YamlMapping root, SectionReader reader, ScenarioWorld? world, IReadOnlyList<ActorPlacement>? actors, IReadOnlyList<PropPlacement>? props)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(reader);
        if (world is null || actors is null || props is null || props.Count == 0 || root["actors"] is not YamlMapping section)
        {
            return;
        }

        var grid = new Dictionary<(long, long), List<(PropPlacement Prop, OrientedBox Box)>>();
        foreach (PropPlacement prop in props)
        {
            var box = new OrientedBox(prop.Pose.X, prop.Pose.Y, prop.Body.Length / 2, prop.Body.Width / 2, prop.Pose.Heading);
            foreach ((long, long) cell in Cells(box.X, box.Y, box.BoundingRadius))
            {
                if (!grid.TryGetValue(cell, out List<(PropPlacement, OrientedBox)>? list))
                {
                    grid[cell] = list = [];
                }

                list.Add((prop, box));
            }
        }

        foreach (ActorPlacement actor in actors)
        {
            OrientedBox? box = actor switch
            {
                { AtStart: false } => null,
                VehiclePlacement v => BoxOf(world.Network.ToWorld(v.Position), ActorDimensions.Typical(v.Class)),
                PedestrianPlacement p => BoxOf(p.Pose, ActorDimensions.Typical(ActorClass.Pedestrian)),
                _ => null,
            };
            if (box is not { } b)
            {
                continue;
            }

            string? hit = Cells(b.X, b.Y, b.BoundingRadius)
                .SelectMany(c => grid.TryGetValue(c, out List<(PropPlacement Prop, OrientedBox Box)>? list) ? list : [])
                .Where(p => OrientedBox.Distance(b, p.Box) <= 0)
                .Select(p => p.Prop.Name)
                .Order(StringComparer.Ordinal)
                .FirstOrDefault();
            if (hit is not null)
            {
                reader.Error(section[actor.Name]!, $"{actor.Name} starts inside prop {hit}; move one of them");
            }
        }
    }

    private static OrientedBox BoxOf(Pose2 pose, ActorBody body) => new(pose.X, pose.Y, body.Length / 2, body.Width / 2, pose.Heading);

    private static IEnumerable<(long, long)> Cells(double x, double y, double radius)
    {
        for (long i = (long)Math.Floor((x - radius) / Cell); i <= (long)Math.Floor((x + radius) / Cell); i++)
        {
            for (long j = (long)Math.Floor((y - radius) / Cell); j <= (long)Math.Floor((y + radius) / Cell); j++)
            {
                yield return (i, j);
            }
        }
    }
}
