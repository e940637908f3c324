using System.Text.Json.Nodes;
using Sim.Export.Manifest;

namespace Sim.Cli.Tests;

/// <summary>Two datasets (sensor or ledger) are the same: the same files, byte for byte, and the same manifest apart from
/// what legitimately differs between builds and runs.</summary>
internal static class DatasetAssert
{
    /// <summary>The manifest without what legitimately changes between builds and runs (tool version, timings).</summary>
    public static string StableManifest(string folder)
    {
        JsonNode node = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, DatasetManifest.FileName)))!;
        node.AsObject().Remove("tool_version");
        node.AsObject().Remove("run_key_sha256"); // the run's key names the tool version
        node.AsObject().Remove("timings");
        node["scenario"]!.AsObject().Remove("file");
        return node.ToJsonString();
    }

    public static string[] FilesUnder(string folder) =>
        [.. Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal)];

    public static void Same(string expected, string actual)
    {
        Assert.Equal(FilesUnder(expected), FilesUnder(actual));
        foreach (string file in FilesUnder(expected).Where(f => f != DatasetManifest.FileName))
        {
            Assert.True(File.ReadAllBytes(Path.Combine(expected, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, file))), $"{file} differs");
        }

        Assert.Equal(StableManifest(expected), StableManifest(actual));
    }
}
