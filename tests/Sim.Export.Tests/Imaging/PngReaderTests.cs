using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using Sim.Export.Imaging;
using Sim.Sensors.Imaging;

namespace Sim.Export.Tests.Imaging;

public sealed class PngReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-png-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void An_RGB_PNG_from_the_writer_decodes_to_its_pixels()
    {
        const int W = 37, H = 11;
        byte[] rgb = [.. Enumerable.Range(0, W * H * 3).Select(i => (byte)((i * 7) ^ (i >> 3)))];
        string path = Path.Combine(_dir, "rgb.png");
        Png.WriteRgb(path, W, H, rgb);
        PngImage png = PngReader.Read(path);
        Assert.Equal((W, H, 3, 8), (png.Width, png.Height, png.Channels, png.BitDepth));
        Assert.Equal(rgb.Select(b => (ushort)b), png.Samples);
        Assert.Equal(rgb[((5 * W) + 3) * 3 + 2], png.Sample(3, 5, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => png.Sample(W, 0));
    }

    [Fact]
    public void A_16_bit_grey_PNG_from_the_writer_stores_big_endian_samples_and_decodes_to_them()
    {
        const int W = 5, H = 3;
        ushort[] samples = [0, 1, 255, 256, 0x1234, 0xFF00, 65535, 42, 3160, 9, 8, 7, 6, 5, 4];
        string path = Path.Combine(_dir, "grey16.png");
        Png.WriteGray16(path, W, H, samples);
        PngImage png = PngReader.Read(path);
        Assert.Equal((W, H, 1, 16), (png.Width, png.Height, png.Channels, png.BitDepth));
        Assert.Equal(samples, png.Samples);

        // The raw IDAT data: per row a filter byte 0, then each sample's high byte first.
        byte[] file = File.ReadAllBytes(path);
        Assert.Equal(16, file[24]); // IHDR bit depth
        Assert.Equal(0, file[25]); // colour type grey
        int idat = IndexOf(file, "IDAT");
        int length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(idat - 4));
        using var z = new ZLibStream(new MemoryStream(file, idat + 4, length), CompressionMode.Decompress);
        var raw = new byte[H * (1 + (2 * W))];
        z.ReadExactly(raw);
        Assert.Equal([0, 0x00, 0x00, 0x00, 0x01, 0x00, 0xFF, 0x01, 0x00, 0x12, 0x34], raw[..11]);
        Assert.Throws<ArgumentException>(() => Png.WriteGray16(path, W, H, samples[1..]));
        Assert.False(Directory.EnumerateFiles(_dir, "*.tmp").Any());
    }

    [Theory]
    [InlineData(2, 8)]
    [InlineData(6, 8)]
    [InlineData(0, 16)]
    [InlineData(0, 8)]
    [InlineData(4, 8)]
    [InlineData(2, 16)]
    public void Hand_built_PNGs_with_every_filter_split_IDATs_and_an_ancillary_chunk_decode(int colourType, int bitDepth)
    {
        const int W = 9, H = 10;
        int channels = colourType switch { 0 => 1, 2 => 3, 4 => 2, _ => 4 };
        int bpp = channels * bitDepth / 8, rowBytes = W * bpp;
        var pixels = new byte[H * rowBytes];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)((i * 37) + (i / rowBytes * 11) + ((i % 5) * 70));
        }

        // Each row filtered with filter (row mod 5): None, Sub, Up, Average, Paeth, then again.
        var filtered = new List<byte>();
        for (int y = 0; y < H; y++)
        {
            int filter = y % 5;
            filtered.Add((byte)filter);
            for (int i = 0; i < rowBytes; i++)
            {
                int x = pixels[(y * rowBytes) + i];
                int a = i >= bpp ? pixels[(y * rowBytes) + i - bpp] : 0;
                int b = y > 0 ? pixels[((y - 1) * rowBytes) + i] : 0;
                int c = i >= bpp && y > 0 ? pixels[((y - 1) * rowBytes) + i - bpp] : 0;
                filtered.Add((byte)(x - filter switch { 0 => 0, 1 => a, 2 => b, 3 => (a + b) / 2, _ => PaethPredictor(a, b, c) }));
            }
        }

        byte[] data = Compress([.. filtered]);
        int cut = data.Length / 3;
        string path = Path.Combine(_dir, "hand.png");
        File.WriteAllBytes(path, Build(Header(W, H, bitDepth, colourType), ("tEXt", Encoding.ASCII.GetBytes("Comment\0hand-built")), ("IDAT", data[..cut]), ("IDAT", []), ("IDAT", data[cut..]), ("IEND", [])));
        PngImage png = PngReader.Read(path);
        Assert.Equal((W, H, channels, bitDepth), (png.Width, png.Height, png.Channels, png.BitDepth));
        ushort[] expected = bitDepth == 8
            ? [.. pixels.Select(p => (ushort)p)]
            : [.. Enumerable.Range(0, pixels.Length / 2).Select(i => (ushort)((pixels[2 * i] << 8) | pixels[(2 * i) + 1]))];
        Assert.Equal(expected, png.Samples);
    }

    public static TheoryData<string, string> BrokenFiles => new()
    {
        { "signature", "not a PNG file" },
        { "crc", "chunk IDAT at byte 33 has CRC" },
        { "cut", "chunk IDAT at byte 33 claims 15 bytes but the file has 7 left" },
        { "cut-header", "the file ends at byte 40 inside a chunk header, before IEND" },
        { "no-iend", "before IEND" },
        { "filter", "row 1 has filter type 7; PNG defines 0–4" },
        { "short", "inflates to 15 bytes; 4 × 4 px need 20" },
        { "long", "inflates to more than the 20 bytes" },
        { "interlaced", "Adam7-interlaced PNGs are not supported" },
        { "palette", "palette images (colour type 3) are not supported" },
        { "depth", "bit depth 4" },
        { "first", "the first chunk is IDAT; a PNG starts with IHDR" },
        { "split", "IDAT at byte" },
        { "critical", "unknown critical chunk ABCD" },
        { "trailing", "3 bytes follow IEND" },
        { "zlib", "the zlib stream in IDAT is corrupt" },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void Broken_files_are_refused_naming_the_file_and_the_fault(string kind, string expected)
    {
        byte[] header = Header(4, 4, 8, 0);
        byte[] Rows(int rows, byte filter = 0) => Compress([.. Enumerable.Range(0, rows).SelectMany(r => new byte[] { r == 1 ? filter : (byte)0, 1, 2, 3, 4 })]);
        byte[] good = Rows(4);
        byte[] file = kind switch
        {
            "signature" => [.. Encoding.ASCII.GetBytes("GIF89a"), .. Build(header, ("IEND", []))],
            "crc" => Corrupt(Build(header, ("IDAT", good), ("IEND", [])), 33 + 9),
            "cut" => Build(header, ("IDAT", good), ("IEND", []))[..52],
            "cut-header" => Build(header, ("IDAT", good), ("IEND", []))[..40],
            "no-iend" => Build(header, ("IDAT", good)),
            "filter" => Build(header, ("IDAT", Rows(4, 7)), ("IEND", [])),
            "short" => Build(header, ("IDAT", Rows(3)), ("IEND", [])),
            "long" => Build(header, ("IDAT", Rows(5)), ("IEND", [])),
            "interlaced" => Build([.. header[..12], 1], ("IDAT", good), ("IEND", [])),
            "palette" => Build(Header(4, 4, 8, 3), ("IDAT", good), ("IEND", [])),
            "depth" => Build(Header(4, 4, 4, 0), ("IDAT", good), ("IEND", [])),
            "first" => Build(null, ("IDAT", good), ("IEND", [])),
            "split" => Build(header, ("IDAT", good[..5]), ("tEXt", Encoding.ASCII.GetBytes("a\0b")), ("IDAT", good[5..]), ("IEND", [])),
            "critical" => Build(header, ("ABCD", [1]), ("IDAT", good), ("IEND", [])),
            "trailing" => [.. Build(header, ("IDAT", good), ("IEND", [])), 1, 2, 3],
            _ => Build(header, ("IDAT", [0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]), ("IEND", [])),
        };
        string path = Path.Combine(_dir, kind + ".png");
        File.WriteAllBytes(path, file);
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => PngReader.Read(path));
        Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    private static byte[] Header(int width, int height, int bitDepth, int colourType)
    {
        var h = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(h, width);
        BinaryPrimitives.WriteInt32BigEndian(h.AsSpan(4), height);
        h[8] = (byte)bitDepth;
        h[9] = (byte)colourType;
        return h;
    }

    // A PNG from chunks, CRCs by System.IO.Hashing (not the reader's own table); a null header leaves IHDR out.
    private static byte[] Build(byte[]? header, params (string Type, byte[] Data)[] chunks)
    {
        var file = new MemoryStream();
        file.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        foreach ((string type, byte[] data) in header is null ? chunks : [("IHDR", header), .. chunks])
        {
            var word = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
            file.Write(word);
            byte[] typeBytes = Encoding.ASCII.GetBytes(type);
            file.Write(typeBytes);
            file.Write(data);
            BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.HashToUInt32([.. typeBytes, .. data]));
            file.Write(word);
        }

        return file.ToArray();
    }

    private static byte[] Compress(byte[] data)
    {
        var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(data);
        }

        return raw.ToArray();
    }

    private static byte[] Corrupt(byte[] file, int at)
    {
        file[at] ^= 0x40;
        return file;
    }

    private static int PaethPredictor(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static int IndexOf(byte[] file, string type)
    {
        byte[] t = Encoding.ASCII.GetBytes(type);
        return file.AsSpan().IndexOf(t);
    }
}
