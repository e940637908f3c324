using System.Text;
using System.Text.RegularExpressions;
using Sim.Tests.Infrastructure;

namespace Sim.Cli.Tests;

/// <summary>Test classes that change the process's working directory: they run alone, never beside another class
/// (whose relative paths would resolve against it).</summary>
[CollectionDefinition(nameof(WorkingDirectoryCollection), DisableParallelization = true)]
public sealed class WorkingDirectoryCollection;

/// <summary>
/// The invalid-scenario corpus (<c>InvalidScenarios/</c>, issue 4): <c>sim validate</c> on each file exits 2 with no
/// "ok:" line, reports the diagnostic <c>expected.tsv</c> gives for it as <c>file:line:col: path: message</c>, prints
/// nothing but such lines and the summary (no exception, no stack trace), and leaves its working directory untouched.
/// </summary>
[Collection(nameof(WorkingDirectoryCollection))]
public sealed class InvalidScenarioCorpusTests : IDisposable
{
    private const string ExpectedFile = "expected.tsv";

    /// <summary>The copy of the corpus next to the test binaries.</summary>
    private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "InvalidScenarios");

    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("sim-invalid-cwd-").FullName;

    public static TheoryData<string> Files => new(ReadExpected(Corpus).Select(e => e.File));

    public void Dispose() => Directory.Delete(_workingDirectory, recursive: true);

    [Theory]
    [MemberData(nameof(Files))]
    public void Validate_rejects_the_file_with_its_expected_diagnostic(string file)
    {
        Expected expected = ReadExpected(Corpus).Single(e => e.File == file);
        string path = Path.Combine(Corpus, file);

        CliResult r = ValidateInWorkingDirectory(path);

        AssertRejected(r, path, expected);
    }

    [Fact]
    public void The_corpus_has_at_least_40_files_each_with_one_expected_line()
    {
        // The checkout, not the copy next to the binaries, which keeps files deleted since the last clean build.
        string source = RepositoryRoot.Combine("tests", "Sim.Cli.Tests", "InvalidScenarios");
        string[] files = [.. Directory.GetFiles(source).Select(f => Path.GetFileName(f)).Where(f => f != ExpectedFile).Order(StringComparer.Ordinal)];
        string[] listed = [.. ReadExpected(source).Select(e => e.File)];

        Assert.True(files.Length >= 40, $"only {files.Length} invalid scenarios");
        Assert.Equal(listed.Distinct(StringComparer.Ordinal).Count(), listed.Length);
        Assert.Equal(files, listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_file_over_1_MiB_is_refused_unread()
    {
        // Generated here rather than committed: the repository keeps no file over the limit.
        string directory = Directory.CreateTempSubdirectory("sim-invalid-huge-").FullName;
        try
        {
            string path = Path.Combine(directory, "huge.yaml");
            var text = new StringBuilder("meta:\n  name: huge\n  duration: 10\n  description: ");
            text.Append('x', (1 << 20) - text.Length).Append('\n');
            File.WriteAllText(path, text.ToString());
            Assert.Equal((1 << 20) + 1, new FileInfo(path).Length);

            CliResult r = ValidateInWorkingDirectory(path);

            AssertRejected(r, path, new Expected("huge.yaml", "1:1", string.Empty, "the file has more than 1,048,576 bytes; scenario files may have at most 1,048,576"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Runs <c>sim validate</c> in-process from the empty temporary working directory.</summary>
    private CliResult ValidateInWorkingDirectory(string path)
    {
        string previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = _workingDirectory;
        try
        {
            return CliRun.Sim("validate", path);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    private void AssertRejected(CliResult r, string path, Expected expected)
    {
        Assert.True(r.ExitCode == ExitCodes.Usage, $"exit code {r.ExitCode}, expected {ExitCodes.Usage}; stderr:\n{r.Stderr}");
        Assert.DoesNotContain(r.Stdout.Split(Environment.NewLine), line => line.StartsWith("ok:", StringComparison.Ordinal));
        Assert.DoesNotContain("Exception", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);

        string[] lines = r.StderrLines;
        Assert.NotEmpty(lines);
        Assert.Matches(@"^sim validate: [0-9]+ errors? in 1 of 1 file$", lines[^1]);
        var located = new Regex($"^{Regex.Escape(path)}:[0-9]+:[0-9]+: ", RegexOptions.CultureInvariant);
        Assert.All(lines[..^1], line => Assert.Matches(located, line));

        string prefix = expected.Path.Length == 0 ? $"{path}:{expected.Position}: " : $"{path}:{expected.Position}: {expected.Path}: ";
        Assert.True(
            lines[..^1].Any(line => line.StartsWith(prefix, StringComparison.Ordinal) && line.Contains(expected.Message, StringComparison.Ordinal)),
            $"no line starting '{prefix}' containing '{expected.Message}'; stderr:\n{r.Stderr}");

        Assert.Empty(Directory.EnumerateFileSystemEntries(_workingDirectory)); // no output folder, no stray file
    }

    /// <summary>The lines of <c>expected.tsv</c> in <paramref name="directory"/>: file, line:col, path, message fragment.</summary>
    private static List<Expected> ReadExpected(string directory) =>
        [.. File.ReadAllLines(Path.Combine(directory, ExpectedFile), Encoding.UTF8)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t') is [var file, var position, var path, var message]
                ? new Expected(file, position, path, message)
                : throw new InvalidDataException($"{ExpectedFile}: expected FILE<TAB>LINE:COL<TAB>PATH<TAB>MESSAGE, found '{line}'"))];

    /// <summary>One line of <c>expected.tsv</c>.</summary>
    private sealed record Expected(string File, string Position, string Path, string Message);
}
