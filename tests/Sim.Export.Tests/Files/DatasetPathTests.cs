using Sim.Export.Files;

namespace Sim.Export.Tests.Files;

/// <summary>The messages of <see cref="DatasetPath.Resolve"/>'s refusals reach users as they are (<c>sim inspect</c>
/// prints them for a manifest's paths), so they are plain sentences without .NET's "(Parameter '…')" suffix.</summary>
public sealed class DatasetPathTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-path-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_path_that_climbs_out_is_refused_with_a_sentence_naming_it_and_the_folder()
    {
        var e = Assert.Throws<ArgumentException>(() => DatasetPath.Resolve(_dir, "../escape.txt"));
        Assert.Equal($"Dataset path '../escape.txt' leaves the dataset folder {_dir}.", e.Message);
        Assert.Null(e.ParamName);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    public void An_absolute_or_empty_path_is_refused_with_a_sentence_naming_it(string relative)
    {
        var e = Assert.Throws<ArgumentException>(() => DatasetPath.Resolve(_dir, relative));
        Assert.Equal($"Dataset path '{relative}' must be a non-empty relative path.", e.Message);
        Assert.DoesNotContain("(Parameter", e.Message, StringComparison.Ordinal);
    }
}
