using System.Buffers;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using MessagePack;

namespace Sim.Core.Ecs;

/// <summary>A snapshot could not be restored: it is corrupt, from another format version, or names unknown types.</summary>
public sealed class SnapshotFormatException : FormatException
{
    /// <summary>Creates the exception; the message says what was expected.</summary>
    public SnapshotFormatException(string message, Exception? inner = null)
        : base("World snapshot: " + message, inner)
    {
    }
}

public sealed partial class World
{
    /// <summary>The <c>format</c> field of every snapshot.</summary>
    public const string SnapshotFormat = "sim.world.snapshot";

    /// <summary>The snapshot format version this build writes and reads.</summary>
    public const int SnapshotVersion = 1;

    private const int RawBlock = 1 << 16;

    /// <summary>
    /// Serialises the whole world state (entities and versions, free ids, archetypes in creation order with
    /// their raw component columns, unmanaged resources) as MessagePack.
    /// </summary>
    /// <remarks>
    /// Layout, a map: <c>format</c> (string), <c>version</c> (int), <c>entityVersions</c> (bin: int32 LE per id),
    /// <c>free</c> (bin: int32 LE ids, the recycle stack bottom to top), <c>archetypes</c> (array of maps:
    /// <c>components</c> [names in ordinal order], <c>sizes</c> [bytes], <c>entities</c> (bin: int32 LE id per
    /// row), <c>columns</c> [bin per component, raw little-endian struct bytes, rows in order]),
    /// <c>resources</c> (array of [name, bin], names in ordinal order). The same world always gives the same
    /// bytes; a restored world gives them again.
    /// </remarks>
    public byte[] Snapshot()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        WriteSnapshot(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the snapshot (see <see cref="Snapshot"/>) to a buffer writer.</summary>
    public void WriteSnapshot(IBufferWriter<byte> output)
    {
        var writer = new MessagePackWriter(output);
        writer.WriteMapHeader(6);
        writer.Write("format");
        writer.Write(SnapshotFormat);
        writer.Write("version");
        writer.Write(SnapshotVersion);

        writer.Write("entityVersions");
        writer.WriteBinHeader(_slotCount * sizeof(int));
        for (int start = 0; start < _slotCount; start += RawBlock / sizeof(int))
        {
            int n = Math.Min(RawBlock / sizeof(int), _slotCount - start);
            Span<byte> span = writer.GetSpan(n * sizeof(int));
            for (int i = 0; i < n; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(span[(i * sizeof(int))..], _slots[start + i].Version);
            }

            writer.Advance(n * sizeof(int));
        }

        writer.Write("free");
        WriteRaw(ref writer, MemoryMarshal.AsBytes(_free.AsSpan(0, _freeCount)));

        writer.Write("archetypes");
        writer.WriteArrayHeader(_archetypes.Count);
        foreach (Archetype archetype in _archetypes)
        {
            ReadOnlySpan<Column> columns = archetype.ColumnsByName;
            writer.WriteMapHeader(4);
            writer.Write("components");
            writer.WriteArrayHeader(columns.Length);
            foreach (Column column in columns)
            {
                writer.Write(column.Type.Name);
            }

            writer.Write("sizes");
            writer.WriteArrayHeader(columns.Length);
            foreach (Column column in columns)
            {
                writer.Write(column.Type.Size);
            }

            writer.Write("entities");
            writer.WriteBinHeader(archetype.Count * sizeof(int));
            ReadOnlySpan<Entity> entities = archetype.Entities;
            for (int start = 0; start < entities.Length; start += RawBlock / sizeof(int))
            {
                int n = Math.Min(RawBlock / sizeof(int), entities.Length - start);
                Span<byte> span = writer.GetSpan(n * sizeof(int));
                for (int i = 0; i < n; i++)
                {
                    System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(span[(i * sizeof(int))..], entities[start + i].Id);
                }

                writer.Advance(n * sizeof(int));
            }

            writer.Write("columns");
            writer.WriteArrayHeader(columns.Length);
            foreach (Column column in columns)
            {
                WriteRaw(ref writer, column.Bytes(archetype.Count));
            }
        }

        ResourceBox[] resources = [.. SnapshotResources];
        writer.Write("resources");
        writer.WriteArrayHeader(resources.Length);
        foreach (ResourceBox resource in resources)
        {
            writer.WriteArrayHeader(2);
            writer.Write(resource.Type!.Name);
            WriteRaw(ref writer, resource.Bytes);
        }

        writer.Flush();
    }

    /// <summary>
    /// A 64-bit hash (XXH3) of the complete world state, equal for equal snapshots: the same whatever the
    /// process, thread count or platform of the same endianness. For determinism checks.
    /// </summary>
    public ulong ComputeHash()
    {
        var hasher = new HashingBufferWriter();
        WriteSnapshot(hasher);
        return hasher.Hash.GetCurrentHashAsUInt64();
    }

    /// <summary>Rebuilds a world from <see cref="Snapshot"/> bytes. It iterates in the same order and hashes the same.</summary>
    /// <exception cref="SnapshotFormatException">The bytes are not a valid snapshot of this version, or name a
    /// component type this process has not registered (<see cref="ComponentType.Register{T}"/>).</exception>
    public static World Restore(ReadOnlyMemory<byte> snapshot)
    {
        World world;
        var reader = new MessagePackReader(snapshot);
        try
        {
            world = SnapshotReader.Read(ref reader);
        }
        catch (Exception e) when (e is not SnapshotFormatException and not OutOfMemoryException)
        {
            // Whatever the MessagePack reader throws on malformed bytes (bad headers, lengths past the end, …).
            throw new SnapshotFormatException("the bytes are not a well-formed MessagePack snapshot (" + e.Message + ").", e);
        }

        if (!reader.End)
        {
            throw new SnapshotFormatException($"{snapshot.Length - reader.Consumed} bytes follow the snapshot; expected exactly one snapshot.");
        }

        return world;
    }

    private static void WriteRaw(ref MessagePackWriter writer, ReadOnlySpan<byte> bytes)
    {
        writer.WriteBinHeader(bytes.Length);
        for (int start = 0; start < bytes.Length; start += RawBlock)
        {
            writer.WriteRaw(bytes.Slice(start, Math.Min(RawBlock, bytes.Length - start)));
        }
    }

    /// <summary>Restore internals: apply validated parts of a snapshot to a fresh world.</summary>
    internal void RestoreEntities(int[] versions, int[] free)
    {
        _slots = new EntitySlot[Math.Max(256, versions.Length)];
        for (int i = 0; i < versions.Length; i++)
        {
            _slots[i].Version = versions[i];
            _slots[i].Row = -1;
        }

        _slotCount = versions.Length;
        _free = free.Length == 0 ? new int[64] : free;
        _freeCount = free.Length;
    }

    internal void RestoreArchetypeRows(Archetype archetype, ReadOnlySpan<int> ids)
    {
        int first = archetype.AddRows(ids.Length);
        Span<Entity> entities = archetype.EntitySpan(first, ids.Length);
        for (int row = 0; row < ids.Length; row++)
        {
            int id = ids[row];
            ref EntitySlot slot = ref _slots[id];
            entities[row] = new Entity(id, slot.Version);
            slot.Archetype = archetype;
            slot.Row = first + row;
        }

        Count += ids.Length;
    }

    internal bool SlotIsAlive(int id) => _slots[id].Archetype is not null;

    /// <summary>An <see cref="IBufferWriter{T}"/> that hashes what is written instead of keeping it.</summary>
    private sealed class HashingBufferWriter : IBufferWriter<byte>
    {
        private byte[] _buffer = new byte[RawBlock];

        public XxHash3 Hash { get; } = new();

        public void Advance(int count) => Hash.Append(_buffer.AsSpan(0, count));

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            EnsureSize(sizeHint);
            return _buffer;
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            EnsureSize(sizeHint);
            return _buffer;
        }

        private void EnsureSize(int sizeHint)
        {
            if (sizeHint > _buffer.Length)
            {
                _buffer = new byte[sizeHint];
            }
        }
    }
}
