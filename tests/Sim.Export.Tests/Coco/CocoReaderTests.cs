using Sim.Export.Coco;

namespace Sim.Export.Tests.Coco;

public class CocoReaderTests
{
    /// <summary>A minimal instances file in the shape other tools write: no info, no Sim extras, one 3 × 2 image with
    /// one annotation whose mask is the middle column.</summary>
    private const string Minimal = """
        {
          "images": [{"id": 10, "width": 3, "height": 2, "file_name": "a.jpg", "license": 1}],
          "annotations": [{"id": 5, "image_id": 10, "category_id": 1, "iscrowd": 0, "area": 2.0, "bbox": [1, 0, 1, 2],
                           "segmentation": {"size": [2, 3], "counts": "222"}}],
          "categories": [{"id": 1, "name": "car", "supercategory": "vehicle"}]
        }
        """;

    private static CocoDataset ReadText(ScratchFolder folder, string json)
    {
        string path = folder.Combine("instances.json");
        File.WriteAllText(path, json);
        return CocoReader.Read(path);
    }

    private static CocoFormatException ReadError(ScratchFolder folder, string json, string jsonPath, string message)
    {
        var error = Assert.Throws<CocoFormatException>(() => ReadText(folder, json));
        Assert.Equal((folder.Combine("instances.json"), jsonPath), (error.Path, error.JsonPath));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        return error;
    }

    [Fact]
    public void A_file_from_another_tool_reads_into_records_without_sim_extras()
    {
        using var folder = new ScratchFolder();
        CocoDataset dataset = ReadText(folder, Minimal);

        Assert.Null(dataset.Info);
        Assert.Equal(new CocoImage(10, "a.jpg", 3, 2, null), Assert.Single(dataset.Images));
        CocoAnnotation a = Assert.Single(dataset.Annotations);
        Assert.Equal(new CocoAnnotation(5, 10, 1, new CocoRleMask(2, 3, "222"), 2, new CocoBox(1, 0, 1, 2), false, null), a);
        Assert.Equal([false, true, false, false, true, false], CocoRle.Decode(CocoRle.FromCountsString(a.Segmentation.Counts), 3, 2));
    }

    [Fact]
    public void Uncompressed_rle_is_read_into_the_compressed_form()
    {
        using var folder = new ScratchFolder();
        CocoDataset dataset = ReadText(folder, Minimal.Replace("\"counts\": \"222\"", "\"counts\": [2, 2, 2]", StringComparison.Ordinal));

        Assert.Equal("222", dataset.Annotations[0].Segmentation.Counts);
    }

    [Fact]
    public void Polygon_segmentations_are_refused_with_a_clear_message()
    {
        using var folder = new ScratchFolder();
        ReadError(
            folder,
            Minimal.Replace("{\"size\": [2, 3], \"counts\": \"222\"}", "[[1, 0, 2, 0, 2, 2, 1, 2]]", StringComparison.Ordinal),
            "$.annotations[0].segmentation",
            "polygon segmentations are not supported");
    }

    [Theory]
    [InlineData("\"file_name\": \"a.jpg\", ", "", "$.images[0]", "required key \"file_name\" is missing")]
    [InlineData("\"width\": 3", "\"width\": \"3\"", "$.images[0].width", "expected an integer ≥ 0, found the string \"3\"")]
    [InlineData("\"image_id\": 10", "\"image_id\": 11", "$.annotations[0].image_id", "no image has id 11")]
    [InlineData("\"category_id\": 1,", "\"category_id\": 2,", "$.annotations[0].category_id", "no category has id 2")]
    [InlineData("\"counts\": \"222\"", "\"counts\": \"22\"", "$.annotations[0].segmentation.counts", "cover 4 pixels, but size [2, 3] has 6")]
    [InlineData("\"size\": [2, 3]", "\"size\": [3, 2]", "$.annotations[0].segmentation.size", "expected image 10's size [2, 3], found [3, 2]")]
    [InlineData("\"bbox\": [1, 0, 1, 2]", "\"bbox\": [1, 0, 1]", "$.annotations[0].bbox", "expected an array of 4 items, found 3")]
    [InlineData("\"categories\"", "\"kategories\"", "$", "required key \"categories\" is missing")]
    public void A_file_that_breaks_the_format_is_an_error_naming_the_file_and_the_json_path(string text, string replacement, string jsonPath, string message)
    {
        using var folder = new ScratchFolder();
        ReadError(folder, Minimal.Replace(text, replacement, StringComparison.Ordinal), jsonPath, message);
    }

    [Fact]
    public void Duplicate_ids_are_errors()
    {
        using var folder = new ScratchFolder();
        string twoImages = Minimal.Replace(
            "\"license\": 1}]",
            "\"license\": 1}, {\"id\": 10, \"width\": 3, \"height\": 2, \"file_name\": \"b.jpg\"}]",
            StringComparison.Ordinal);
        ReadError(folder, twoImages, "$.images[1].id", "image id 10 appears twice");
    }

    [Fact]
    public void Malformed_json_is_an_error_with_its_line()
    {
        using var folder = new ScratchFolder();
        var error = ReadError(folder, Minimal.Replace("\"area\": 2.0,", "\"area\": 2.0", StringComparison.Ordinal), "$", "malformed JSON at line 3");
        Assert.IsType<System.Text.Json.JsonException>(error.InnerException, exactMatch: false);
    }
}
