using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Sim.Export.Imaging;

/// <summary>
/// A small PNG decoder (ISO/IEC 15948), independent of the writers it checks: the signature, IHDR first, every chunk's
/// CRC-32 (its own table, not the writers' hashing library), the IDAT chunks concatenated (they must be consecutive)
/// and inflated with <see cref="ZLibStream"/> to exactly the bytes the header promises, the five row filters (None,
/// Sub, Up, Average, Paeth) undone, and IEND last with nothing after it. Ancillary chunks are skipped after their CRC
/// is checked. Supported: non-interlaced greyscale, grey + alpha, RGB and RGBA at 8 or 16 bits a sample — what Sim
/// writes and what tests need; palette images, sub-byte depths and Adam7 interlacing are refused by name.
/// </summary>
public static class PngReader
{
    /// <summary>The most samples an image may decode to (2²⁸, 512 MiB of <see cref="ushort"/>s): a corrupt header
    /// cannot make the reader allocate more.</summary>
    public const long MaxSamples = 1L << 28;

    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Reads and decodes the PNG at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a PNG this reader decodes; the message names the file and
    /// what is wrong (the chunk and its byte offset where there is one).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static PngImage Read(string path) => Decode(File.ReadAllBytes(path), path);

    /// <summary>Decodes a PNG held in memory; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">Not a PNG this reader decodes; the message says what is wrong.</exception>
    public static PngImage Decode(ReadOnlySpan<byte> png, string source = "<memory>")
    {
        if (png.Length < Signature.Length || !png[..Signature.Length].SequenceEqual(Signature))
        {
            throw Fail(source, "not a PNG file: the 8-byte PNG signature is missing");
        }

        int offset = Signature.Length;
        Header? header = null;
        using var idat = new MemoryStream();
        bool inIdat = false, idatEnded = false, ended = false;
        while (!ended)
        {
            if (png.Length - offset < 12)
            {
                throw Fail(source, $"the file ends at byte {png.Length} inside a chunk header, before IEND");
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(png[offset..]);
            ReadOnlySpan<byte> typeBytes = png.Slice(offset + 4, 4);
            string type = ChunkType(typeBytes, source, offset);
            if (length > int.MaxValue || length > png.Length - offset - 12)
            {
                throw Fail(source, $"chunk {type} at byte {offset} claims {length} bytes but the file has {png.Length - offset - 12} left");
            }

            ReadOnlySpan<byte> data = png.Slice(offset + 8, (int)length);
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(png[(offset + 8 + (int)length)..]);
            uint actual = Crc(typeBytes, data);
            if (stored != actual)
            {
                throw Fail(source, $"chunk {type} at byte {offset} has CRC 0x{stored:x8}, but its bytes give 0x{actual:x8}");
            }

            if (header is null && type != "IHDR")
            {
                throw Fail(source, $"the first chunk is {type}; a PNG starts with IHDR");
            }

            switch (type)
            {
                case "IHDR":
                    if (header is not null)
                    {
                        throw Fail(source, $"a second IHDR at byte {offset}");
                    }

                    header = ParseHeader(data, source);
                    break;
                case "IDAT":
                    if (idatEnded)
                    {
                        throw Fail(source, $"IDAT at byte {offset} after another chunk ended the image data (IDAT chunks must be consecutive)");
                    }

                    idat.Write(data);
                    break;
                case "IEND":
                    if (length != 0)
                    {
                        throw Fail(source, $"IEND at byte {offset} carries {length} bytes; it must be empty");
                    }

                    ended = true;
                    break;
                case "PLTE":
                    break; // a suggested palette for truecolour; palette images are refused by the header
                default:
                    if (char.IsAsciiLetterUpper(type[0]))
                    {
                        throw Fail(source, $"unknown critical chunk {type} at byte {offset}");
                    }

                    break; // ancillary: safe to skip
            }

            idatEnded |= inIdat && type != "IDAT";
            inIdat = type == "IDAT";

            offset += 12 + (int)length;
        }

        if (offset != png.Length)
        {
            throw Fail(source, $"{png.Length - offset} bytes follow IEND");
        }

        if (!inIdat && !idatEnded)
        {
            throw Fail(source, "no IDAT chunk: the file holds no image data");
        }

        Header h = header!.Value;
        byte[] raw = Inflate(idat, h, source);
        return new PngImage(h.Width, h.Height, h.Channels, h.BitDepth, Unfilter(raw, h, source));
    }

    private readonly record struct Header(int Width, int Height, int BitDepth, int Channels)
    {
        public int BytesPerPixel => Channels * BitDepth / 8;

        public int RowBytes => Width * BytesPerPixel;
    }

    private static string ChunkType(ReadOnlySpan<byte> bytes, string source, int offset)
    {
        foreach (byte b in bytes)
        {
            if (!char.IsAsciiLetter((char)b))
            {
                throw Fail(source, $"the chunk at byte {offset} has a type that is not four ASCII letters ({Convert.ToHexString(bytes)})");
            }
        }

        return Encoding.ASCII.GetString(bytes);
    }

    private static Header ParseHeader(ReadOnlySpan<byte> data, string source)
    {
        if (data.Length != 13)
        {
            throw Fail(source, $"IHDR has {data.Length} bytes; it must have 13");
        }

        uint width = BinaryPrimitives.ReadUInt32BigEndian(data), height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        int bitDepth = data[8], colourType = data[9];
        if (width is 0 or > int.MaxValue || height is 0 or > int.MaxValue)
        {
            throw Fail(source, $"IHDR declares {width} × {height} px; each side must be 1–{int.MaxValue}");
        }

        int channels = colourType switch
        {
            0 => 1,
            2 => 3,
            4 => 2,
            6 => 4,
            3 => throw Fail(source, "palette images (colour type 3) are not supported"),
            _ => throw Fail(source, $"IHDR colour type {colourType} is not one of PNG's (0, 2, 3, 4, 6)"),
        };
        if (bitDepth is not (8 or 16))
        {
            throw Fail(source, $"IHDR bit depth {bitDepth} with colour type {colourType}: only 8 and 16 bits are supported");
        }

        if (data[10] != 0 || data[11] != 0)
        {
            throw Fail(source, $"IHDR compression method {data[10]} and filter method {data[11]}; PNG defines only 0 for each");
        }

        if (data[12] != 0)
        {
            throw Fail(source, data[12] == 1 ? "Adam7-interlaced PNGs are not supported" : $"IHDR interlace method {data[12]} is not 0 or 1");
        }

        if ((long)width * height * channels > MaxSamples)
        {
            throw Fail(source, $"{width} × {height} px × {channels} channels is more than the {MaxSamples} samples this reader decodes");
        }

        return new Header((int)width, (int)height, bitDepth, channels);
    }

    private static byte[] Inflate(MemoryStream idat, Header h, string source)
    {
        long expected = (long)h.Height * (1 + h.RowBytes);
        var raw = new byte[expected];
        idat.Position = 0;
        int read = 0;
        bool more;
        try
        {
            using var z = new ZLibStream(idat, CompressionMode.Decompress);
            for (int n = -1; read < raw.Length && n != 0; read += n)
            {
                n = z.Read(raw, read, raw.Length - read);
            }

            more = z.ReadByte() >= 0;
        }
        catch (InvalidDataException e)
        {
            throw Fail(source, $"the zlib stream in IDAT is corrupt ({e.Message.TrimEnd('.')})");
        }

        if (read < expected)
        {
            throw Fail(source, $"the image data inflates to {read} bytes; {h.Width} × {h.Height} px need {expected}");
        }

        return more ? throw Fail(source, $"the image data inflates to more than the {expected} bytes {h.Width} × {h.Height} px need") : raw;
    }

    // Undoes the per-row filters of ISO/IEC 15948 section 9.2 in place, then gathers the samples.
    private static ushort[] Unfilter(byte[] raw, Header h, string source)
    {
        int stride = 1 + h.RowBytes, bpp = h.BytesPerPixel;
        for (int y = 0; y < h.Height; y++)
        {
            int row = (y * stride) + 1, previous = row - stride; // previous < 0 on the first row: read as zeros
            byte filter = raw[row - 1];
            for (int i = 0; i < h.RowBytes; i++)
            {
                int a = i >= bpp ? raw[row + i - bpp] : 0;
                int b = y > 0 ? raw[previous + i] : 0;
                int c = i >= bpp && y > 0 ? raw[previous + i - bpp] : 0;
                int predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) >> 1,
                    4 => Paeth(a, b, c),
                    _ => throw Fail(source, $"row {y} has filter type {filter}; PNG defines 0–4"),
                };
                raw[row + i] = (byte)(raw[row + i] + predictor);
            }
        }

        var samples = new ushort[(long)h.Width * h.Height * h.Channels];
        int perRow = h.Width * h.Channels;
        for (int y = 0; y < h.Height; y++)
        {
            ReadOnlySpan<byte> line = raw.AsSpan((y * stride) + 1, h.RowBytes);
            Span<ushort> target = samples.AsSpan(y * perRow, perRow);
            for (int s = 0; s < perRow; s++)
            {
                target[s] = h.BitDepth == 16 ? BinaryPrimitives.ReadUInt16BigEndian(line[(2 * s)..]) : line[s];
            }
        }

        return samples;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    // CRC-32 of ISO 3309 / ITU-T V.42 over the chunk type and data, as PNG's Annex D computes it.
    private static uint Crc(ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in type)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        foreach (byte b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFF;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }

    private static InvalidDataException Fail(string source, string what) => new($"{source}: {what}.");
}
