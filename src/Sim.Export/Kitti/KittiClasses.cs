using Sim.Core.Traffic;
using Sim.Sensors;

namespace Sim.Export.Kitti;

/// <summary>
/// KITTI's object types and the mapping from Sim's classes to them. KITTI labels eight types (plus DontCare regions);
/// Sim's classes map as follows, each choice for what a KITTI-trained tool expects to find under the name:
/// <list type="table">
/// <listheader><term>Sim class</term><description>KITTI type, and why</description></listheader>
/// <item><term>Car</term><description><c>Car</c>.</description></item>
/// <item><term>Van</term><description><c>Van</c> (KITTI's evaluation does not count a Car detector's hits on vans
/// as false positives, so the two stay apart as KITTI keeps them).</description></item>
/// <item><term>Truck</term><description><c>Truck</c>.</description></item>
/// <item><term>Bus</term><description><c>Truck</c>: KITTI has no bus type; a bus is a large road vehicle of a heavy
/// goods vehicle's size and box shape (12 × 2.55 × 3.2 m against 12 × 2.55 × 3.6 m), and <c>Tram</c> is for rail
/// vehicles. Neither Truck nor Misc is a benchmark class, so the choice changes no KITTI score.</description></item>
/// <item><term>Bicycle</term><description><c>Cyclist</c>: Sim's bicycle always carries its rider, and KITTI's Cyclist
/// box is the rider with the bicycle.</description></item>
/// <item><term>Motorcycle</term><description><c>Cyclist</c>: KITTI has no motorcycle type; its Cyclist type is a
/// rider on a two-wheeler, boxed with it, which is what a Sim motorcycle with its rider looks like to a detector.
/// Filtering them out again needs the tracking ids or Sim's own labels.</description></item>
/// <item><term>Pedestrian</term><description><c>Pedestrian</c> (Sim has no seated people, so <c>Person_sitting</c> is
/// never written).</description></item>
/// <item><term>Deer</term><description><c>Misc</c>: KITTI has no animal type; Misc is its type for objects on the road
/// that fit no other (trailers, Segways), and keeps the deer's 3D box in the labels.</description></item>
/// <item><term>Tree, Building, Barrier</term><description>none: KITTI labels no static scenery, so they are left out
/// of label files (they stay in the LiDAR and depth data).</description></item>
/// <item><term>Road, Sidewalk, LaneMarking, Terrain, Weather, Unlabelled</term><description>none: surfaces and
/// weather, not objects.</description></item>
/// </list>
/// <c>Tram</c> and <c>Person_sitting</c> are never produced; the reader accepts them, as it accepts every KITTI type.
/// </summary>
public static class KittiClasses
{
    /// <summary>A passenger car.</summary>
    public const string Car = "Car";

    /// <summary>A van.</summary>
    public const string Van = "Van";

    /// <summary>A truck.</summary>
    public const string Truck = "Truck";

    /// <summary>A pedestrian.</summary>
    public const string Pedestrian = "Pedestrian";

    /// <summary>A seated person.</summary>
    public const string PersonSitting = "Person_sitting";

    /// <summary>A cyclist (rider and bicycle).</summary>
    public const string Cyclist = "Cyclist";

    /// <summary>A tram.</summary>
    public const string Tram = "Tram";

    /// <summary>Any other object on the road.</summary>
    public const string Misc = "Misc";

    /// <summary>A region whose objects are not labelled: detections there are neither right nor wrong.</summary>
    public const string DontCare = "DontCare";

    /// <summary>Every type a KITTI label file may hold, in the devkit's order.</summary>
    public static IReadOnlyList<string> All { get; } = [Car, Van, Truck, Pedestrian, PersonSitting, Cyclist, Tram, Misc, DontCare];

    /// <summary>The KITTI type of a semantic class, or null when KITTI labels no such thing (see the table).</summary>
    public static string? TypeOf(SemanticClass semantic) => semantic switch
    {
        SemanticClass.Car => Car,
        SemanticClass.Van => Van,
        SemanticClass.Truck or SemanticClass.Bus => Truck,
        SemanticClass.Bicycle or SemanticClass.Motorcycle => Cyclist,
        SemanticClass.Pedestrian => Pedestrian,
        SemanticClass.Deer => Misc,
        _ => null,
    };

    /// <summary>The KITTI type of an actor class, or null when KITTI labels no such thing (see the table).</summary>
    public static string? TypeOf(ActorClass actor) => TypeOf(SemanticClasses.Of(actor));

    /// <summary>Whether <paramref name="type"/> is one of KITTI's types (case-sensitive, as the files spell them).</summary>
    public static bool IsKnown(string type) => All.Contains(type, StringComparer.Ordinal);
}
