namespace Sim.Cli.Run;

/// <summary>
/// Makes sure one process at a time writes a variation's folder: an exclusive advisory lock (flock; NLM on NFS) on a
/// hidden file beside it, <c>.vNNNNNN.lock</c>. A scheduler may start the same task twice (Kubernetes says so of Indexed
/// Jobs, a partitioned node's old pod may still run); the second process then skips that variation instead of writing
/// into the first one's files. The lock dies with its process, so a killed run never leaves a folder locked; the file is
/// removed when the variation is done.
/// </summary>
internal sealed class VariationLock : IDisposable
{
    private readonly FileStream _file;
    private readonly string _path;

    private VariationLock(FileStream file, string path)
    {
        _file = file;
        _path = path;
    }

    /// <summary>The lock file of variation <paramref name="index"/> under <paramref name="outRoot"/>.</summary>
    public static string PathOf(string outRoot, int index) => Path.Combine(outRoot, $".{RunIdentity.FolderName(index)}.lock");

    /// <summary>Takes the lock of variation <paramref name="index"/>, or returns null when another process holds it.</summary>
    public static VariationLock? TryTake(string outRoot, int index)
    {
        string path = PathOf(outRoot, index);
        Directory.CreateDirectory(outRoot);
        try
        {
            // On Unix, FileShare.None takes flock(LOCK_EX | LOCK_NB) on the file: refused while another open file holds it.
            return new VariationLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Removes the lock file and releases the lock.</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(_path);
        }
        finally
        {
            _file.Dispose();
        }
    }
}
