using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using MessagePack;
using Sim.Sensors;
using Sim.Sensors.Lidar;

namespace Sim.Export.Frames;

/// <summary>An actor read back from a frame stream.</summary>
/// <param name="Id">Stable id.</param>
/// <param name="Class">Class name.</param>
/// <param name="Box">x, y, z, yaw, length, width, height (world).</param>
/// <param name="Velocity">vx, vy.</param>
public sealed record ActorRecord(ulong Id, string Class, double[] Box, double[] Velocity);

/// <summary>A camera label read back from a frame stream (see <see cref="FrameStream"/> for the fields).</summary>
/// <param name="Id">Stable id.</param>
/// <param name="Class">Class name.</param>
/// <param name="Bbox">Tight box [left, top, right, bottom] or null.</param>
/// <param name="Amodal">Amodal box or null.</param>
/// <param name="VisiblePixels">Visible pixels.</param>
/// <param name="Visibility">Visible over unoccluded pixels.</param>
/// <param name="Truncation">Fraction outside the image.</param>
/// <param name="Occlusion">KITTI occlusion level.</param>
/// <param name="CameraCentre">Box centre in the optical frame.</param>
/// <param name="RotationY">KITTI rotation_y.</param>
/// <param name="LidarPoints">LiDAR returns on it.</param>
public sealed record ObjectRecord(ulong Id, string Class, double[]? Bbox, double[]? Amodal, int VisiblePixels, double Visibility, double Truncation, int Occlusion, double[] CameraCentre, double RotationY, int LidarPoints);

/// <summary>A frame read back from a frame stream.</summary>
/// <param name="Frame">Frame index.</param>
/// <param name="Tick">Simulation tick.</param>
/// <param name="Time">Simulated time, s.</param>
/// <param name="Ego">The ego.</param>
/// <param name="Files">Kind → path relative to the dataset.</param>
/// <param name="Actors">Every actor.</param>
/// <param name="Objects">The camera's labels.</param>
/// <param name="Points">The LiDAR sweep (empty when read without points).</param>
/// <param name="PointCount">Points in the sweep, read or not.</param>
public sealed record FrameRecord(int Frame, long Tick, double Time, EgoState Ego, IReadOnlyDictionary<string, string> Files, IReadOnlyList<ActorRecord> Actors, IReadOnlyList<ObjectRecord> Objects, LidarPoint[] Points, int PointCount);

/// <summary>
/// Reads a <see cref="FrameStream"/> file object by object, holding one frame at a time. It decodes the plain msgpack
/// types generically (maps, arrays, strings, numbers, bin) and then checks the layout, so it reads what any other
/// language's msgpack library would see. Errors name the file, the object's index and the field.
/// </summary>
public sealed class FrameStreamReader : IDisposable
{
    private readonly Stream _file;
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private readonly string _path;
    private int _objects;
    private bool _skipBins; // summaries: bins (the point columns) are skipped, not copied

    /// <summary>Opens <paramref name="path"/> and reads its header.</summary>
    /// <exception cref="InvalidDataException">Not a frame stream, or a version this code does not read.</exception>
    public FrameStreamReader(string path)
    {
        _path = path;
        _file = File.OpenRead(path);
        Header = Next() as Dictionary<string, object?> ?? throw Error("the header is not a map");
        if (Get<string>(Header, "format") != FrameStream.Format)
        {
            throw Error($"format is '{Header.GetValueOrDefault("format")}', expected '{FrameStream.Format}'");
        }

        long version = Get<long>(Header, "version");
        if (version != FrameStream.Version)
        {
            throw Error($"version {version}; this reader reads version {FrameStream.Version}");
        }

        FrameCount = (int)Get<long>(Header, "frames");
    }

    private FrameStreamReader(Stream stream, string source)
    {
        _path = source;
        _file = stream;
        Header = new Dictionary<string, object?>();
    }

    /// <summary>The header, decoded generically.</summary>
    public IReadOnlyDictionary<string, object?> Header { get; }

    /// <summary>The frame count the header declares.</summary>
    public int FrameCount { get; }

    /// <summary>The frames, in file order.</summary>
    public IEnumerable<FrameRecord> Frames() => Frames(withPoints: true);

    /// <summary>The frames, in file order; without <paramref name="withPoints"/> the point columns are skipped, not
    /// copied (<see cref="FrameRecord.Points"/> is empty, <see cref="FrameRecord.PointCount"/> still read), so reading
    /// labels costs no memory per point.</summary>
    public IEnumerable<FrameRecord> Frames(bool withPoints)
    {
        _skipBins = !withPoints;
        while (Next() is object item)
        {
            yield return ReadFrame(item as Dictionary<string, object?> ?? throw Error("a frame is not a map"), withPoints);
        }
    }

    /// <summary>Decodes one frame object on its own (no header), e.g. a frame a dataset writer keeps while it runs;
    /// without <paramref name="withPoints"/> only the point count is read.</summary>
    /// <exception cref="InvalidDataException">Not one valid frame object; <paramref name="source"/> names it.</exception>
    public static FrameRecord DecodeFrame(ReadOnlyMemory<byte> bytes, string source, bool withPoints = true)
    {
        using var reader = new FrameStreamReader(Stream.Null, source) { _skipBins = !withPoints };
        var r = new MessagePackReader(bytes);
        object? value;
        try
        {
            value = reader.Decode(ref r, 0);
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException)
        {
            throw reader.Error($"not valid MessagePack ({e.Message})");
        }

        return reader.ReadFrame(value as Dictionary<string, object?> ?? throw reader.Error("not a frame map"), withPoints);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _file.Dispose();
    }

    private FrameRecord ReadFrame(Dictionary<string, object?> m, bool withPoints = true)
    {
        var ego = Get<Dictionary<string, object?>>(m, "ego");
        var files = Get<Dictionary<string, object?>>(m, "files").ToDictionary(f => f.Key, f => f.Value as string ?? throw Error($"files.{f.Key} is not a string"));
        var actors = Get<List<object?>>(m, "actors").Select(o =>
        {
            var a = o as Dictionary<string, object?> ?? throw Error("an actor is not a map");
            return new ActorRecord(Get<ulong>(a, "id"), Get<string>(a, "class"), Doubles(a, "box", 7)!, Doubles(a, "velocity", 2)!);
        }).ToList();
        var objects = Get<List<object?>>(m, "objects").Select(o =>
        {
            var a = o as Dictionary<string, object?> ?? throw Error("an object is not a map");
            return new ObjectRecord(
                Get<ulong>(a, "id"), Get<string>(a, "class"), Doubles(a, "bbox", 4, nullable: true), Doubles(a, "amodal", 4, nullable: true),
                (int)Get<long>(a, "visible_pixels"), Get<double>(a, "visibility"), Get<double>(a, "truncation"), (int)Get<long>(a, "occlusion"),
                Doubles(a, "camera_centre", 3)!, Get<double>(a, "rotation_y"), (int)Get<long>(a, "lidar_points"));
        }).ToList();
        return new FrameRecord(
            (int)Get<long>(m, "frame"), Get<long>(m, "tick"), Get<double>(m, "time"),
            new EgoState(Get<double>(ego, "x"), Get<double>(ego, "y"), Get<double>(ego, "z"), Get<double>(ego, "yaw"), Get<double>(ego, "vx"), Get<double>(ego, "vy")),
            files, actors, objects, withPoints ? Points(Get<Dictionary<string, object?>>(m, "points")) : [], (int)Get<long>(Get<Dictionary<string, object?>>(m, "points"), "count"));
    }

    private LidarPoint[] Points(Dictionary<string, object?> m)
    {
        int n = (int)Get<long>(m, "count");
        var columns = new byte[FrameStream.PointFields.Count][];
        for (int f = 0; f < columns.Length; f++)
        {
            (string name, string dtype) = FrameStream.PointFields[f];
            columns[f] = Get<byte[]>(m, name);
            int size = dtype[2] - '0';
            if (columns[f].Length != n * size)
            {
                throw Error($"points.{name} holds {columns[f].Length} bytes; {n} points of {dtype} need {n * size}");
            }
        }

        var points = new LidarPoint[n];
        for (int i = 0; i < n; i++)
        {
            points[i] = new LidarPoint(
                BinaryPrimitives.ReadSingleLittleEndian(columns[0].AsSpan(i * 4)),
                BinaryPrimitives.ReadSingleLittleEndian(columns[1].AsSpan(i * 4)),
                BinaryPrimitives.ReadSingleLittleEndian(columns[2].AsSpan(i * 4)),
                BinaryPrimitives.ReadSingleLittleEndian(columns[3].AsSpan(i * 4)),
                BinaryPrimitives.ReadUInt16LittleEndian(columns[4].AsSpan(i * 2)),
                (SemanticClass)columns[6][i],
                0,
                BinaryPrimitives.ReadSingleLittleEndian(columns[5].AsSpan(i * 4)),
                BinaryPrimitives.ReadUInt64LittleEndian(columns[7].AsSpan(i * 8)));
        }

        return points;
    }

    private double[]? Doubles(Dictionary<string, object?> m, string key, int count, bool nullable = false)
    {
        if (nullable && m.TryGetValue(key, out object? v) && v is null)
        {
            return null;
        }

        double[] values = [.. Get<List<object?>>(m, key).Select(x => x switch
        {
            double d => d,
            long l => l,
            ulong u => u,
            _ => throw Error($"{key} holds a non-number"),
        })];
        return values.Length == count ? values : throw Error($"{key} has {values.Length} values; expected {count}");
    }

    private T Get<T>(IReadOnlyDictionary<string, object?> m, string key)
    {
        if (!m.TryGetValue(key, out object? value))
        {
            throw Error($"missing field '{key}'");
        }

        object? converted = value switch
        {
            long l when typeof(T) == typeof(double) => (double)l,
            long l when typeof(T) == typeof(ulong) && l >= 0 => (ulong)l,
            ulong u when typeof(T) == typeof(long) && u <= long.MaxValue => (long)u,
            _ => value,
        };
        return converted is T typed ? typed : throw Error($"field '{key}' is {value?.GetType().Name ?? "nil"}, expected {typeof(T).Name}");
    }

    /// <summary>The most bytes one object may take (a frame of a 4-million-ray sweep is about 130 MB).</summary>
    private const int MaxObjectBytes = 1 << 30;

    private object? Next()
    {
        ReadOnlyMemory<byte>? item = NextObject();
        if (item is not ReadOnlyMemory<byte> bytes)
        {
            return null;
        }

        var reader = new MessagePackReader(bytes);
        object? value;
        try
        {
            value = Decode(ref reader, 0);
        }
        catch (MessagePackSerializationException e)
        {
            throw Error($"not valid MessagePack ({e.Message})");
        }

        _objects++;
        return value;
    }

    /// <summary>
    /// The bytes of the next top-level object, valid until the next call, or null at the end of the file. The buffer
    /// doubles until the object fits, so finding an object's end takes a few structural skips (bins are skipped by
    /// length), not one per 4 KB read as a chunked stream reader needs: that made reading a 3.7 MB frame take 18 ms.
    /// </summary>
    private ReadOnlyMemory<byte>? NextObject()
    {
        while (true)
        {
            if (_end > _start)
            {
                var probe = new MessagePackReader(_buffer.AsMemory(_start, _end - _start));
                bool complete = true;
                try
                {
                    probe.Skip();
                }
                catch (EndOfStreamException)
                {
                    complete = false; // the object goes on past what is buffered
                }
                catch (MessagePackSerializationException e)
                {
                    throw Error($"not valid MessagePack ({e.Message})");
                }

                if (complete)
                {
                    int length = (int)probe.Consumed;
                    ReadOnlyMemory<byte> item = _buffer.AsMemory(_start, length);
                    _start += length;
                    return item;
                }
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                if (_buffer.Length >= MaxObjectBytes)
                {
                    throw Error($"an object is larger than {MaxObjectBytes:N0} bytes");
                }

                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            int read = _file.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                return _end > _start ? throw Error($"the file ends inside an object ({_end - _start} bytes left over)") : null;
            }

            _end += read;
        }
    }

    private object? Decode(ref MessagePackReader r, int depth)
    {
        if (depth > 32)
        {
            throw Error("nested deeper than 32 levels");
        }

        switch (r.NextMessagePackType)
        {
            case MessagePackType.Nil:
                r.ReadNil();
                return null;
            case MessagePackType.Boolean:
                return r.ReadBoolean();
            case MessagePackType.Integer:
                return r.NextCode == MessagePackCode.UInt64 ? r.ReadUInt64() : r.ReadInt64();
            case MessagePackType.Float:
                return r.ReadDouble();
            case MessagePackType.String:
                return r.ReadString();
            case MessagePackType.Binary:
                if (_skipBins)
                {
                    r.Skip();
                    return null;
                }

                return r.ReadBytes()?.ToArray();
            case MessagePackType.Array:
                int n = r.ReadArrayHeader();
                var list = new List<object?>(n);
                for (int i = 0; i < n; i++)
                {
                    list.Add(Decode(ref r, depth + 1));
                }

                return list;
            case MessagePackType.Map:
                int count = r.ReadMapHeader();
                var map = new Dictionary<string, object?>(count, StringComparer.Ordinal);
                for (int i = 0; i < count; i++)
                {
                    string key = r.NextMessagePackType == MessagePackType.String ? r.ReadString()! : throw Error("a map key is not a string");
                    map[key] = Decode(ref r, depth + 1);
                }

                return map;
            default:
                throw Error($"unexpected msgpack type {r.NextMessagePackType}");
        }
    }

    private InvalidDataException Error(string what) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{_path}: object {_objects} (0 = header): {what}"));
}
