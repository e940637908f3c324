namespace Sim.Core.Tests.Traffic;

/// <summary>What steady-state work allocates on the calling thread, measured so that passing effects do not count: the
/// least of several windows, stopping at the first that allocates nothing. A pooled array trimmed by a full collection
/// that another test's thread triggered lands in one window; code still at tier 0 (tiering waits while other test
/// classes keep the JIT busy, and tier 0 does not stack-allocate what tier 1 does) allocates until it is promoted. An
/// allocation the code makes every step shows in every window, however many are run; one it makes now and then (a list
/// doubling) may land in one window and go unseen, which is why the tests warm their buffers up first.</summary>
internal static class SteadyAllocation
{
    /// <summary>The least bytes allocated by <paramref name="measured"/> over windows of <paramref name="steps"/> steps
    /// each, at most <paramref name="windows"/> of them; <paramref name="unmeasured"/> runs before each measured call and
    /// is not counted. With <paramref name="allWindows"/> every window runs, for a test whose later assertions need every
    /// step taken.</summary>
    public static long LeastOfWindows(int windows, int steps, Action measured, Action? unmeasured = null, bool allWindows = false)
    {
        long least = long.MaxValue;
        for (int w = 0; w < windows && (allWindows || least > 0); w++)
        {
            long total = 0;
            for (int s = 0; s < steps; s++)
            {
                unmeasured?.Invoke();
                long before = GC.GetAllocatedBytesForCurrentThread();
                measured();
                total += GC.GetAllocatedBytesForCurrentThread() - before;
            }

            least = Math.Min(least, total);
        }

        return least;
    }
}
