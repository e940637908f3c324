using Sim.Core.Traffic;
using Sim.Export.Kitti;
using Sim.Sensors;

namespace Sim.Export.Tests.Kitti;

public class KittiClassTests
{
    [Theory]
    [InlineData(ActorClass.Car, "Car")]
    [InlineData(ActorClass.Van, "Van")]
    [InlineData(ActorClass.Truck, "Truck")]
    [InlineData(ActorClass.Bus, "Truck")]
    [InlineData(ActorClass.Motorcycle, "Cyclist")]
    [InlineData(ActorClass.Bicycle, "Cyclist")]
    [InlineData(ActorClass.Pedestrian, "Pedestrian")]
    [InlineData(ActorClass.Deer, "Misc")]
    [InlineData(ActorClass.Tree, null)]
    [InlineData(ActorClass.Building, null)]
    [InlineData(ActorClass.Barrier, null)]
    public void Every_actor_class_maps_as_the_table_says(ActorClass actor, string? type) => Assert.Equal(type, KittiClasses.TypeOf(actor));

    [Fact]
    public void Stuff_and_weather_have_no_KITTI_type_and_every_type_given_is_one_of_KITTIs()
    {
        foreach (SemanticClass c in Enum.GetValues<SemanticClass>())
        {
            string? type = KittiClasses.TypeOf(c);
            Assert.True(type is null || (KittiClasses.IsKnown(type) && type != KittiClasses.DontCare), $"{c} → {type}");
        }

        foreach (SemanticClass c in new[] { SemanticClass.Unlabelled, SemanticClass.Road, SemanticClass.Sidewalk, SemanticClass.LaneMarking, SemanticClass.Terrain, SemanticClass.Weather })
        {
            Assert.Null(KittiClasses.TypeOf(c));
        }

        Assert.Equal(["Car", "Van", "Truck", "Pedestrian", "Person_sitting", "Cyclist", "Tram", "Misc", "DontCare"], KittiClasses.All);
        Assert.False(KittiClasses.IsKnown("car")); // the files spell types with capitals
    }
}
