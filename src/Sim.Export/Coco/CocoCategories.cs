using System.Diagnostics.CodeAnalysis;
using Sim.Sensors;

namespace Sim.Export.Coco;

/// <summary>One COCO category: its id (stable forever), name and supercategory.</summary>
/// <param name="Id">Category id, ≥ 1.</param>
/// <param name="Name">Name, lower case.</param>
/// <param name="Supercategory">The group it belongs to.</param>
public sealed record CocoCategory(int Id, string Name, string Supercategory);

/// <summary>
/// Sim's COCO category table: one category per semantic class that has object instances (the "thing" classes). Ids
/// are fixed forever — a dataset written today and one written next year mean the same by category 3 — and new classes
/// only ever get new ids at the end. Stuff classes (road, sidewalk, lane marking, terrain, weather, unlabelled) have no
/// instances and no category.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>id</term><description>name (supercategory) ← semantic class</description></listheader>
/// <item><term>1</term><description>car (vehicle) ← <see cref="SemanticClass.Car"/></description></item>
/// <item><term>2</term><description>van (vehicle) ← <see cref="SemanticClass.Van"/></description></item>
/// <item><term>3</term><description>truck (vehicle) ← <see cref="SemanticClass.Truck"/></description></item>
/// <item><term>4</term><description>bus (vehicle) ← <see cref="SemanticClass.Bus"/></description></item>
/// <item><term>5</term><description>motorcycle (vehicle) ← <see cref="SemanticClass.Motorcycle"/></description></item>
/// <item><term>6</term><description>bicycle (vehicle) ← <see cref="SemanticClass.Bicycle"/></description></item>
/// <item><term>7</term><description>pedestrian (person) ← <see cref="SemanticClass.Pedestrian"/></description></item>
/// <item><term>8</term><description>deer (animal) ← <see cref="SemanticClass.Deer"/>, deer and other large animals</description></item>
/// <item><term>9</term><description>tree (vegetation) ← <see cref="SemanticClass.Tree"/></description></item>
/// <item><term>10</term><description>building (structure) ← <see cref="SemanticClass.Building"/></description></item>
/// <item><term>11</term><description>barrier (structure) ← <see cref="SemanticClass.Barrier"/></description></item>
/// </list>
/// </remarks>
public static class CocoCategories
{
    private static readonly (SemanticClass Class, CocoCategory Category)[] Table =
    [
        (SemanticClass.Car, new CocoCategory(1, "car", "vehicle")),
        (SemanticClass.Van, new CocoCategory(2, "van", "vehicle")),
        (SemanticClass.Truck, new CocoCategory(3, "truck", "vehicle")),
        (SemanticClass.Bus, new CocoCategory(4, "bus", "vehicle")),
        (SemanticClass.Motorcycle, new CocoCategory(5, "motorcycle", "vehicle")),
        (SemanticClass.Bicycle, new CocoCategory(6, "bicycle", "vehicle")),
        (SemanticClass.Pedestrian, new CocoCategory(7, "pedestrian", "person")),
        (SemanticClass.Deer, new CocoCategory(8, "deer", "animal")),
        (SemanticClass.Tree, new CocoCategory(9, "tree", "vegetation")),
        (SemanticClass.Building, new CocoCategory(10, "building", "structure")),
        (SemanticClass.Barrier, new CocoCategory(11, "barrier", "structure")),
    ];

    /// <summary>Every category, in id order (the <c>categories</c> array of an instances file).</summary>
    public static IReadOnlyList<CocoCategory> All { get; } = [.. Table.Select(t => t.Category)];

    /// <summary>The category of objects of class <paramref name="semantic"/>, if it has one.</summary>
    public static bool TryGet(SemanticClass semantic, [NotNullWhen(true)] out CocoCategory? category)
    {
        foreach ((SemanticClass c, CocoCategory cat) in Table)
        {
            if (c == semantic)
            {
                category = cat;
                return true;
            }
        }

        category = null;
        return false;
    }

    /// <summary>The semantic class of category <paramref name="id"/>, if there is one.</summary>
    public static bool TryGetClass(int id, out SemanticClass semantic)
    {
        foreach ((SemanticClass c, CocoCategory cat) in Table)
        {
            if (cat.Id == id)
            {
                semantic = c;
                return true;
            }
        }

        semantic = default;
        return false;
    }
}
