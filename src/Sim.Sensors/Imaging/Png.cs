using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace Sim.Sensors.Imaging;

/// <summary>Writes 8-bit RGB and 16-bit grey PNG files (ISO/IEC 15948): signature, IHDR, one zlib stream cut into IDAT chunks,
/// IEND, each chunk with its CRC-32. Files are written to a temporary name and renamed, so a reader never sees half a
/// file; the encoders also write to any stream.</summary>
public static class Png
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>Writes <paramref name="rgb"/> (3 bytes a pixel, rows top to bottom) as a PNG at <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">The buffer does not hold width × height pixels.</exception>
    public static void WriteRgb(string path, int width, int height, ReadOnlySpan<byte> rgb)
    {
        CheckRgb(width, height, rgb);
        WriteFile(path, width, height, bitDepth: 8, colourType: 2, rgb); // truecolour
    }

    /// <summary>Encodes <paramref name="rgb"/> (3 bytes a pixel, rows top to bottom) as a PNG file's bytes, appended to
    /// <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The buffer does not hold width × height pixels.</exception>
    public static void EncodeRgb(Stream destination, int width, int height, ReadOnlySpan<byte> rgb)
    {
        ArgumentNullException.ThrowIfNull(destination);
        CheckRgb(width, height, rgb);
        Encode(destination, width, height, bitDepth: 8, colourType: 2, rgb);
    }

    /// <summary>Writes <paramref name="samples"/> (one 16-bit sample a pixel, rows top to bottom) as a 16-bit greyscale
    /// PNG (colour type 0, bit depth 16) at <paramref name="path"/>: samples are stored big-endian as the PNG
    /// specification requires; written to a temporary name and renamed like <see cref="WriteRgb"/>. KITTI's depth maps
    /// are such files.</summary>
    /// <exception cref="ArgumentException">The buffer does not hold width × height samples.</exception>
    public static void WriteGray16(string path, int width, int height, ReadOnlySpan<ushort> samples)
    {
        CheckGray16(width, height, samples);
        WriteFile(path, width, height, bitDepth: 16, colourType: 0, MemoryMarshal.AsBytes(samples)); // greyscale
    }

    /// <summary>Encodes <paramref name="samples"/> as a 16-bit greyscale PNG file's bytes (see <see cref="WriteGray16"/>),
    /// appended to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The buffer does not hold width × height samples.</exception>
    public static void EncodeGray16(Stream destination, int width, int height, ReadOnlySpan<ushort> samples)
    {
        ArgumentNullException.ThrowIfNull(destination);
        CheckGray16(width, height, samples);
        Encode(destination, width, height, bitDepth: 16, colourType: 0, MemoryMarshal.AsBytes(samples));
    }

    private static void CheckRgb(int width, int height, ReadOnlySpan<byte> rgb)
    {
        if (width < 1 || height < 1 || rgb.Length != (long)width * height * 3)
        {
            throw new ArgumentException($"{rgb.Length} bytes for a {width} × {height} RGB image; expected {(long)width * height * 3}.", nameof(rgb));
        }
    }

    private static void CheckGray16(int width, int height, ReadOnlySpan<ushort> samples)
    {
        if (width < 1 || height < 1 || samples.Length != (long)width * height)
        {
            throw new ArgumentException($"{samples.Length} samples for a {width} × {height} 16-bit grey image; expected {(long)width * height}.", nameof(samples));
        }
    }

    /// <summary>To a temporary name, then renamed.</summary>
    private static void WriteFile(string path, int width, int height, byte bitDepth, byte colourType, ReadOnlySpan<byte> pixels)
    {
        string temp = TempName(path);
        using (FileStream file = File.Create(temp))
        {
            Encode(file, width, height, bitDepth, colourType, pixels);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// Signature, IHDR, the compressed rows as IDAT chunks of up to 64 KiB, IEND. Pixels are native-order samples (16-bit
    /// ones are swapped to big-endian here). Rows are not filtered (type 0) and deflate runs at zlib's default level:
    /// measured on Sim's rendered frames (1242 × 375), filtering by Sub or Up made both RGB and 16-bit depth files larger
    /// (their sensor noise defeats prediction), and the fastest level made RGB files 1.8 times as large for a quarter of
    /// the time — datasets are kept far longer than they take to write.
    /// </summary>
    private static void Encode(Stream file, int width, int height, byte bitDepth, byte colourType, ReadOnlySpan<byte> pixels)
    {
        int rowBytes = pixels.Length / height;
        byte[] line = ArrayPool<byte>.Shared.Rent(rowBytes + 1);
        file.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = bitDepth;
        header[9] = colourType;
        Chunk(file, "IHDR", header);
        try
        {
            using (var idat = new IdatChunks(file))
            using (var z = new ZLibStream(idat, CompressionLevel.Optimal, leaveOpen: true))
            {
                line[0] = 0; // filter type None
                for (int y = 0; y < height; y++)
                {
                    ReadOnlySpan<byte> row = pixels.Slice(y * rowBytes, rowBytes);
                    if (bitDepth == 16 && BitConverter.IsLittleEndian)
                    {
                        BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ushort>(row), MemoryMarshal.Cast<byte, ushort>(line.AsSpan(1, rowBytes)));
                    }
                    else
                    {
                        row.CopyTo(line.AsSpan(1));
                    }

                    z.Write(line, 0, rowBytes + 1);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(line);
        }

        Chunk(file, "IEND", []);
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

    /// <summary>The zlib stream cut into IDAT chunks of up to 64 KiB as it is written (a decoder joins them), so an image
    /// of any size is encoded through one small pooled buffer.</summary>
    private sealed class IdatChunks(Stream file) : Stream
    {
        private const int ChunkBytes = 1 << 16;
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        private int _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            while (buffer.Length > 0)
            {
                int n = Math.Min(buffer.Length, ChunkBytes - _length);
                buffer[..n].CopyTo(_buffer.AsSpan(_length));
                _length += n;
                buffer = buffer[n..];
                if (_length == ChunkBytes)
                {
                    Flush();
                }
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
            if (_length > 0)
            {
                Chunk(file, "IDAT", _buffer.AsSpan(0, _length));
                _length = 0;
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && _buffer.Length > 0)
            {
                Flush();
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = [];
            }

            base.Dispose(disposing);
        }
    }
}
