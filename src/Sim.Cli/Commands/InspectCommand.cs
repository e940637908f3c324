using System.CommandLine;
using System.Globalization;
using Sim.Export.Dataset;
using Sim.Export.Ledger;
using Sim.Export.Manifest;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>sim inspect DATASET</c>: summarises a dataset (frames, labels per class, boxes, points, size, renderer) and checks
/// it (<see cref="DatasetInspector"/>); given a run's output folder, it inspects every <c>vNNNNNN</c> dataset in it.
/// Every problem goes to stderr naming its file. Exits 0 when all are consistent, <see cref="ExitCodes.Failure"/>
/// when one is not, <see cref="ExitCodes.Usage"/> when the folder does not exist.
/// </summary>
internal sealed class InspectCommand : Command
{
    /// <summary>Creates the <c>inspect</c> command.</summary>
    public InspectCommand()
        : base("inspect", "Summarise and check a dataset (or every dataset of a run's output folder).")
    {
        Add(Dataset);
        SetAction(parseResult =>
        {
            TextWriter stdout = parseResult.InvocationConfiguration.Output;
            TextWriter stderr = parseResult.InvocationConfiguration.Error;
            string folder = parseResult.GetRequiredValue(Dataset).ToString();
            if (!Directory.Exists(folder))
            {
                stderr.WriteLine($"{SimCommand.Name} inspect: {folder}: no such folder");
                return ExitCodes.Usage;
            }

            string[] datasets = File.Exists(Path.Combine(folder, DatasetManifest.FileName)) || Directory.Exists(Path.Combine(folder, DatasetWriter.WorkFolder))
                ? [folder]
                : [.. Directory.EnumerateDirectories(folder, "v*").Order(StringComparer.Ordinal)];
            if (datasets.Length == 0)
            {
                datasets = [folder]; // reported as not a dataset
            }

            bool consistent = true;
            foreach (string dataset in datasets)
            {
                if (LedgerInspector.IsLedger(dataset))
                {
                    consistent &= InspectLedger(dataset, stdout, stderr);
                    continue;
                }

                DatasetReport report = DatasetInspector.Inspect(dataset) with { Folder = dataset }; // named as the user gave it
                if (report.Manifest is DatasetManifest m)
                {
                    string classes = string.Join(", ", m.LabelsPerClass.Select(c => $"{c.Value} {c.Key}"));
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{report.Folder}: {m.Scenario.Name} variation {m.Scenario.Variation}, seed {m.Scenario.Seed}"));
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  frames {report.Frames}, boxes {report.Boxes}, points {report.Points:N0}, {m.Files.Count} files, {report.Bytes / 1e6:0.0} MB"));
                    stdout.WriteLine($"  labels: {(classes.Length > 0 ? classes : "none")}");
                    stdout.WriteLine($"  formats: {string.Join(", ", m.Formats)}; renderer: {m.Renderer}; tool {m.ToolVersion}");
                }

                foreach (string problem in report.Problems)
                {
                    stderr.WriteLine($"{SimCommand.Name} inspect: {problem}");
                }

                stdout.WriteLine(report.IsConsistent ? $"{report.Folder}: consistent" : string.Create(CultureInfo.InvariantCulture, $"{report.Folder}: INCONSISTENT ({report.Problems.Count} problems)"));
                consistent &= report.IsConsistent;
            }

            return consistent ? ExitCodes.Success : ExitCodes.Failure;
        });
    }

    /// <summary>The dataset directory to read.</summary>
    /// <summary>Prints a ledger dataset's summary and problems; returns whether it is consistent.</summary>
    private static bool InspectLedger(string dataset, TextWriter stdout, TextWriter stderr)
    {
        LedgerReport report = LedgerInspector.Inspect(dataset);
        if (report.Summary.Length > 0)
        {
            stdout.WriteLine($"{dataset}: {report.Summary}");
            string labels = report.Fraud >= 0 ? string.Create(CultureInfo.InvariantCulture, $", {report.Fraud:N0} fraud, {report.Laundering:N0} laundering") : "";
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  transactions {report.Transactions:N0}{labels}, {report.Files} files, {report.Bytes / 1e6:0.0} MB"));
        }

        foreach (string problem in report.Problems)
        {
            stderr.WriteLine($"{SimCommand.Name} inspect: {problem}");
        }

        stdout.WriteLine(report.IsConsistent ? $"{dataset}: consistent" : string.Create(CultureInfo.InvariantCulture, $"{dataset}: INCONSISTENT ({report.Problems.Count} problems)"));
        return report.IsConsistent;
    }

    public Argument<DirectoryInfo> Dataset { get; } = new("dataset") { Description = "Dataset folder (holds manifest.json), or a run's output folder of vNNNNNN datasets." };
}
