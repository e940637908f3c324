using System.Buffers;

namespace Sim.Export.Files;

/// <summary>
/// A file's bytes assembled in memory in arrays rented from <see cref="ArrayPool{T}.Shared"/>: a write-only
/// <see cref="Stream"/> (for encoders that take one, such as zlib) and an <see cref="IBufferWriter{T}"/> (for those that
/// fill spans, such as MessagePack) at once. Dataset writers encode each file into one, hash it and write it in a
/// single call, and return the array on <see cref="Dispose(bool)"/>: a long run allocates no multi-megabyte array per
/// frame, which the garbage collector would otherwise have to reclaim from the large-object heap.
/// </summary>
internal sealed class PooledBuffer : Stream, IBufferWriter<byte>
{
    private byte[] _array;
    private int _length;

    /// <summary>A buffer with room for <paramref name="capacity"/> bytes before it grows.</summary>
    public PooledBuffer(int capacity = 1 << 16)
    {
        _array = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 256));
    }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => _array.AsSpan(0, _length);

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => _length;

    /// <inheritdoc />
    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > _array.Length - _length)
        {
            throw new InvalidOperationException($"advanced {count} bytes past the {_array.Length - _length} asked for");
        }

        _length += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _array.AsMemory(_length);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _array.AsSpan(_length);
    }

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Reserve(buffer.Length);
        buffer.CopyTo(_array.AsSpan(_length));
        _length += buffer.Length;
    }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override void WriteByte(byte value)
    {
        Reserve(1);
        _array[_length++] = value;
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && _array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = [];
            _length = 0;
        }

        base.Dispose(disposing);
    }

    /// <summary>Makes room for at least <paramref name="size"/> (at least one) more bytes, renting a larger array (at
    /// least twice the size) and returning the old one when needed.</summary>
    private void Reserve(int size)
    {
        ObjectDisposedException.ThrowIf(_array.Length == 0, this);
        size = Math.Max(size, 1);
        if (_array.Length - _length >= size)
        {
            return;
        }

        long wanted = Math.Max((long)_length + size, 2L * _array.Length);
        if (wanted > Array.MaxLength)
        {
            wanted = (long)_length + size <= Array.MaxLength ? Array.MaxLength : throw new OverflowException($"a file of more than {Array.MaxLength} bytes cannot be assembled in memory");
        }

        byte[] larger = ArrayPool<byte>.Shared.Rent((int)wanted);
        _array.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_array);
        _array = larger;
    }
}
