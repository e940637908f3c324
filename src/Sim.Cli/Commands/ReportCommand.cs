using System.CommandLine;
using System.Globalization;
using Sim.Cli.Report;
using Sim.Export.Files;
using Sim.Export.Manifest;
using Sim.Export.Report;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>sim report DATASET_OR_BATCH_DIR [--out DIR]</c>: the quality report of a dataset or of every dataset beneath a
/// folder (a batch, a run's output): <c>report.json</c> (every number behind the plots, byte-identical on rerun),
/// <c>report.html</c> and its PNG plots beside it. The output goes to <c>DIR/report/</c>, or, for a single dataset
/// folder (whose manifest vouches for every file in it), to <c>report-NAME/</c> beside it. Exits
/// <see cref="ExitCodes.Usage"/> when the folder is missing, holds no dataset, or a manifest or data file does not read
/// (the message names it).
/// </summary>
internal sealed class ReportCommand : Command
{
    /// <summary>Creates the <c>report</c> command.</summary>
    public ReportCommand()
        : base("report", "Write the quality report of a dataset or of a whole batch.")
    {
        Add(Path);
        Add(Out);
        SetAction(parseResult =>
        {
            TextWriter stdout = parseResult.InvocationConfiguration.Output;
            TextWriter stderr = parseResult.InvocationConfiguration.Error;
            string source = parseResult.GetRequiredValue(Path).ToString();
            string output = parseResult.GetValue(Out)?.ToString() ?? DefaultOutput(source);
            if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output, "*", SearchOption.AllDirectories).Any(f => System.IO.Path.GetFileName(f) == DatasetManifest.FileName || System.IO.Path.GetFileName(f).StartsWith(".sim", StringComparison.Ordinal)))
            {
                // e.g. a batch with a scenario named "report": its datasets are not to be skipped, nor the report written among them.
                stderr.WriteLine($"{SimCommand.Name} report: {output} holds datasets (a scenario named '{System.IO.Path.GetFileName(output)}'?); the report would be written among them and they would be left out of it: give --out");
                return ExitCodes.Usage;
            }

            QualityReport report;
            try
            {
                // Farm-sized batches take a while: a line on stderr every tenth of the datasets (from 50 on).
                report = QualityReport.Build(source, exclude: output, (i, count, dataset) =>
                {
                    if (count >= 50 && i % (count / 10) == 0)
                    {
                        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{SimCommand.Name} report: dataset {i + 1:N0}/{count:N0} ({dataset.RelativePath})"));
                    }
                });
            }
            catch (ReportInputException e)
            {
                stderr.WriteLine($"{SimCommand.Name} report: {e.Message}");
                return ExitCodes.Usage;
            }

            if (File.Exists(output))
            {
                stderr.WriteLine($"{SimCommand.Name} report: {output}: is a file, not a folder");
                return ExitCodes.Usage;
            }

            Directory.CreateDirectory(output);
            IReadOnlyList<ReportPlot> sensorPlots = report.Sensors.Datasets > 0 ? ReportPlots.WriteSensors(report.Sensors, output) : [];
            IReadOnlyList<ReportPlot> ledgerPlots = report.Ledgers.Datasets > 0 ? ReportPlots.WriteLedgers(report.Ledgers, output) : [];
            report.Write(output);
            AtomicFile.WriteAllText(System.IO.Path.Combine(output, ReportHtml.FileName), ReportHtml.Page(report, source, sensorPlots, ledgerPlots));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{source}: {report.Sensors.Datasets} sensor datasets, {report.Ledgers.Datasets} ledgers, {report.Found.Incomplete.Count} incomplete; report in {System.IO.Path.Combine(output, ReportHtml.FileName)} ({sensorPlots.Count + ledgerPlots.Count} plots) and {QualityReport.FileName}"));
            return ExitCodes.Success;
        });
    }

    /// <summary>The dataset or batch directory to report on.</summary>
    public Argument<DirectoryInfo> Path { get; } = new("dataset-or-batch") { Description = "Dataset directory or batch directory." };

    /// <summary>Where the report goes.</summary>
    public Option<DirectoryInfo> Out { get; } = new("--out") { Description = "Output folder [default: DIR/report, or report-NAME beside a single dataset]." };

    /// <summary>DIR/report for a folder of datasets; report-NAME beside a single dataset, which must hold only the files
    /// its manifest lists.</summary>
    private static string DefaultOutput(string source)
    {
        string full = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(source));
        return File.Exists(System.IO.Path.Combine(full, DatasetManifest.FileName))
            ? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full) ?? full, $"report-{System.IO.Path.GetFileName(full)}")
            : System.IO.Path.Combine(source, "report");
    }
}
