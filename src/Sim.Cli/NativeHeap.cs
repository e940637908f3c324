using System.Runtime.InteropServices;

namespace Sim.Cli;

/// <summary>
/// Tunes glibc's allocator for sim's long runs, before any work, unless the user set the same through the environment:
/// two arenas (<c>M_ARENA_MAX</c>, as <c>MALLOC_ARENA_MAX=2</c>) instead of up to eight per core, and native blocks of
/// 64 KiB and more mapped on their own (<c>M_MMAP_THRESHOLD</c>, as <c>MALLOC_MMAP_THRESHOLD_=65536</c>) so they go back
/// to the system when freed. Each PNG's zlib state (a few hundred KiB, on whichever worker thread encodes it) otherwise
/// lands in the arenas, whose free space fragments and grows with the run: peak memory for 1,000 frames against 100 read
/// 1.13–1.28 without the threshold and 0.98–1.03 with it (<c>bench/run export</c>'s child processes, which call this
/// too). Nothing on other C libraries (musl's mallopt does nothing).
/// </summary>
public static class NativeHeap
{
    private const int MmapThreshold = -3; // M_MMAP_THRESHOLD in malloc.h
    private const int ArenaMax = -8; // M_ARENA_MAX

    /// <summary>Applies the settings (once, at start: arenas already made keep their memory).</summary>
    public static void Tune()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            if (Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null)
            {
                _ = MallOpt(ArenaMax, 2);
            }

            if (Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is null)
            {
                _ = MallOpt(MmapThreshold, 64 * 1024);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: its own allocator, its own defaults.
        }
    }

    /// <summary>
    /// Bounds Apache Arrow's CPU thread pool (which encodes <c>transactions.parquet</c>'s columns) to
    /// <paramref name="threads"/>, as <c>--threads</c> bounds sim's own: Arrow sizes the pool, when first used, from
    /// <c>OMP_NUM_THREADS</c>, else from the machine's core count, which on a large farm node is far more than a shard
    /// was given. Set in the process environment (libc's, which Arrow reads; .NET's own copy is not) unless the user set
    /// it. Call before anything is written.
    /// </summary>
    public static void LimitNativeThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("OMP_NUM_THREADS") is not null)
        {
            return;
        }

        try
        {
            _ = SetEnv("OMP_NUM_THREADS", threads.ToString(System.Globalization.CultureInfo.InvariantCulture), 1);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // No libc setenv: Arrow keeps its default.
        }
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);
}
