using Sim.Export.Report;

namespace Sim.Export.Tests.Report;

public sealed class DatasetDiscoveryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-discovery-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Manifest(string relative, string format = "sim.dataset")
    {
        string folder = Directory.CreateDirectory(Path.Combine(_dir, relative)).FullName;
        File.WriteAllText(Path.Combine(folder, "manifest.json"), $$"""{ "format": "{{format}}", "version": 1 }""");
    }

    [Fact]
    public void Datasets_are_found_by_manifest_in_path_order_and_variation_folders_without_one_are_incomplete()
    {
        Manifest("street/v000001");
        Manifest("street/v000000");
        Manifest("bank/v000000", "sim.ledger");
        Directory.CreateDirectory(Path.Combine(_dir, "street", "v000002"));
        Directory.CreateDirectory(Path.Combine(_dir, "street", "v000003", ".sim"));
        Manifest("street/v000000/inner"); // inside a dataset: not searched
        Manifest(".hidden/v000000");
        Manifest("report/v000000");

        DiscoveredDatasets found = DatasetDiscovery.Find(_dir, exclude: Path.Combine(_dir, "report"));

        Assert.Equal(["bank/v000000", "street/v000000", "street/v000001"], found.Datasets.Select(d => d.RelativePath));
        Assert.Equal([DatasetKind.Ledger, DatasetKind.Sensor, DatasetKind.Sensor], found.Datasets.Select(d => d.Kind));
        Assert.Equal(["street/v000002", "street/v000003"], found.Incomplete);
    }

    [Fact]
    public void The_folder_itself_may_be_the_dataset()
    {
        Manifest("v000000");

        DiscoveredDatasets found = DatasetDiscovery.Find(Path.Combine(_dir, "v000000"));

        Assert.Equal(".", Assert.Single(found.Datasets).RelativePath);
    }

    [Fact]
    public void The_search_stops_at_its_depth_and_its_count()
    {
        Manifest("a/b/c/v000000"); // four levels down
        Manifest("a/b/c/d/v000000");
        Assert.Equal(["a/b/c/v000000"], DatasetDiscovery.Find(_dir).Datasets.Select(d => d.RelativePath));

        Manifest("x/v000000");
        Manifest("x/v000001");
        ReportInputException e = Assert.Throws<ReportInputException>(() => DatasetDiscovery.Find(_dir, maxDatasets: 2));
        Assert.Equal($"{_dir}: more than 2 datasets; report on a part of it (a scenario's folder)", e.Message);
    }

    [Fact]
    public void A_manifest_of_another_format_is_named()
    {
        Manifest("v000000", "something.else");

        ReportInputException e = Assert.Throws<ReportInputException>(() => DatasetDiscovery.Find(_dir));

        Assert.StartsWith($"{Path.Combine(_dir, "v000000", "manifest.json")}: format 'something.else' is not a Sim dataset", e.Message, StringComparison.Ordinal);
    }
}
