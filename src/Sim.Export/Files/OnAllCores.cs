using System.Runtime.ExceptionServices;

namespace Sim.Export.Files;

/// <summary>
/// Runs independent pieces of dataset writing on at most one worker per core and, when one fails, rethrows its own
/// exception (the disk-full <see cref="IOException"/>, the <see cref="InvalidDataException"/> naming a damaged file)
/// rather than the <see cref="AggregateException"/> "one or more errors occurred" that tells a user nothing.
/// </summary>
internal static class OnAllCores
{
    private static ParallelOptions Options => new() { MaxDegreeOfParallelism = ExportThreads.Max };

    /// <summary>Runs every action.</summary>
    public static void Invoke(IEnumerable<Action> actions) => Unwrap(() => Parallel.Invoke(Options, [.. actions]));

    /// <summary>Runs <paramref name="body"/> for 0 … <paramref name="count"/> − 1.</summary>
    public static void For(int count, Action<int> body) => Unwrap(() => Parallel.For(0, count, Options, body));

    private static void Unwrap(Action run)
    {
        try
        {
            run();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }
}
