using Sim.Export.Imaging;
using Sim.Export.Kitti;

namespace Sim.Export.Tests.Kitti;

public sealed class KittiDepthTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-kitti-depth-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(1f, 256)]
    [InlineData(12.3456f, 3160)] // 3160.47 rounds down
    [InlineData(0.5f / 256, 1)] // a half rounds away from zero
    [InlineData(255.996f, 65535)]
    [InlineData(255.997f, 65535)] // 65535.2
    [InlineData(255.999f, 0)] // 65535.7 would round past 16 bits: no data
    [InlineData(1000f, 0)]
    [InlineData(float.PositiveInfinity, 0)] // no hit
    [InlineData(float.NaN, 0)]
    [InlineData(0f, 0)]
    [InlineData(-2f, 0)]
    [InlineData(1e-4f, 1)] // too near to round to a value, but not "no data"
    public void Depths_encode_as_value_over_256_metres_with_0_for_no_data(float depth, int value) => Assert.Equal(value, KittiDepth.Encode(depth));

    [Fact]
    public void Values_decode_to_metres_and_0_to_no_data()
    {
        Assert.Equal(1f, KittiDepth.Decode(256));
        Assert.Equal(65535 / 256f, KittiDepth.Decode(ushort.MaxValue));
        Assert.True(float.IsNaN(KittiDepth.Decode(0)));
        for (int v = 1; v <= ushort.MaxValue; v += 97)
        {
            Assert.Equal(v, KittiDepth.Encode(KittiDepth.Decode((ushort)v)));
        }
    }

    [Fact]
    public void A_rendered_depth_image_is_written_as_a_16_bit_grey_PNG_of_the_cameras_size()
    {
        KittiTestScene street = KittiTestScene.Shared.Value;
        float[] depth = street.Frame.Depth;
        string path = Path.Combine(_dir, KittiDepth.FileName(0));
        KittiDepth.Write(path, street.Frame.Width, street.Frame.Height, depth);
        PngImage png = PngReader.Read(path);
        Assert.Equal((street.Camera.Width, street.Camera.Height, 1, 16), (png.Width, png.Height, png.Channels, png.BitDepth));
        Assert.Equal(KittiDepth.Encode(depth), png.Samples);
        int sky = Array.FindIndex(depth, float.IsPositiveInfinity);
        Assert.True(sky >= 0);
        Assert.Equal(0, png.Samples[sky]);
        int hit = Array.FindIndex(depth, float.IsFinite);
        Assert.Equal(depth[hit], KittiDepth.Decode(png.Samples[hit]), 0.5 / 256);
        Assert.Throws<ArgumentException>(() => KittiDepth.Write(path, 3, 3, new float[8]));
    }
}
