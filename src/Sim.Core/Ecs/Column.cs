using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sim.Core.Ecs;

/// <summary>One contiguous column of an archetype table: the values of one component type, row by row.</summary>
internal abstract class Column
{
    public abstract ComponentType Type { get; }

    public abstract void Resize(int capacity);

    /// <summary>Copies row <paramref name="from"/> of this column into row <paramref name="to"/> of <paramref name="target"/> (same type).</summary>
    public abstract void CopyRowTo(int from, Column target, int to);

    /// <summary>Moves row <paramref name="from"/> onto row <paramref name="to"/> within this column.</summary>
    public abstract void MoveRow(int from, int to);

    /// <summary>Zeroes one row so that stale bytes never leak into later rows.</summary>
    public abstract void ClearRow(int row);

    /// <summary>The raw bytes of rows [0, count).</summary>
    public abstract ReadOnlySpan<byte> Bytes(int count);

    /// <summary>Overwrites rows [0, bytes.Length / size) with raw bytes.</summary>
    public abstract void SetBytes(ReadOnlySpan<byte> bytes);

    /// <summary>Writes a boxed value into a row (used by command buffers, which store values as bytes).</summary>
    public abstract void SetRowBytes(int row, ReadOnlySpan<byte> bytes);
}

internal sealed class Column<T> : Column where T : unmanaged
{
    public T[] Items = [];

    public override ComponentType Type => ComponentType<T>.Info;

    public override void Resize(int capacity) => Array.Resize(ref Items, capacity);

    public override void CopyRowTo(int from, Column target, int to) => Unsafe.As<Column<T>>(target).Items[to] = Items[from];

    public override void MoveRow(int from, int to) => Items[to] = Items[from];

    public override void ClearRow(int row) => Items[row] = default;

    public override ReadOnlySpan<byte> Bytes(int count) => MemoryMarshal.AsBytes(Items.AsSpan(0, count));

    public override void SetBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(MemoryMarshal.AsBytes(Items.AsSpan()));

    public override void SetRowBytes(int row, ReadOnlySpan<byte> bytes) => Items[row] = MemoryMarshal.Read<T>(bytes);
}
