using System.Text.Json;

namespace Sim.Export.Coco;

/// <summary>
/// Reads a COCO instances file (Sim's, or any whose segmentations are RLE) into records, checking what COCO tools rely
/// on: the required keys and their types, unique image, annotation and category ids, every annotation's image and
/// category present, and every segmentation a valid RLE of its image's size. Uncompressed RLE (integer counts) is read
/// into the compressed form; polygon segmentations are refused.
/// </summary>
public static class CocoReader
{
    /// <summary>The dataset in the file at <paramref name="path"/>.</summary>
    /// <exception cref="CocoFormatException">The file is malformed; the message names the file and the JSON path (or
    /// the line, for malformed JSON).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static CocoDataset Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using JsonDocument document = JsonCursor.Parse(path);
        JsonCursor root = JsonCursor.Root(document, path);
        CocoInfo? info = root.TryGet("info", out JsonCursor infoAt) ? CocoJson.ReadInfo(infoAt) : null;

        var images = new Dictionary<long, CocoImage>();
        var imageList = new List<CocoImage>();
        foreach (JsonCursor at in root["images"].Items())
        {
            CocoImage image = CocoJson.ReadImage(at);
            if (!images.TryAdd(image.Id, image))
            {
                throw at["id"].Error($"image id {image.Id} appears twice.");
            }

            imageList.Add(image);
        }

        var categories = new List<CocoCategory>();
        var categoryIds = new HashSet<int>();
        foreach (JsonCursor at in root["categories"].Items())
        {
            CocoCategory category = CocoJson.ReadCategory(at);
            if (!categoryIds.Add(category.Id))
            {
                throw at["id"].Error($"category id {category.Id} appears twice.");
            }

            categories.Add(category);
        }

        var annotations = new List<CocoAnnotation>();
        var annotationIds = new HashSet<long>();
        foreach (JsonCursor at in root["annotations"].Items())
        {
            CocoAnnotation a = CocoJson.ReadAnnotation(at, withIds: true);
            if (!annotationIds.Add(a.Id))
            {
                throw at["id"].Error($"annotation id {a.Id} appears twice.");
            }

            if (!images.TryGetValue(a.ImageId, out CocoImage? image))
            {
                throw at["image_id"].Error($"no image has id {a.ImageId}.");
            }

            if (!categoryIds.Contains(a.CategoryId))
            {
                throw at["category_id"].Error($"no category has id {a.CategoryId}.");
            }

            if (a.Segmentation.Height != image.Height || a.Segmentation.Width != image.Width)
            {
                throw at["segmentation"]["size"].Error($"expected image {image.Id}'s size [{image.Height}, {image.Width}], found [{a.Segmentation.Height}, {a.Segmentation.Width}].");
            }

            annotations.Add(a);
        }

        return new CocoDataset(info, imageList, annotations, categories);
    }
}
