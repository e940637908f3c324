namespace Sim.Export.Report;

/// <summary>The report's input cannot be used: a missing folder, a manifest that does not read, no dataset found, too
/// many datasets. The message names the file or folder.</summary>
/// <param name="message">What is wrong, naming the file or folder.</param>
/// <param name="inner">The error underneath, if any.</param>
public sealed class ReportInputException(string message, Exception? inner = null) : Exception(message, inner);
