using System.Text.Json;
using Sim.Export.Coco;
using Sim.Sensors;
using Sim.Sensors.Camera;
using Sim.Sensors.Labels;

namespace Sim.Export.Tests.Coco;

public class CocoAssemblerTests
{
    private static readonly CocoInfo Info = new("deer at dusk, variation 3", "0.1.0", 2025, "Sim", "", "2025-01-01");

    /// <summary>Frame <paramref name="i"/> of a small moving scene: the car drives right, the pedestrian walks behind
    /// the van and out of sight, and every third frame a deer shows up.</summary>
    private static (CameraFrame Frame, ObjectLabel[] Labels) Frame(int i)
    {
        var objects = new List<PaintedObject>
        {
            new(SemanticClass.Car, 0xFEDCBA9876543210, i, 10, 10 + i, 18),
            new(SemanticClass.Pedestrian, 42, 20 + i, 4, 24 + i, 20),
            new(SemanticClass.Van, 7, 22, 8, 38, 22),
        };
        if (i % 3 == 0)
        {
            objects.Add(new PaintedObject(SemanticClass.Deer, 99, 30, 0, 34, 3));
        }

        return CocoTestScenes.Paint(40, 24, [.. objects]);
    }

    private static void WriteFrame(string folder, int i)
    {
        (CameraFrame frame, ObjectLabel[] labels) = Frame(i);
        CocoFragment.Write(folder, i, i * 0.1, $"image_2/{i:D6}.png", frame, labels);
    }

    [Fact]
    public void The_instances_file_has_every_key_coco_requires_with_the_type_it_requires()
    {
        using var folder = new ScratchFolder();
        for (int i = 0; i < 4; i++)
        {
            WriteFrame(folder.Combine("fragments"), i);
        }

        string output = folder.Combine("annotations", "instances.json");
        CocoAssembly assembly = CocoAssembler.Assemble(folder.Combine("fragments"), output, Info);

        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(output));
        JsonElement root = document.RootElement;
        Assert.Equal(["info", "licenses", "images", "annotations", "categories"], root.EnumerateObject().Select(p => p.Name));

        JsonElement info = root.GetProperty("info");
        Assert.Equal(JsonValueKind.Number, info.GetProperty("year").ValueKind);
        foreach (string key in new[] { "version", "description", "contributor", "url", "date_created" })
        {
            Assert.Equal(JsonValueKind.String, info.GetProperty(key).ValueKind);
        }

        Assert.Equal(JsonValueKind.Array, root.GetProperty("licenses").ValueKind);
        Assert.Equal(0, root.GetProperty("licenses").GetArrayLength());

        JsonElement[] images = [.. root.GetProperty("images").EnumerateArray()];
        Assert.Equal(4, images.Length);
        foreach (JsonElement image in images)
        {
            Assert.True(image.GetProperty("id").TryGetInt64(out _));
            Assert.True(image.GetProperty("width").TryGetInt32(out int width) && width == 40);
            Assert.True(image.GetProperty("height").TryGetInt32(out int height) && height == 24);
            Assert.Equal(JsonValueKind.String, image.GetProperty("file_name").ValueKind);
        }

        JsonElement[] annotations = [.. root.GetProperty("annotations").EnumerateArray()];
        Assert.Equal(assembly.Annotations, annotations.Length);
        foreach (JsonElement a in annotations)
        {
            Assert.True(a.GetProperty("id").TryGetInt64(out _));
            Assert.True(a.GetProperty("image_id").TryGetInt64(out _));
            Assert.True(a.GetProperty("category_id").TryGetInt32(out _));
            Assert.Equal(JsonValueKind.Number, a.GetProperty("area").ValueKind);
            Assert.True(a.GetProperty("iscrowd").TryGetInt32(out int crowd) && crowd == 0);
            JsonElement[] bbox = [.. a.GetProperty("bbox").EnumerateArray()];
            Assert.Equal(4, bbox.Length);
            Assert.All(bbox, b => Assert.Equal(JsonValueKind.Number, b.ValueKind));

            // Compressed RLE, as pycocotools reads it: size [h, w] and counts a string.
            JsonElement segmentation = a.GetProperty("segmentation");
            Assert.Equal([24, 40], segmentation.GetProperty("size").EnumerateArray().Select(s => s.GetInt32()));
            Assert.Equal(JsonValueKind.String, segmentation.GetProperty("counts").ValueKind);
        }

        JsonElement[] categories = [.. root.GetProperty("categories").EnumerateArray()];
        Assert.Equal(CocoCategories.All.Count, categories.Length);
        foreach (JsonElement c in categories)
        {
            Assert.True(c.GetProperty("id").TryGetInt32(out _));
            Assert.Equal(JsonValueKind.String, c.GetProperty("name").ValueKind);
            Assert.Equal(JsonValueKind.String, c.GetProperty("supercategory").ValueKind);
        }
    }

    [Fact]
    public void Image_ids_are_frame_plus_one_and_annotation_ids_run_from_one_in_frame_then_label_order()
    {
        using var folder = new ScratchFolder();
        foreach (int i in new[] { 3, 0, 7, 1 })
        {
            WriteFrame(folder.Path, i);
        }

        CocoAssembly assembly = CocoAssembler.Assemble(folder.Path, folder.Combine("instances.json"), Info);
        CocoDataset dataset = CocoReader.Read(assembly.Path);

        Assert.Equal((4, dataset.Annotations.Count), (assembly.Images, (int)assembly.Annotations));
        Assert.Equal([1L, 2L, 4L, 8L], dataset.Images.Select(i => i.Id));
        Assert.Equal([0, 1, 3, 7], dataset.Images.Select(i => i.Sim!.Frame));
        Assert.Equal(Enumerable.Range(1, dataset.Annotations.Count).Select(i => (long)i), dataset.Annotations.Select(a => a.Id));
        Assert.True(dataset.Annotations.Select(a => a.ImageId).SequenceEqual(dataset.Annotations.Select(a => a.ImageId).Order()));

        // Frame 0 (image 1) shows the deer: four annotations; frame 1 three; and so on.
        Assert.Equal([4, 3, 4, 3], dataset.Images.Select(i => dataset.Annotations.Count(a => a.ImageId == i.Id)));
        Assert.Equal(Info, dataset.Info);
        Assert.Equal(CocoCategories.All, dataset.Categories);
    }

    [Fact]
    public void The_records_read_back_are_the_fragments_with_ids_given()
    {
        using var folder = new ScratchFolder();
        CocoFrame[] frames = [.. Enumerable.Range(0, 3).Select(i =>
        {
            (CameraFrame frame, ObjectLabel[] labels) = Frame(i);
            return CocoFragment.Build(i, i / 30.0, $"image_2/{i:D6}.png", frame, labels);
        })];
        foreach (CocoFrame f in frames)
        {
            CocoFragment.Write(folder.Path, f);
        }

        CocoDataset dataset = CocoReader.Read(CocoAssembler.Assemble(folder.Path, folder.Combine("instances.json"), Info).Path);

        Assert.Equal(frames.Select(f => f.Image), dataset.Images);
        long id = 0;
        Assert.Equal(frames.SelectMany(f => f.Annotations).Select(a => a with { Id = ++id }), dataset.Annotations);
    }

    [Fact]
    public void A_run_killed_part_way_and_resumed_assembles_the_same_bytes_as_one_that_never_stopped()
    {
        using var folder = new ScratchFolder();
        string whole = folder.Combine("whole"), resumed = folder.Combine("resumed");
        for (int i = 0; i < 8; i++)
        {
            WriteFrame(whole, i);
        }

        // The first run finished frames 0–4 and was killed while writing frame 5: its temporary file is all that is left.
        for (int i = 0; i < 5; i++)
        {
            WriteFrame(resumed, i);
        }

        File.WriteAllText(Path.Combine(resumed, ".frame-00000005.json.4242.tmp"), "{\"format\":\"sim-coco-fragment/1\",\"image\":{\"id\":6,");

        // The resumed run skips what is done and writes the rest.
        for (int i = 0; i < 8; i++)
        {
            if (!CocoFragment.Exists(resumed, i))
            {
                WriteFrame(resumed, i);
            }
        }

        string a = CocoAssembler.Assemble(whole, folder.Combine("whole.json"), Info).Path;
        string b = CocoAssembler.Assemble(resumed, folder.Combine("resumed.json"), Info).Path;
        string c = CocoAssembler.Assemble(resumed, folder.Combine("again.json"), Info).Path;

        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(c));
        Assert.Equal(8, CocoReader.Read(b).Images.Count);
    }

    [Fact]
    public void An_empty_fragment_folder_gives_a_valid_file_with_no_images()
    {
        using var folder = new ScratchFolder();
        CocoAssembly assembly = CocoAssembler.Assemble(folder.Path, folder.Combine("out", "instances.json"), Info);

        CocoDataset dataset = CocoReader.Read(assembly.Path);
        Assert.Equal((0, 0L), (assembly.Images, assembly.Annotations));
        Assert.Empty(dataset.Images);
        Assert.Equal(CocoCategories.All.Count, dataset.Categories.Count);
    }

    [Theory]
    [InlineData("\"bbox\":[1,", "\"bbox\":[\"1\",", "$.annotations[0].bbox[0]", "expected a number, found the string \"1\"")]
    [InlineData("\"iscrowd\":0", "\"iscrowd\":2", "$.annotations[0].iscrowd", "expected an integer 0–1, found the number 2")]
    [InlineData("\"category_id\":1,", "", "$.annotations[0]", "required key \"category_id\" is missing")]
    [InlineData("\"category_id\":1,", "\"category_id\":12,", "$.annotations[0].category_id", "category 12 is not one of Sim's")]
    [InlineData("\"area\":80", "\"area\":79", "$.annotations[0].area", "expected the segmentation's 80 pixels, found 79")]
    [InlineData("\"id\":2,", "\"id\":3,", "$.image.id", "expected the image id to be the frame index + 1 = 2, found 3")]
    [InlineData("\"frame\":1,", "\"frame\":2,", "$.image.id", "expected the image id to be the frame index + 1 = 3, found 2")]
    [InlineData("\"size\":[24,40]", "\"size\":[40,24]", "$.annotations[0].segmentation.size", "expected the image's size [24, 40], found [40, 24]")]
    [InlineData("\"counts\":\"", "\"counts\":\"~", "$.annotations[0].segmentation.counts", "Character '~' at position 0")]
    [InlineData("{\"format\":\"sim-coco-fragment/1\"", "{\"format\":\"sim-coco-fragment/2\"", "$.format", "not a Sim COCO fragment, or another version")]
    public void A_bad_fragment_stops_assembly_with_an_error_naming_the_file_and_the_json_path(string text, string replacement, string jsonPath, string message)
    {
        using var folder = new ScratchFolder();
        WriteFrame(folder.Path, 0);
        WriteFrame(folder.Path, 1);
        string bad = CocoFragment.PathOf(folder.Path, 1);
        string json = File.ReadAllText(bad);
        Assert.Contains(text, json, StringComparison.Ordinal);
        File.WriteAllText(bad, ReplaceFirst(json, text, replacement));
        string output = folder.Combine("instances.json");

        var error = Assert.Throws<CocoFormatException>(() => CocoAssembler.Assemble(folder.Path, output, Info));

        Assert.Equal((bad, jsonPath), (error.Path, error.JsonPath));
        Assert.StartsWith($"{bad}: {jsonPath}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public void A_fragment_cut_short_is_an_error_with_its_line_and_a_fragment_under_another_frames_name_is_caught()
    {
        using var folder = new ScratchFolder();
        WriteFrame(folder.Path, 0);
        string path = CocoFragment.PathOf(folder.Path, 0);
        string json = File.ReadAllText(path);
        File.WriteAllText(path, json[..(json.Length / 2)]);

        var cut = Assert.Throws<CocoFormatException>(() => CocoAssembler.Assemble(folder.Path, folder.Combine("x.json"), Info));
        Assert.StartsWith($"{path}: ", cut.Message, StringComparison.Ordinal);
        Assert.Contains("malformed JSON at line 1", cut.Message, StringComparison.Ordinal);

        WriteFrame(folder.Path, 0);
        File.Move(path, CocoFragment.PathOf(folder.Path, 5));
        var renamed = Assert.Throws<CocoFormatException>(() => CocoAssembler.Assemble(folder.Path, folder.Combine("x.json"), Info));
        Assert.Contains("the fragment of frame 5 (by its name) says it is frame 0", renamed.Message, StringComparison.Ordinal);
    }

    private static string ReplaceFirst(string text, string what, string with)
    {
        int at = text.IndexOf(what, StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, at), with, text.AsSpan(at + what.Length));
    }
}
