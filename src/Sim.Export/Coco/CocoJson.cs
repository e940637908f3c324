using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sim.Export.Coco;

/// <summary>
/// The JSON form of COCO's records, in one place for the fragment writer, the assembler and the reader: keys in a fixed
/// order, compact, UTF-8 without needless escapes; numbers in the shortest form that reads back to the same double
/// (so a value that went through a fragment file is written again byte for byte).
/// </summary>
internal static class CocoJson
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static void WriteInfo(Utf8JsonWriter w, CocoInfo info)
    {
        w.WriteStartObject();
        w.WriteString("description", info.Description);
        w.WriteString("version", info.Version);
        w.WriteNumber("year", info.Year);
        w.WriteString("contributor", info.Contributor);
        w.WriteString("url", info.Url);
        w.WriteString("date_created", info.DateCreated);
        w.WriteEndObject();
    }

    public static void WriteCategory(Utf8JsonWriter w, CocoCategory category)
    {
        w.WriteStartObject();
        w.WriteNumber("id", category.Id);
        w.WriteString("name", category.Name);
        w.WriteString("supercategory", category.Supercategory);
        w.WriteEndObject();
    }

    public static void WriteImage(Utf8JsonWriter w, CocoImage image)
    {
        w.WriteStartObject();
        w.WriteNumber("id", image.Id);
        w.WriteString("file_name", image.FileName);
        w.WriteNumber("width", image.Width);
        w.WriteNumber("height", image.Height);
        if (image.Sim is { } sim)
        {
            w.WriteStartObject("sim");
            w.WriteNumber("frame", sim.Frame);
            w.WriteNumber("time", sim.Time);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>Writes an annotation; <paramref name="withIds"/> false leaves out <c>id</c> and <c>image_id</c>, as a
    /// fragment does.</summary>
    public static void WriteAnnotation(Utf8JsonWriter w, CocoAnnotation a, bool withIds)
    {
        w.WriteStartObject();
        if (withIds)
        {
            w.WriteNumber("id", a.Id);
            w.WriteNumber("image_id", a.ImageId);
        }

        w.WriteNumber("category_id", a.CategoryId);
        w.WriteStartObject("segmentation");
        w.WriteStartArray("size");
        w.WriteNumberValue(a.Segmentation.Height);
        w.WriteNumberValue(a.Segmentation.Width);
        w.WriteEndArray();
        w.WriteString("counts", a.Segmentation.Counts);
        w.WriteEndObject();
        w.WriteNumber("area", a.Area);
        w.WritePropertyName("bbox");
        WriteBox(w, a.Bbox);
        w.WriteNumber("iscrowd", a.IsCrowd ? 1 : 0);
        if (a.Sim is { } sim)
        {
            w.WriteStartObject("sim");
            w.WriteNumber("track_id", sim.TrackId);
            w.WriteNumber("visibility", sim.Visibility);
            w.WriteNumber("occlusion", sim.Occlusion);
            w.WriteNumber("truncation", sim.Truncation);
            w.WritePropertyName("amodal_bbox");
            if (sim.Amodal is { } amodal)
            {
                WriteBox(w, amodal);
            }
            else
            {
                w.WriteNullValue();
            }

            w.WriteNumber("distance", sim.Distance);
            WriteBox3(w, "box3d_camera", "rotation_y", sim.Camera);
            WriteBox3(w, "box3d_world", "yaw", sim.World);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    public static CocoInfo ReadInfo(JsonCursor e) => new(
        e["description"].String(),
        e["version"].String(),
        e["year"].Int32(),
        e["contributor"].String(),
        e["url"].String(),
        e["date_created"].String());

    public static CocoCategory ReadCategory(JsonCursor e) => new(e["id"].Int32(), e["name"].String(), e["supercategory"].String());

    public static CocoImage ReadImage(JsonCursor e)
    {
        CocoImageSim? sim = null;
        if (e.TryGet("sim", out JsonCursor s))
        {
            sim = new CocoImageSim(s["frame"].Int32(0), s["time"].Number());
        }

        return new CocoImage(e["id"].Int64(), e["file_name"].String(), e["width"].Int32(0), e["height"].Int32(0), sim);
    }

    /// <summary>Reads an annotation; <paramref name="withIds"/> false reads a fragment's, which has no <c>id</c> (0) nor
    /// <c>image_id</c> (<paramref name="imageId"/>).</summary>
    public static CocoAnnotation ReadAnnotation(JsonCursor e, bool withIds, long imageId = 0)
    {
        long id = withIds ? e["id"].Int64() : 0;
        long image = withIds ? e["image_id"].Int64() : imageId;
        int category = e["category_id"].Int32();
        CocoRleMask segmentation = ReadSegmentation(e["segmentation"]);
        JsonCursor areaAt = e["area"];
        double area = areaAt.Number();
        if (area < 0)
        {
            throw areaAt.Error($"expected an area ≥ 0, found {area}.");
        }

        CocoBox bbox = ReadBox(e["bbox"]);
        bool crowd = e["iscrowd"].Int32(0, 1) == 1;
        CocoObjectSim? sim = null;
        if (e.TryGet("sim", out JsonCursor s))
        {
            JsonCursor amodal = s["amodal_bbox"];
            sim = new CocoObjectSim(
                s["track_id"].UInt64(),
                s["visibility"].Number(),
                s["occlusion"].Int32(0, 3),
                s["truncation"].Number(),
                amodal.IsNull ? null : ReadBox(amodal),
                s["distance"].Number(),
                ReadBox3(s["box3d_camera"], "rotation_y"),
                ReadBox3(s["box3d_world"], "yaw"));
        }

        return new CocoAnnotation(id, image, category, segmentation, area, bbox, crowd, sim);
    }

    /// <summary>Compressed RLE, or uncompressed RLE (integer counts), which is compressed; polygons are refused.</summary>
    public static CocoRleMask ReadSegmentation(JsonCursor e)
    {
        if (e.Element.ValueKind == JsonValueKind.Array)
        {
            throw e.Error("polygon segmentations are not supported: Sim writes and reads RLE ({\"size\": [h, w], \"counts\": …}).");
        }

        JsonCursor[] size = e["size"].Items(2);
        int height = size[0].Int32(0), width = size[1].Int32(0);
        JsonCursor countsAt = e["counts"];
        uint[] counts;
        string text;
        if (countsAt.Element.ValueKind == JsonValueKind.Array)
        {
            counts = [.. countsAt.Items().Select(c => (uint)c.Int64(0, uint.MaxValue))];
            text = CocoRle.ToCountsString(counts);
        }
        else
        {
            text = countsAt.String();
            try
            {
                counts = CocoRle.FromCountsString(text);
            }
            catch (FormatException x)
            {
                throw countsAt.Error(x.Message);
            }
        }

        long total = CocoRle.Total(counts);
        if (total != (long)width * height)
        {
            throw countsAt.Error($"the RLE counts cover {total} pixels, but size [{height}, {width}] has {(long)width * height}.");
        }

        return new CocoRleMask(height, width, text);
    }

    private static void WriteBox(Utf8JsonWriter w, CocoBox box)
    {
        w.WriteStartArray();
        w.WriteNumberValue(box.X);
        w.WriteNumberValue(box.Y);
        w.WriteNumberValue(box.Width);
        w.WriteNumberValue(box.Height);
        w.WriteEndArray();
    }

    private static CocoBox ReadBox(JsonCursor e)
    {
        JsonCursor[] v = e.Items(4);
        var box = new CocoBox(v[0].Number(), v[1].Number(), v[2].Number(), v[3].Number());
        return box.Width >= 0 && box.Height >= 0 ? box : throw e.Error($"expected [x, y, width, height] with width and height ≥ 0, found [{box.X}, {box.Y}, {box.Width}, {box.Height}].");
    }

    private static void WriteBox3(Utf8JsonWriter w, string name, string yawKey, CocoBox3 box)
    {
        w.WriteStartObject(name);
        w.WriteStartArray("center");
        w.WriteNumberValue(box.X);
        w.WriteNumberValue(box.Y);
        w.WriteNumberValue(box.Z);
        w.WriteEndArray();
        w.WriteStartArray("size");
        w.WriteNumberValue(box.Length);
        w.WriteNumberValue(box.Width);
        w.WriteNumberValue(box.Height);
        w.WriteEndArray();
        w.WriteNumber(yawKey, box.Yaw);
        w.WriteEndObject();
    }

    private static CocoBox3 ReadBox3(JsonCursor e, string yawKey)
    {
        JsonCursor[] c = e["center"].Items(3);
        JsonCursor[] s = e["size"].Items(3);
        return new CocoBox3(c[0].Number(), c[1].Number(), c[2].Number(), s[0].Number(), s[1].Number(), s[2].Number(), e[yawKey].Number());
    }
}
