using CsCheck;
using Sim.Sensors;
using Sim.Sensors.Lidar;

namespace Sim.Export.Tests.PointClouds;

/// <summary>A fresh folder under the system's temporary folder, deleted with everything in it on dispose.</summary>
internal sealed class ScratchFolder : IDisposable
{
    public ScratchFolder() => Path = Directory.CreateTempSubdirectory("sim-pointclouds-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>Points for the round-trip tests.</summary>
internal static class PointCloudTestData
{
    private static readonly SemanticClass[] Classes = Enum.GetValues<SemanticClass>();

    /// <summary>Any float bit pattern (NaN payloads and infinities too): a round trip must keep every bit.</summary>
    private static readonly Gen<float> AnyFloat = Gen.UInt.Select(BitConverter.UInt32BitsToSingle);

    public static readonly Gen<LidarPoint> Point = Gen.Select(
        Gen.Select(AnyFloat, AnyFloat, AnyFloat, AnyFloat),
        Gen.UShort,
        Gen.Int[0, Classes.Length - 1],
        AnyFloat,
        Gen.ULong,
        (xyzi, ring, c, t, id) => new LidarPoint(xyzi.Item1, xyzi.Item2, xyzi.Item3, xyzi.Item4, ring, Classes[c], 0, t, id));

    /// <summary>A few ordinary points with one 64-bit hash id, one 32-bit id and stuff (0).</summary>
    public static LidarPoint[] Sample() =>
    [
        new(12.5f, -3.25f, 0.75f, 0.5f, 7, SemanticClass.Car, 0, 0.0125f, 0xFEDCBA9876543210),
        new(-4f, 8.125f, -1.5f, 0.0625f, 31, SemanticClass.Road, 0, 0.05f, 0),
        new(30.5f, 0.5f, 1.25f, 1f, 0, SemanticClass.Pedestrian, 0, 0.099f, 4_000_000_000),
    ];

    /// <summary>Asserts that two clouds agree bit for bit (floats compared by their bits, so NaN payloads count).</summary>
    public static void AssertBitExact(ReadOnlySpan<LidarPoint> expected, ReadOnlySpan<LidarPoint> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(Bits(expected[i]), Bits(actual[i]));
        }
    }

    private static (int, int, int, int, ushort, SemanticClass, byte, int, ulong) Bits(LidarPoint p) =>
        (Bits(p.X), Bits(p.Y), Bits(p.Z), Bits(p.Intensity), p.Ring, p.Class, p.Reserved, Bits(p.Time), p.Instance);

    private static int Bits(float f) => BitConverter.SingleToInt32Bits(f);
}
