using Sim.Core.Traffic.Roads.Generators;

namespace Sim.Core.Tests.Traffic.Generators;

/// <summary>A scenario with an impossible road must fail when it is built, naming the parameter and its range,
/// rather than produce a broken network.</summary>
public class GeneratorValidationTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "highway lanes 0", "Lanes" },
        { "highway lanes 7", "Lanes" },
        { "highway lane width NaN", "LaneWidth" },
        { "highway length 50", "Length" },
        { "ramp past the end", "MergeStart" },
        { "ramp entry 20 m", "EntryLength" },
        { "ramp shorter than its arc", "RampLength" },
        { "ramp angle 0", "RampAngle" },
        { "ring straights too long", "StraightLength" },
        { "ring circumference 10", "Circumference" },
        { "curve radius inside the lanes", "Radius" },
        { "curve angle 4", "Angle" },
        { "curve direction 7", "Direction" },
        { "curve lanes 5", "Lanes" },
        { "intersection lanes 4", "LanesPerDirection" },
        { "intersection yellow 1 s", "Yellow" },
        { "intersection negative approach", "ApproachLength" },
        { "block corner tighter than the street", "CornerRadius" },
        { "block too short for its corners", "Length" },
        { "block crosswalks 4", "CrosswalksPerSide" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_parameters_throw_naming_the_parameter_and_its_range(string name, string parameter)
    {
        Action build = name switch
        {
            "highway lanes 0" => () => new Highway(Lanes: 0).Build(),
            "highway lanes 7" => () => new Highway(Lanes: 7).Build(),
            "highway lane width NaN" => () => new Highway(LaneWidth: double.NaN).Build(),
            "highway length 50" => () => new Highway(Length: 50).Build(),
            "ramp past the end" => () => new Highway(Length: 1000, Ramp: new OnRamp(MergeStart: 900, EntryLength: 250)).Build(),
            "ramp entry 20 m" => () => new Highway(Ramp: new OnRamp(EntryLength: 20)).Build(),
            "ramp shorter than its arc" => () => new Highway(Ramp: new OnRamp(RampLength: 50, RampRadius: 300, RampAngle: 0.2)).Build(),
            "ramp angle 0" => () => new Highway(Ramp: new OnRamp(RampAngle: 0)).Build(),
            "ring straights too long" => () => new RingRoad(Circumference: 230, StraightLength: 100).Build(),
            "ring circumference 10" => () => new RingRoad(Circumference: 10).Build(),
            "curve radius inside the lanes" => () => new Curve(Lanes: 4, LaneWidth: 3.5, Radius: 16).Build(),
            "curve angle 4" => () => new Curve(Angle: 4).Build(),
            "curve direction 7" => () => new Curve(Direction: (TurnDirection)7).Build(),
            "curve lanes 5" => () => new Curve(Lanes: 5).Build(),
            "intersection lanes 4" => () => new SignalisedIntersection(LanesPerDirection: 4).Build(),
            "intersection yellow 1 s" => () => new SignalisedIntersection(Yellow: 1).Build(),
            "intersection negative approach" => () => new SignalisedIntersection(ApproachLength: -5).Build(),
            "block corner tighter than the street" => () => new UrbanBlock(CornerRadius: 8).Build(),
            "block too short for its corners" => () => new UrbanBlock(Length: 40).Build(),
            "block crosswalks 4" => () => new UrbanBlock(CrosswalksPerSide: 4).Build(),
            _ => throw new ArgumentException($"Unknown case '{name}'.", nameof(name)),
        };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(build);
        Assert.Equal(parameter, ex.ParamName);
        Assert.StartsWith($"{parameter} must be ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_valid()
    {
        new Highway().Validate();
        new Highway(Ramp: new OnRamp()).Validate();
        new RingRoad().Validate();
        new Curve().Validate();
        new SignalisedIntersection().Validate();
        new UrbanBlock().Validate();
    }
}
