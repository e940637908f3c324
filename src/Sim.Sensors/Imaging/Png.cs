using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace Sim.Sensors.Imaging;

/// <summary>Writes 8-bit RGB and 16-bit grey PNG files (ISO/IEC 15948): signature, IHDR, one zlib-compressed IDAT with filter 0 per
/// row, IEND, each chunk with its CRC-32. Written to a temporary name and renamed, so a reader never sees half a file.</summary>
public static class Png
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>Writes <paramref name="rgb"/> (3 bytes a pixel, rows top to bottom) as a PNG at <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">The buffer does not hold width × height pixels.</exception>
    public static void WriteRgb(string path, int width, int height, ReadOnlySpan<byte> rgb)
    {
        if (width < 1 || height < 1 || rgb.Length != width * height * 3)
        {
            throw new ArgumentException($"{rgb.Length} bytes for a {width} × {height} RGB image; expected {width * height * 3}.", nameof(rgb));
        }

        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int y = 0; y < height; y++)
            {
                z.WriteByte(0);
                z.Write(rgb.Slice(y * width * 3, width * 3));
            }
        }

        WriteFile(path, width, height, bitDepth: 8, colourType: 2, raw); // truecolour
    }

    /// <summary>Writes <paramref name="samples"/> (one 16-bit sample a pixel, rows top to bottom) as a 16-bit greyscale
    /// PNG (colour type 0, bit depth 16) at <paramref name="path"/>: samples are stored big-endian as the PNG
    /// specification requires, one filter-0 byte before each row; written to a temporary name and renamed like
    /// <see cref="WriteRgb"/>. KITTI's depth maps are such files.</summary>
    /// <exception cref="ArgumentException">The buffer does not hold width × height samples.</exception>
    public static void WriteGray16(string path, int width, int height, ReadOnlySpan<ushort> samples)
    {
        if (width < 1 || height < 1 || samples.Length != width * height)
        {
            throw new ArgumentException($"{samples.Length} samples for a {width} × {height} 16-bit grey image; expected {width * height}.", nameof(samples));
        }

        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            var row = new byte[1 + (width * 2)]; // row[0] = 0: filter type None
            for (int y = 0; y < height; y++)
            {
                ReadOnlySpan<ushort> line = samples.Slice(y * width, width);
                for (int x = 0; x < width; x++)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(row.AsSpan(1 + (2 * x)), line[x]);
                }

                z.Write(row);
            }
        }

        WriteFile(path, width, height, bitDepth: 16, colourType: 0, raw); // greyscale
    }

    /// <summary>Signature, IHDR, the compressed rows as one IDAT, IEND: to a temporary name, then renamed.</summary>
    private static void WriteFile(string path, int width, int height, byte bitDepth, byte colourType, MemoryStream compressed)
    {
        string temp = TempName(path);
        using (FileStream file = File.Create(temp))
        {
            file.Write(Signature);
            Span<byte> header = stackalloc byte[13];
            BinaryPrimitives.WriteInt32BigEndian(header, width);
            BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
            header[8] = bitDepth;
            header[9] = colourType;
            Chunk(file, "IHDR", header);
            Chunk(file, "IDAT", compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
            Chunk(file, "IEND", []);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The hidden temporary name a file is written under before the rename (<c>.NAME.PID.tmp</c> beside it),
    /// the convention dataset writers use to find and remove what a killed run left.</summary>
    private static string TempName(string path)
    {
        string full = Path.GetFullPath(path);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
    }

    private static void Chunk(Stream file, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        file.Write(word);
        byte[] typeBytes = Encoding.ASCII.GetBytes(type);
        file.Write(typeBytes);
        file.Write(data);
        var crc = new Crc32();
        crc.Append(typeBytes);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc.GetCurrentHashAsUInt32());
        file.Write(word);
    }
}
