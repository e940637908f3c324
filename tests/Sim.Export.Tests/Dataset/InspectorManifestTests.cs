using System.Text.Json.Nodes;
using Sim.Export.Dataset;
using Sim.Export.Manifest;

namespace Sim.Export.Tests.Dataset;

/// <summary>A malformed manifest is a problem naming manifest.json and the field's JSON path, never an exception out of
/// the inspector (nor a KeyNotFoundException naming nothing out of <see cref="DatasetManifest.Read"/>).</summary>
public sealed class InspectorManifestTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-inspect-").FullName;

    public InspectorManifestTests() => InspectorDatasets.Write(_dir, "msgpack");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string ManifestPath => Path.Combine(_dir, DatasetManifest.FileName);

    private void Edit(Action<JsonObject> edit)
    {
        JsonObject node = JsonNode.Parse(File.ReadAllText(ManifestPath))!.AsObject();
        edit(node);
        File.WriteAllText(ManifestPath, node.ToJsonString());
    }

    private static JsonNode At(JsonNode node, string path) =>
        path.Split('.').Aggregate(node, (n, part) => part.EndsWith(']') ? n[part[..part.IndexOf('[')]]![int.Parse(part[(part.IndexOf('[') + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]! : n[part]!);

    private static (JsonNode Parent, string Name) Parent(JsonObject root, string path) =>
        path.LastIndexOf('.') is int dot and >= 0 ? (At(root, path[..dot]), path[(dot + 1)..]) : (root, path);

    [Theory]
    [InlineData("scenario.seed")]
    [InlineData("scenario")]
    [InlineData("version")]
    [InlineData("lidar_points")]
    [InlineData("files[0].bytes")]
    [InlineData("files[0].sha256")]
    public void A_missing_field_is_named_by_its_json_path(string field)
    {
        Edit(root =>
        {
            (JsonNode parent, string name) = Parent(root, field);
            parent.AsObject().Remove(name);
        });

        var e = Assert.Throws<InvalidDataException>(() => DatasetManifest.Read(ManifestPath));
        Assert.Equal($"{ManifestPath}: missing '{field}'", e.Message);
        DatasetReport report = DatasetInspector.Inspect(_dir);
        Assert.Equal([e.Message], report.Problems);
    }

    [Theory]
    [InlineData("scenario.seed", "\"7\"", "'scenario.seed' is String, expected Number")]
    [InlineData("scenario.seed", "-1", "'scenario.seed' is -1, expected an integer 0 to 2^64 - 1")]
    [InlineData("frames", "2.5", "'frames' is 2.5, expected a 32-bit integer")]
    [InlineData("formats", "[\"msgpack\", 3]", "'formats[1]' is Number, expected String")]
    [InlineData("labels_per_class", "{\"car\": \"x\"}", "'labels_per_class.car' is String, expected Number")]
    [InlineData("timings", "{\"write_s\": null}", "'timings.write_s' is Null, expected Number")]
    [InlineData("files", "[7]", "'files[0]' is Number, expected Object")]
    [InlineData("scenario.parameters", "[{\"path\": \"a.b\", \"value\": [1]}]", "'scenario.parameters[0].value' is Array, expected Number or String")]
    public void A_mistyped_field_is_named_by_its_json_path(string field, string json, string message)
    {
        Edit(root =>
        {
            (JsonNode parent, string name) = Parent(root, field);
            parent[name] = JsonNode.Parse(json);
        });

        var e = Assert.Throws<InvalidDataException>(() => DatasetManifest.Read(ManifestPath));
        Assert.Equal($"{ManifestPath}: {message}", e.Message);
        Assert.Equal([e.Message], DatasetInspector.Inspect(_dir).Problems);
    }

    [Theory]
    [InlineData("camera", "sensors.camera: missing or not an object")]
    [InlineData("camera.width", "sensors.camera.width: missing or not a positive integer")]
    [InlineData("camera.height", "sensors.camera.height: missing or not a positive integer")]
    public void A_camera_without_its_size_is_a_problem_naming_the_field(string field, string message)
    {
        Edit(root =>
        {
            (JsonNode parent, string name) = Parent(root["sensors"]!.AsObject(), field);
            parent.AsObject().Remove(name);
        });

        DatasetReport report = DatasetInspector.Inspect(_dir);

        Assert.Equal([$"{ManifestPath}: {message}; the image sizes cannot be checked"], report.Problems);
    }
}
