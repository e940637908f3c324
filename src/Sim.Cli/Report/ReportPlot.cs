namespace Sim.Cli.Report;

/// <summary>A plot of the report: its PNG file name (beside report.html), title, caption and pixel size.</summary>
/// <param name="FileName">The PNG's name, e.g. <c>class_balance.png</c>.</param>
/// <param name="Title">The heading shown above it.</param>
/// <param name="Caption">What it shows, in a sentence.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
internal sealed record ReportPlot(string FileName, string Title, string Caption, int Width, int Height);
