namespace Sim.Export.Files;

/// <summary>
/// A file written by streaming, made visible only when complete: the bytes go to <see cref="AtomicFile"/>'s hidden
/// temporary name and <see cref="Commit"/> renames it over the final name; disposed without a commit (the writer
/// failed or was abandoned), the temporary file is deleted and nothing appears at the final name.
/// </summary>
internal sealed class AtomicFileStream : IDisposable
{
    private readonly string _temp;
    private FileStream? _stream;

    /// <summary>Opens the temporary file for <paramref name="path"/>, creating its folder.</summary>
    public AtomicFileStream(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _temp = AtomicFile.Begin(Path);
        _stream = new FileStream(_temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
    }

    /// <summary>The final path.</summary>
    public string Path { get; }

    /// <summary>The open temporary file.</summary>
    /// <exception cref="ObjectDisposedException">The file was committed or disposed.</exception>
    public FileStream Stream => _stream ?? throw new ObjectDisposedException(Path);

    /// <summary>Flushes and closes the temporary file and renames it into place.</summary>
    public void Commit()
    {
        FileStream stream = Stream;
        _stream = null;
        try
        {
            stream.Flush();
            stream.Dispose();
            File.Move(_temp, Path, overwrite: true);
        }
        catch
        {
            stream.Dispose();
            AtomicFile.TryDelete(_temp);
            throw;
        }
    }

    /// <summary>Closes and deletes the temporary file unless it was committed.</summary>
    public void Dispose()
    {
        if (_stream is { } stream)
        {
            _stream = null;
            try
            {
                stream.Dispose();
            }
            finally
            {
                AtomicFile.TryDelete(_temp);
            }
        }
    }
}
