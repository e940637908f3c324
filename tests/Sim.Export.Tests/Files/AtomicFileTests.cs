using Sim.Export.Files;

namespace Sim.Export.Tests.Files;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_failed_write_leaves_neither_the_file_nor_a_temp_and_keeps_the_old_content()
    {
        string path = Path.Combine(_dir, "sub", "a.bin");
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
        {
            s.Write([9, 9]);
            throw new IOException("disk full");
        }));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path)); // the old file is untouched
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "sub")));
    }

    [Fact]
    public void Leftover_temp_files_of_a_killed_writer_are_removed()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "x"));
        File.WriteAllText(Path.Combine(_dir, "x", ".000001.png.4242.tmp"), "half");
        File.WriteAllText(Path.Combine(_dir, "x", "000000.png"), "whole");
        Assert.Equal(1, AtomicFile.DeleteLeftovers(_dir));
        Assert.Equal(["000000.png"], Directory.GetFiles(Path.Combine(_dir, "x")).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("a/../../escape.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    public void Paths_that_leave_the_dataset_are_refused(string relative)
    {
        var e = Assert.Throws<ArgumentException>(() => DatasetPath.Resolve(_dir, relative));
        Assert.Contains("'" + relative + "'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Paths_inside_the_dataset_resolve_under_it()
    {
        Assert.Equal(Path.Combine(_dir, "image_2", "000000.png"), DatasetPath.Resolve(_dir, "image_2/000000.png"));
        Assert.Equal(Path.Combine(_dir, "b"), DatasetPath.Resolve(_dir, "a/../b"));
        Assert.Equal("image_2/000000.png", DatasetPath.Relative(_dir, Path.Combine(_dir, "image_2", "000000.png")));
    }
}
