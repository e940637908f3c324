using System.Runtime.InteropServices;

namespace Sim.Cli.Tests;

/// <summary>What sim sets in the native environment for the libraries it loads.</summary>
public class NativeHeapTests
{
    [Fact]
    public void Arrow_threads_are_bounded_by_the_thread_count_in_the_environment_native_code_reads()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        string? before = Environment.GetEnvironmentVariable("OMP_NUM_THREADS");
        NativeHeap.LimitNativeThreads(3);

        // libc's environment, which Arrow's thread pool reads when it starts (not .NET's copy): set to the thread count,
        // or left as the user set it.
        Assert.Equal(before ?? "3", Marshal.PtrToStringUTF8(GetEnv("OMP_NUM_THREADS")));
        Assert.Throws<ArgumentOutOfRangeException>(() => NativeHeap.LimitNativeThreads(0));
    }

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr GetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);
}
