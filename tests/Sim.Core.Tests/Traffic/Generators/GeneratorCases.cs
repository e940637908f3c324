using CsCheck;
using Sim.Core.Traffic.Roads.Generators;

namespace Sim.Core.Tests.Traffic.Generators;

/// <summary>CsCheck generators of valid parameter sets for every road generator.</summary>
internal static class GeneratorCases
{
    public static readonly Gen<OnRamp?> Ramp =
        Gen.Select(Gen.Double[50, 600], Gen.Double[0, 1], Gen.Double[50, 2000], Gen.Double[0.05, 0.8], Gen.Double[0, 300])
            .Select((entry, where, radius, angle, extra) => (OnRamp?)new OnRamp(
                MergeStart: 10 + (where * (1000 - entry - 20)),
                EntryLength: entry,
                RampLength: ((radius + 2.5) * angle) + extra,
                RampRadius: radius,
                RampAngle: angle));

    public static readonly Gen<Highway> Highway =
        Gen.Select(Gen.Int[1, 6], Gen.Double[2.5, 5], Gen.Bool, Ramp)
            .Select((lanes, width, withRamp, ramp) => new Highway(lanes, width, Length: 1000, Ramp: withRamp ? ramp : null));

    public static readonly Gen<RingRoad> Ring =
        Gen.Select(Gen.Int[1, 6], Gen.Double[2.5, 5], Gen.Double[80, 3000], Gen.Double[0, 1])
            .Select((lanes, width, circumference, straight) => new RingRoad(lanes, width, Circumference: circumference, StraightLength: straight * (circumference - (2 * Math.PI * 10)) / 2));

    public static readonly Gen<Curve> Curve =
        Gen.Select(Gen.Int[1, 4], Gen.Double[2.5, 5], Gen.Double[0, 1], Gen.Double[0.01, Math.PI], Gen.Bool, Gen.Bool)
            .Select((lanes, width, radius, angle, left, twoWay) => new Curve(
                lanes,
                width,
                Radius: (lanes * width) + 5 + (radius * radius * 2000),
                Angle: angle,
                Direction: left ? TurnDirection.Left : TurnDirection.Right,
                EntryLength: 50,
                ExitLength: 30,
                TwoWay: twoWay));

    private static readonly Gen<(double Green, double Yellow, double AllRed)> SignalTimes =
        Gen.Select(Gen.Double[5, 120], Gen.Double[2, 6], Gen.Double[0, 6]);

    public static readonly Gen<SignalisedIntersection> Intersection =
        Gen.Select(Gen.Int[1, 3], Gen.Double[2.5, 5], Gen.Double[1, 6], Gen.Double[2, 30], Gen.Double[2, 8], SignalTimes)
            .Select((lanes, width, sidewalk, kerb, crosswalk, times) => new SignalisedIntersection(
                lanes,
                width,
                ApproachLength: 40,
                SidewalkWidth: sidewalk,
                CurbRadius: kerb,
                CrosswalkWidth: crosswalk,
                Green: times.Green,
                Yellow: times.Yellow,
                AllRed: times.AllRed));

    public static readonly Gen<UrbanBlock> Block =
        Gen.Select(Gen.Int[1, 2], Gen.Double[2.5, 5], Gen.Double[1, 6], Gen.Double[0, 1], Gen.Int[0, 3])
            .Select((lanes, width, sidewalk, corner, crosswalks) =>
            {
                var block = new UrbanBlock(lanes, width, SidewalkWidth: sidewalk, CrosswalksPerSide: crosswalks);
                double radius = block.SideWidth + 1 + (corner * 30);
                return block with { CornerRadius = radius, Length = (2 * radius) + 60, Width = (2 * radius) + 25 };
            });
}
