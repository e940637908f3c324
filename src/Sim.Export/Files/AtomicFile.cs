using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Sim.Export.Files;

/// <summary>
/// Writes files so that a reader (or a resumed run) never sees half of one: the bytes go to a hidden temporary name in
/// the same folder (<c>.NAME.PID.tmp</c>) and the file is then renamed over the final name in one step (rename is
/// atomic within a file system on POSIX and NTFS). A killed writer leaves only a <c>.tmp</c> file, which
/// <see cref="DeleteLeftovers"/> removes. With <c>durable</c> the bytes are also forced to the disk (fsync) before the
/// rename, so the file survives a machine crash, not only a killed process.
/// </summary>
/// <remarks>Durability is per call because it is expensive: fsync after each of a frame's files cost 47 of a 72 ms
/// frame write (bench/run export); dataset writers sync frame files once, at completion, and the manifest durably.</remarks>
public static class AtomicFile
{
    /// <summary><c>SYNC_FILE_RANGE_WRITE</c>: start writing back the range's dirty pages, do not wait.</summary>
    private const uint SyncFileRangeWrite = 2;

    /// <summary>The suffix of temporary files.</summary>
    public const string TempSuffix = ".tmp";

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically, creating its folder; with
    /// <paramref name="durable"/>, synced to the disk before the rename.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes, bool durable = false) => WriteAllBytes(path, bytes, durable, startWriteback: false);

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically, creating its folder; with
    /// <paramref name="durable"/>, synced to the disk before the rename; with <paramref name="startWriteback"/> (and not
    /// durable), the kernel is asked to start writing the bytes to the disk now, without waiting for it
    /// (<c>sync_file_range</c> on Linux; elsewhere nothing): a writer that syncs its files later, as a dataset does at
    /// completion, then finds them mostly written, the disk having worked while the processor encoded the next
    /// files.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes, bool durable, bool startWriteback)
    {
        string temp = Begin(path);
        try
        {
            using (SafeFileHandle file = File.OpenHandle(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                RandomAccess.Write(file, bytes, 0);
                if (durable)
                {
                    RandomAccess.FlushToDisk(file);
                }
                else if (startWriteback)
                {
                    StartWriteback(file, 0, 0);
                }
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes UTF-8 text (no byte-order mark) to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text, bool durable = false) => WriteAllBytes(path, new System.Text.UTF8Encoding(false).GetBytes(text), durable);

    /// <summary>Writes through a stream that <paramref name="write"/> fills, then renames it into place; nothing is left
    /// at <paramref name="path"/> when <paramref name="write"/> throws.</summary>
    public static void Write(string path, Action<Stream> write, bool durable = false)
    {
        ArgumentNullException.ThrowIfNull(write);
        string temp = Begin(path);
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(file);
                file.Flush(flushToDisk: durable);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Deletes the temporary files a killed writer left under <paramref name="folder"/> (recursively).</summary>
    /// <returns>How many were deleted.</returns>
    public static int DeleteLeftovers(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        int deleted = 0;
        foreach (string file in Directory.EnumerateFiles(folder, "." + "*" + TempSuffix, SearchOption.AllDirectories))
        {
            File.Delete(file);
            deleted++;
        }

        return deleted;
    }

    /// <summary>The temporary path that <paramref name="path"/> is written under (<c>.NAME.PID.tmp</c> beside it), its
    /// folder created.</summary>
    internal static string Begin(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"{path} has no folder.", nameof(path));
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}{TempSuffix}");
    }

    /// <summary>Deletes <paramref name="temp"/>, ignoring an I/O error (the next run removes the leftover).</summary>
    internal static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
            // The original error matters more than a leftover temp file, which the next run removes.
        }
    }

    /// <summary>Asks the kernel to start writing <paramref name="length"/> bytes from <paramref name="offset"/> of an
    /// open file to the disk (0 bytes: to its end), without waiting; Linux only, elsewhere nothing. Advisory: when it
    /// fails, the bytes are written back later as usual.</summary>
    internal static void StartWriteback(SafeFileHandle file, long offset, long length)
    {
        if (OperatingSystem.IsLinux())
        {
            _ = SyncFileRange(file, offset, length, SyncFileRangeWrite);
        }
    }

    [DllImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static extern int SyncFileRange(SafeFileHandle fd, long offset, long nbytes, uint flags);
}
