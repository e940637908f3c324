using System.Globalization;
using System.Text.Json;
using Sim.Export.Files;
using Sim.Sensors.Camera;
using Sim.Sensors.Labels;

namespace Sim.Export.Coco;

/// <summary>
/// One frame of a COCO dataset on its own: a small JSON file (<c>frame-NNNNNNNN.json</c> in the fragment folder),
/// written atomically as each frame is rendered, holding the frame's image entry and its annotations without ids. A run
/// that is killed keeps the fragments it finished, a resumed run writes the rest (<see cref="Exists"/>), and
/// <see cref="CocoAssembler"/> then joins them into one instances file; nothing per frame stays in memory.
/// </summary>
/// <remarks>
/// A fragment is <c>{"format": "sim-coco-fragment/1", "image": {…}, "annotations": [{…}, …]}</c>, its image and
/// annotations in the instances file's own form (<see cref="CocoJson"/>) less the annotations' <c>id</c> and
/// <c>image_id</c>.
/// </remarks>
public static class CocoFragment
{
    /// <summary>The value of a fragment's <c>format</c> key.</summary>
    public const string Format = "sim-coco-fragment/1";

    /// <summary>The path of frame <paramref name="frameIndex"/>'s fragment in <paramref name="directory"/>.</summary>
    public static string PathOf(string directory, int frameIndex)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(frameIndex);
        return Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"frame-{frameIndex:D8}.json"));
    }

    /// <summary>Whether frame <paramref name="frameIndex"/>'s fragment is complete on disk (a killed write leaves only a
    /// temporary file, which does not count).</summary>
    public static bool Exists(string directory, int frameIndex) => File.Exists(PathOf(directory, frameIndex));

    /// <summary>
    /// A frame's image entry and annotations: one annotation per visible labelled object (objects with no visible
    /// pixel are left out, as COCO describes what an image shows), in label order, its segmentation the object's pixels
    /// in <paramref name="frame"/>'s instance image (value <see cref="ObjectLabel.Instance"/> + 1), its bbox the label's
    /// tight box, its area the pixel count.
    /// </summary>
    /// <param name="frameIndex">Frame index within the dataset, from 0; the image id is this + 1.</param>
    /// <param name="time">Simulation time of the frame, s.</param>
    /// <param name="fileName">The image file, relative to the dataset's image folder (forward slashes).</param>
    /// <param name="frame">The camera frame the labels were taken from.</param>
    /// <param name="labels">The frame's labels (<see cref="CameraLabeler.Label"/>).</param>
    /// <exception cref="ArgumentException">An argument is out of range, a visible object's class has no COCO category
    /// (<see cref="CocoCategories"/>), or a label disagrees with the frame's instance image (its pixel count or tight
    /// box): the labels are from another frame.</exception>
    public static CocoFrame Build(int frameIndex, double time, string fileName, CameraFrame frame, IReadOnlyList<ObjectLabel> labels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameIndex);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(labels);
        if (!double.IsFinite(time))
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, "The frame time must be finite.");
        }

        long imageId = frameIndex + 1L;
        var annotations = new List<CocoAnnotation>();
        foreach (ObjectLabel label in labels)
        {
            if (label.IsVisible)
            {
                annotations.Add(Annotate(imageId, frame, label));
            }
        }

        return new CocoFrame(new CocoImage(imageId, fileName, frame.Width, frame.Height, new CocoImageSim(frameIndex, time)), annotations);
    }

    /// <summary>Builds frame <paramref name="frameIndex"/>'s fragment (<see cref="Build"/>) and writes it into
    /// <paramref name="directory"/> atomically.</summary>
    /// <returns>The fragment's path.</returns>
    public static string Write(string directory, int frameIndex, double time, string fileName, CameraFrame frame, IReadOnlyList<ObjectLabel> labels)
        => Write(directory, Build(frameIndex, time, fileName, frame, labels));

    /// <summary>Writes <paramref name="fragment"/> into <paramref name="directory"/> atomically (temporary file, then
    /// rename), replacing an earlier fragment of the same frame.</summary>
    /// <returns>The fragment's path.</returns>
    /// <exception cref="ArgumentException">The image has no frame index (<see cref="CocoImage.Sim"/>).</exception>
    public static string Write(string directory, CocoFrame fragment)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        CocoImageSim sim = fragment.Image.Sim ?? throw new ArgumentException("A fragment's image needs its frame index (Sim).", nameof(fragment));
        string path = PathOf(directory, sim.Frame);
        AtomicFile.Write(path, stream =>
        {
            using var w = new Utf8JsonWriter(stream, CocoJson.WriterOptions);
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WritePropertyName("image");
            CocoJson.WriteImage(w, fragment.Image);
            w.WriteStartArray("annotations");
            foreach (CocoAnnotation a in fragment.Annotations)
            {
                CocoJson.WriteAnnotation(w, a, withIds: false);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        return path;
    }

    /// <summary>Reads and checks the fragment at <paramref name="path"/>: its format, image id = frame + 1, and for
    /// every annotation a known category, an RLE of the image's size whose area and box are the annotation's.</summary>
    /// <exception cref="CocoFormatException">The fragment is malformed; the message names the file and the JSON
    /// path.</exception>
    public static CocoFrame Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using JsonDocument document = JsonCursor.Parse(path);
        JsonCursor root = JsonCursor.Root(document, path);
        JsonCursor format = root["format"];
        if (format.String() != Format)
        {
            throw format.Error($"expected \"{Format}\", found \"{format.String()}\" (not a Sim COCO fragment, or another version).");
        }

        JsonCursor imageAt = root["image"];
        CocoImage image = CocoJson.ReadImage(imageAt);
        if (image.Sim is not { } sim)
        {
            throw imageAt.Error("required key \"sim\" (the frame index and time) is missing.");
        }

        if (image.Id != sim.Frame + 1L)
        {
            throw imageAt["id"].Error($"expected the image id to be the frame index + 1 = {sim.Frame + 1L}, found {image.Id}.");
        }

        var annotations = new List<CocoAnnotation>();
        foreach (JsonCursor at in root["annotations"].Items())
        {
            CocoAnnotation a = CocoJson.ReadAnnotation(at, withIds: false, image.Id);
            Check(at, image, a);
            annotations.Add(a);
        }

        return new CocoFrame(image, annotations);
    }

    private static void Check(JsonCursor at, CocoImage image, CocoAnnotation a)
    {
        if (!CocoCategories.All.Any(c => c.Id == a.CategoryId))
        {
            throw at["category_id"].Error($"category {a.CategoryId} is not one of Sim's (1–{CocoCategories.All.Count}).");
        }

        if (a.Segmentation.Height != image.Height || a.Segmentation.Width != image.Width)
        {
            throw at["segmentation"]["size"].Error($"expected the image's size [{image.Height}, {image.Width}], found [{a.Segmentation.Height}, {a.Segmentation.Width}].");
        }

        uint[] counts = CocoRle.FromCountsString(a.Segmentation.Counts);
        long area = CocoRle.Area(counts);
        if (a.Area != area)
        {
            throw at["area"].Error($"expected the segmentation's {area} pixels, found {a.Area}.");
        }

        CocoBox box = CocoRle.Bbox(counts, image.Width, image.Height);
        if (a.Bbox != box)
        {
            throw at["bbox"].Error($"expected the segmentation's box [{box.X}, {box.Y}, {box.Width}, {box.Height}], found [{a.Bbox.X}, {a.Bbox.Y}, {a.Bbox.Width}, {a.Bbox.Height}].");
        }

        if (a.Sim is null)
        {
            throw at.Error("required key \"sim\" is missing.");
        }
    }

    private static CocoAnnotation Annotate(long imageId, CameraFrame frame, ObjectLabel label)
    {
        string who = $"Object {label.Id} (instance {label.Instance}, {label.Class})";
        if (!CocoCategories.TryGet(label.Class, out CocoCategory? category))
        {
            throw new ArgumentException($"{who} is visible, but its class has no COCO category.", nameof(label));
        }

        if (label.Tight is not { } tight)
        {
            throw new ArgumentException($"{who} has {label.VisiblePixels} visible pixels but no tight box.", nameof(label));
        }

        int left = (int)Math.Floor(tight.Left), top = (int)Math.Floor(tight.Top);
        int right = (int)Math.Ceiling(tight.Right), bottom = (int)Math.Ceiling(tight.Bottom);
        if (left < 0 || top < 0 || right > frame.Width || bottom > frame.Height)
        {
            throw new ArgumentException($"{who}: tight box [{tight.Left}, {tight.Top}, {tight.Right}, {tight.Bottom}] leaves the {frame.Width} × {frame.Height} frame.", nameof(label));
        }

        uint[] counts = CocoRle.Encode(frame.Instance, frame.Width, frame.Height, (uint)label.Instance + 1, left, top, right, bottom);
        long area = CocoRle.Area(counts);
        var bbox = new CocoBox(tight.Left, tight.Top, tight.Right - tight.Left, tight.Bottom - tight.Top);
        if (area != label.VisiblePixels || CocoRle.Bbox(counts, frame.Width, frame.Height) != bbox)
        {
            throw new ArgumentException($"{who}: the label says {label.VisiblePixels} visible pixels in [{tight.Left}, {tight.Top}, {tight.Right}, {tight.Bottom}), the frame's instance image has {area} in its box: the labels are not this frame's.", nameof(label));
        }

        (double x, double y, double z) = label.CameraCentre;
        var sim = new CocoObjectSim(
            label.Id,
            label.Visibility,
            label.Occlusion,
            label.Truncation,
            label.Amodal is { } a ? new CocoBox(a.Left, a.Top, a.Right - a.Left, a.Bottom - a.Top) : null,
            Math.Sqrt((x * x) + (y * y) + (z * z)),
            new CocoBox3(x, y, z, label.World.Length, label.World.Width, label.World.Height, label.RotationY),
            new CocoBox3(label.World.X, label.World.Y, label.World.Z, label.World.Length, label.World.Width, label.World.Height, label.World.Yaw));
        double[] numbers = [sim.Visibility, sim.Truncation, sim.Distance, x, y, z, label.RotationY, label.World.X, label.World.Y, label.World.Z, label.World.Yaw, label.World.Length, label.World.Width, label.World.Height];
        if (!numbers.All(double.IsFinite) || sim.Amodal is { } m && !(double.IsFinite(m.X) && double.IsFinite(m.Y) && double.IsFinite(m.Width) && double.IsFinite(m.Height)))
        {
            throw new ArgumentException($"{who} has a value that is not finite (NaN or infinity) in its label.", nameof(label));
        }

        return new CocoAnnotation(0, imageId, category.Id, new CocoRleMask(frame.Height, frame.Width, CocoRle.ToCountsString(counts)), area, bbox, false, sim);
    }
}
