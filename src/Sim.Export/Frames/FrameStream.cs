using System.Buffers;
using System.Buffers.Binary;
using MessagePack;
using Sim.Sensors;
using Sim.Sensors.Labels;
using Sim.Sensors.Lidar;
using Sim.Sensors.Rig;

namespace Sim.Export.Frames;

/// <summary>
/// The MessagePack frame stream (<c>frames.msgpack</c>), format <see cref="Format"/> version <see cref="Version"/>: a
/// concatenation of MessagePack objects, plain types only (maps with string keys, arrays, strings, numbers, nil, bin),
/// so any language's msgpack library reads it — in Python, <c>msgpack.Unpacker(open(path, "rb"))</c> yields them in
/// order. The first object is the header, every later one a frame.
/// <para>Header: <c>format</c>, <c>version</c>, <c>dataset</c>, <c>frames</c> (count), <c>classes</c> (semantic class
/// names by id), <c>point_fields</c> (name and NumPy dtype string of each point column), <c>camera</c> (fx, fy, cx, cy,
/// width, height and <c>camera_to_vehicle</c>, the 3 × 4 row-major [R|t] of the camera body's mount: x forward, y left,
/// z up, as in the manifest; the optical frame is x right, y down, z forward) and <c>lidar</c> (channels, columns,
/// <c>elevations_deg</c>, <c>lidar_to_vehicle</c>).</para>
/// <para>Frame: <c>frame</c>, <c>tick</c>, <c>time</c> (s); <c>ego</c> {x, y, z, yaw, vx, vy} in the world frame;
/// <c>files</c> {kind: path relative to the dataset}; <c>camera_pose</c> {x, y, z, yaw, pitch} in the world;
/// <c>actors</c>: every actor's {id, class, box [x, y, z, yaw, length, width, height] (world, z the box centre),
/// velocity [vx, vy]}; <c>objects</c>: the camera's labels {id, class, bbox [left, top, right, bottom] or nil (visible
/// pixels, continuous pixel coordinates), amodal (the same for the projected 3D box), visible_pixels, visibility,
/// truncation, occlusion, camera_centre [x, y, z] (optical frame), rotation_y, lidar_points}; <c>points</c>: {count,
/// then one bin per point field, little-endian, in the header's dtype} — <c>numpy.frombuffer(points["x"], "&lt;f4")</c>.</para>
/// </summary>
public static class FrameStream
{
    /// <summary>The header's format name.</summary>
    public const string Format = "sim.frames";

    /// <summary>The format version this code writes and reads.</summary>
    public const int Version = 1;

    /// <summary>The point columns and their NumPy dtype strings, in the order frames carry them.</summary>
    public static IReadOnlyList<(string Name, string Dtype)> PointFields { get; } =
    [
        ("x", "<f4"), ("y", "<f4"), ("z", "<f4"), ("intensity", "<f4"), ("ring", "<u2"), ("t", "<f4"), ("label", "|u1"), ("instance", "<u8"),
    ];

    /// <summary>Encodes the header object.</summary>
    public static byte[] EncodeHeader(string dataset, int frames, SensorRig rig)
    {
        ArgumentNullException.ThrowIfNull(rig);
        var buffer = new ArrayBufferWriter<byte>(4096);
        var w = new MessagePackWriter(buffer);
        w.WriteMapHeader(8);
        w.Write("format");
        w.Write(Format);
        w.Write("version");
        w.Write(Version);
        w.Write("dataset");
        w.Write(dataset);
        w.Write("frames");
        w.Write(frames);
        w.Write("classes");
        SemanticClass[] classes = Enum.GetValues<SemanticClass>();
        w.WriteArrayHeader(classes.Length);
        foreach (SemanticClass c in classes)
        {
            w.Write(ClassName(c));
        }

        w.Write("point_fields");
        w.WriteArrayHeader(PointFields.Count);
        foreach ((string name, string dtype) in PointFields)
        {
            w.WriteArrayHeader(2);
            w.Write(name);
            w.Write(dtype);
        }

        w.Write("camera");
        w.WriteMapHeader(7);
        w.Write("fx");
        w.Write(rig.Camera.Fx);
        w.Write("fy");
        w.Write(rig.Camera.Fy);
        w.Write("cx");
        w.Write(rig.Camera.Cx);
        w.Write("cy");
        w.Write(rig.Camera.Cy);
        w.Write("width");
        w.Write(rig.Camera.Width);
        w.Write("height");
        w.Write(rig.Camera.Height);
        w.Write("camera_to_vehicle");
        WriteDoubles(ref w, rig.CameraMount.ToMatrix3x4());
        w.Write("lidar");
        w.WriteMapHeader(4);
        w.Write("channels");
        w.Write(rig.Lidar.Elevations.Count);
        w.Write("columns");
        w.Write(rig.Lidar.Columns);
        w.Write("elevations_deg");
        WriteDoubles(ref w, [.. rig.Lidar.Elevations]);
        w.Write("lidar_to_vehicle");
        WriteDoubles(ref w, rig.LidarMount.ToMatrix3x4());
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Encodes one frame object; <paramref name="files"/> maps a kind (image, depth, velodyne, …) to the path,
    /// relative to the dataset, of the file written for it.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="files">Kind → path of the frame's files.</param>
    /// <param name="withPoints">False for a summary: <c>points</c> then holds only its <c>count</c> (what a dataset
    /// writer keeps to know a frame is done and to count its labels).</param>
    public static byte[] EncodeFrame(DatasetFrame frame, IReadOnlyDictionary<string, string> files, bool withPoints = true)
    {
        ArgumentNullException.ThrowIfNull(frame);
        // Sized for the whole object up front (points dominate: 31 bytes each): growing by doubling copied it ~6 times.
        var buffer = new ArrayBufferWriter<byte>((withPoints ? frame.Points.Length * 32 : 0) + (frame.Labels.Count * 512) + (frame.Actors.Count * 192) + (1 << 14));
        EncodeFrame(frame, files, buffer, withPoints);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Appends one frame object to <paramref name="destination"/> (see
    /// <see cref="EncodeFrame(DatasetFrame, IReadOnlyDictionary{string, string}, bool)"/>).</summary>
    public static void EncodeFrame(DatasetFrame frame, IReadOnlyDictionary<string, string> files, IBufferWriter<byte> destination, bool withPoints = true)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(destination);
        var w = new MessagePackWriter(destination);
        w.WriteMapHeader(9);
        w.Write("frame");
        w.Write(frame.Index);
        w.Write("tick");
        w.Write(frame.Tick);
        w.Write("time");
        w.Write(frame.Time);
        w.Write("ego");
        WriteNumbers(ref w, [("x", frame.Ego.X), ("y", frame.Ego.Y), ("z", frame.Ego.Z), ("yaw", frame.Ego.Yaw), ("vx", frame.Ego.Vx), ("vy", frame.Ego.Vy)]);

        w.Write("files");
        w.WriteMapHeader(files.Count);
        foreach (KeyValuePair<string, string> file in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            w.Write(file.Key);
            w.Write(file.Value);
        }

        w.Write("camera_pose");
        WriteNumbers(ref w, [("x", frame.Camera.X), ("y", frame.Camera.Y), ("z", frame.Camera.Z), ("yaw", frame.Camera.Yaw), ("pitch", frame.Camera.Pitch)]);

        w.Write("actors");
        w.WriteArrayHeader(frame.Actors.Count);
        foreach (ActorSnapshot a in frame.Actors)
        {
            w.WriteMapHeader(4);
            w.Write("id");
            w.Write(a.Id);
            w.Write("class");
            w.Write(ClassName(a.Class));
            w.Write("box");
            WriteDoubles(ref w, [a.Box.X, a.Box.Y, a.Box.Z, a.Box.Yaw, a.Box.Length, a.Box.Width, a.Box.Height]);
            w.Write("velocity");
            WriteDoubles(ref w, [a.Vx, a.Vy]);
        }

        w.Write("objects");
        w.WriteArrayHeader(frame.Labels.Count);
        foreach (ObjectLabel label in frame.Labels)
        {
            w.WriteMapHeader(11);
            w.Write("id");
            w.Write(label.Id);
            w.Write("class");
            w.Write(ClassName(label.Class));
            w.Write("bbox");
            WriteBox(ref w, label.Tight);
            w.Write("amodal");
            WriteBox(ref w, label.Amodal);
            w.Write("visible_pixels");
            w.Write(label.VisiblePixels);
            w.Write("visibility");
            w.Write(label.Visibility);
            w.Write("truncation");
            w.Write(label.Truncation);
            w.Write("occlusion");
            w.Write(label.Occlusion);
            w.Write("camera_centre");
            WriteDoubles(ref w, [label.CameraCentre.X, label.CameraCentre.Y, label.CameraCentre.Z]);
            w.Write("rotation_y");
            w.Write(label.RotationY);
            w.Write("lidar_points");
            w.Write(frame.PointsPerObject.TryGetValue(label.Id, out int n) ? n : 0);
        }

        w.Write("points");
        if (withPoints)
        {
            WritePoints(ref w, frame.Points);
        }
        else
        {
            w.WriteMapHeader(1);
            w.Write("count");
            w.Write(frame.Points.Length);
        }

        w.Flush();
    }

    /// <summary>
    /// Adds a frame object's visible labels to <paramref name="visibleLabels"/> (by class name) and returns its point
    /// count, reading the object in place — nothing is decoded beyond those fields — so a dataset's completion pass over
    /// thousands of frame summaries allocates almost nothing.
    /// </summary>
    /// <exception cref="InvalidDataException">Not a frame object; <paramref name="source"/> names it.</exception>
    public static int Tally(ReadOnlyMemory<byte> frameObject, IDictionary<string, int> visibleLabels, string source)
    {
        ArgumentNullException.ThrowIfNull(visibleLabels);
        try
        {
            var r = new MessagePackReader(frameObject);
            int points = 0;
            for (int n = r.ReadMapHeader(), i = 0; i < n; i++)
            {
                switch (r.ReadString())
                {
                    case "objects":
                        for (int m = r.ReadArrayHeader(), j = 0; j < m; j++)
                        {
                            string? name = null;
                            int visible = 0;
                            for (int fields = r.ReadMapHeader(), f = 0; f < fields; f++)
                            {
                                switch (r.ReadString())
                                {
                                    case "class": name = r.ReadString(); break;
                                    case "visible_pixels": visible = r.ReadInt32(); break;
                                    default: r.Skip(); break;
                                }
                            }

                            if (name is not null && visible > 0)
                            {
                                visibleLabels[name] = visibleLabels.TryGetValue(name, out int c) ? c + 1 : 1;
                            }
                        }

                        break;
                    case "points":
                        for (int fields = r.ReadMapHeader(), f = 0; f < fields; f++)
                        {
                            if (r.ReadString() == "count")
                            {
                                points = r.ReadInt32();
                            }
                            else
                            {
                                r.Skip();
                            }
                        }

                        break;
                    default:
                        r.Skip();
                        break;
                }
            }

            return points;
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or InvalidOperationException)
        {
            throw new InvalidDataException($"{source}: not a frame object ({e.Message})", e);
        }
    }

    /// <summary>The name a class is written under: its enum name in snake case (<c>lane_marking</c>).</summary>
    public static string ClassName(SemanticClass c) => string.Concat(c.ToString().Select((ch, i) => char.IsUpper(ch) && i > 0 ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));

    private static void WritePoints(ref MessagePackWriter w, IReadOnlyList<LidarPoint> points)
    {
        ReadOnlySpan<LidarPoint> all = points is LidarPoint[] array ? array : [.. points];
        int n = all.Length;
        w.WriteMapHeader(1 + PointFields.Count);
        w.Write("count");
        w.Write(n);
        for (int f = 0; f < PointFields.Count; f++)
        {
            int size = PointFields[f].Dtype[2] - '0';
            w.Write(PointFields[f].Name);
            w.WriteBinHeader(n * size);
            Span<byte> bytes = w.GetSpan(n * size)[..(n * size)];
            Column(f, all, bytes);
            w.Advance(n * size);
        }
    }

    /// <summary>One point field as little-endian bytes, a tight loop per field.</summary>
    private static void Column(int field, ReadOnlySpan<LidarPoint> all, Span<byte> bytes)
    {
        switch (field)
        {
            case 0: Singles(all, bytes, 0); break;
            case 1: Singles(all, bytes, 1); break;
            case 2: Singles(all, bytes, 2); break;
            case 3: Singles(all, bytes, 3); break;
            case 4:
                for (int i = 0; i < all.Length; i++)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes[(i * 2)..], all[i].Ring);
                }

                break;
            case 5: Singles(all, bytes, 5); break;
            case 6:
                for (int i = 0; i < all.Length; i++)
                {
                    bytes[i] = (byte)all[i].Class;
                }

                break;
            default:
                for (int i = 0; i < all.Length; i++)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(bytes[(i * 8)..], all[i].Instance);
                }

                break;
        }
    }

    /// <summary>A float field (0–3: x, y, z, intensity; 5: t) of every point, little-endian.</summary>
    private static void Singles(ReadOnlySpan<LidarPoint> points, Span<byte> bytes, int field)
    {
        for (int i = 0; i < points.Length; i++)
        {
            ref readonly LidarPoint p = ref points[i];
            float v = field switch { 0 => p.X, 1 => p.Y, 2 => p.Z, 3 => p.Intensity, _ => p.Time };
            BinaryPrimitives.WriteSingleLittleEndian(bytes[(i * 4)..], v);
        }
    }

    /// <summary>A map of named numbers.</summary>
    private static void WriteNumbers(ref MessagePackWriter w, (string Key, double Value)[] fields)
    {
        w.WriteMapHeader(fields.Length);
        foreach ((string key, double value) in fields)
        {
            w.Write(key);
            w.Write(value);
        }
    }

    private static void WriteBox(ref MessagePackWriter w, Box2? box)
    {
        if (box is not Box2 b)
        {
            w.WriteNil();
            return;
        }

        WriteDoubles(ref w, [b.Left, b.Top, b.Right, b.Bottom]);
    }

    private static void WriteDoubles(ref MessagePackWriter w, scoped ReadOnlySpan<double> values)
    {
        w.WriteArrayHeader(values.Length);
        foreach (double v in values)
        {
            w.Write(v);
        }
    }
}
