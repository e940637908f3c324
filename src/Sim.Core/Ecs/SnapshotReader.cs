using System.Buffers;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MessagePack;

namespace Sim.Core.Ecs;

/// <summary>Reads and validates a world snapshot (see <see cref="World.Snapshot"/>) before it touches a world.</summary>
internal static class SnapshotReader
{
    static SnapshotReader()
    {
        // Sim.Core's own components and resources (kernel, traffic, …): a fresh process must restore a world of them
        // without having used them first. Only this assembly's public non-generic unmanaged structs; never by name.
        MethodInfo register = typeof(ComponentType).GetMethod(nameof(ComponentType.Register))!;
        foreach (Type type in typeof(World).Assembly.GetExportedTypes())
        {
            if (type.IsValueType && !type.IsEnum && !type.IsGenericTypeDefinition && !type.IsByRefLike && IsUnmanaged(type))
            {
                register.MakeGenericMethod(type).Invoke(null, null);
            }
        }
    }

    private static bool IsUnmanaged(Type type) =>
        !(bool)typeof(RuntimeHelpers).GetMethod(nameof(RuntimeHelpers.IsReferenceOrContainsReferences))!.MakeGenericMethod(type).Invoke(null, null)!;

    public static World Read(ref MessagePackReader reader)
    {
        int fields = reader.ReadMapHeader();
        string? format = null;
        int version = -1;
        int[]? versions = null;
        int[]? free = null;
        List<(ComponentType[] Types, int[] Ids, byte[][] Columns)>? archetypes = null;
        List<(ComponentType Type, byte[] Bytes)>? resources = null;
        for (int f = 0; f < fields; f++)
        {
            string key = reader.ReadString() ?? throw Error("a field name is nil.");
            switch (key)
            {
                case "format":
                    format = reader.ReadString();
                    break;
                case "version":
                    version = reader.ReadInt32();
                    break;
                case "entityVersions":
                    versions = ReadInts(ref reader, "entityVersions");
                    break;
                case "free":
                    free = ReadInts(ref reader, "free");
                    break;
                case "archetypes":
                    archetypes = ReadArchetypes(ref reader);
                    break;
                case "resources":
                    resources = ReadResources(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (format != World.SnapshotFormat)
        {
            throw Error($"field 'format' is '{format ?? "missing"}', expected '{World.SnapshotFormat}'.");
        }

        if (version != World.SnapshotVersion)
        {
            throw Error($"field 'version' is {version}, this build reads version {World.SnapshotVersion}.");
        }

        versions ??= Missing<int[]>("entityVersions");
        free ??= Missing<int[]>("free");
        archetypes ??= Missing<List<(ComponentType[], int[], byte[][])>>("archetypes");
        resources ??= Missing<List<(ComponentType, byte[])>>("resources");
        return Build(versions, free, archetypes, resources);
    }

    private static World Build(
        int[] versions,
        int[] free,
        List<(ComponentType[] Types, int[] Ids, byte[][] Columns)> archetypes,
        List<(ComponentType Type, byte[] Bytes)> resources)
    {
        for (int id = 0; id < versions.Length; id++)
        {
            if (versions[id] < 1)
            {
                throw Error($"entityVersions[{id}] is {versions[id]}, expected a version of at least 1.");
            }
        }

        var seen = new bool[versions.Length];
        foreach (int id in free)
        {
            CheckId(id, versions.Length, "free");
            if (seen[id])
            {
                throw Error($"id {id} appears twice in the free list.");
            }

            seen[id] = true;
        }

        if (archetypes.Count == 0 || archetypes[0].Types.Length != 0)
        {
            throw Error("archetype #0 must be the empty archetype (no components).");
        }

        var world = new World();
        world.RestoreEntities(versions, free);
        for (int a = 0; a < archetypes.Count; a++)
        {
            (ComponentType[] types, int[] ids, byte[][] columns) = archetypes[a];
            ComponentSet set = ComponentSet.Of(types);
            if (set.Count != types.Length)
            {
                throw Error($"archetype #{a} lists a component twice.");
            }

            Archetype archetype = world.GetOrCreateArchetype(set);
            if (archetype.Index != a)
            {
                throw Error($"archetype #{a} {set} duplicates archetype #{archetype.Index}.");
            }

            foreach (int id in ids)
            {
                CheckId(id, versions.Length, $"archetype #{a} entities");
                if (seen[id])
                {
                    throw Error($"entity id {id} appears twice (in archetype #{a}, and in an earlier archetype or the free list).");
                }

                seen[id] = true;
            }

            // Column sizes are checked before any row is allocated, so storage never exceeds what the input holds.
            for (int c = 0; c < types.Length; c++)
            {
                if (columns[c].LongLength != (long)ids.Length * types[c].Size)
                {
                    throw Error($"archetype #{a} column {types[c].Name} has {columns[c].Length} bytes, expected {ids.Length} rows × {types[c].Size} bytes.");
                }
            }

            world.RestoreArchetypeRows(archetype, ids);
            for (int c = 0; c < types.Length; c++)
            {
                archetype.ColumnOf(types[c].Id)!.SetBytes(columns[c]);
            }
        }

        for (int id = 0; id < versions.Length; id++)
        {
            if (!seen[id] && versions[id] != int.MaxValue)
            {
                throw Error($"entity id {id} is neither alive in an archetype nor in the free list (only a retired id, at version {int.MaxValue}, may be neither).");
            }
        }

        foreach ((ComponentType type, byte[] bytes) in resources)
        {
            if (bytes.Length != type.Size)
            {
                throw Error($"resource {type.Name} has {bytes.Length} bytes, expected {type.Size}.");
            }

            world.RestoreResource(type, bytes);
        }

        return world;
    }

    private static List<(ComponentType[], int[], byte[][])> ReadArchetypes(ref MessagePackReader reader)
    {
        int count = reader.ReadArrayHeader();
        var list = new List<(ComponentType[], int[], byte[][])>(Math.Min(count, 4096));
        for (int a = 0; a < count; a++)
        {
            ComponentType[]? types = null;
            int[]? sizes = null;
            int[]? ids = null;
            byte[][]? columns = null;
            int fields = reader.ReadMapHeader();
            for (int f = 0; f < fields; f++)
            {
                string key = reader.ReadString() ?? throw Error($"archetype #{a}: a field name is nil.");
                switch (key)
                {
                    case "components":
                        int n = reader.ReadArrayHeader();
                        types = new ComponentType[n];
                        for (int i = 0; i < n; i++)
                        {
                            string name = reader.ReadString() ?? throw Error($"archetype #{a}: component name {i} is nil.");
                            if (!ComponentType.TryGetByName(name, out ComponentType? type))
                            {
                                throw Error($"archetype #{a} has component type '{name}', which this process has not registered; call ComponentType.Register<{name.Split('.', '+')[^1]}>() before restoring.");
                            }

                            types[i] = type;
                        }

                        break;
                    case "sizes":
                        int m = reader.ReadArrayHeader();
                        sizes = new int[m];
                        for (int i = 0; i < m; i++)
                        {
                            sizes[i] = reader.ReadInt32();
                        }

                        break;
                    case "entities":
                        ids = ReadInts(ref reader, $"archetype #{a} entities");
                        break;
                    case "columns":
                        int k = reader.ReadArrayHeader();
                        columns = new byte[k][];
                        for (int i = 0; i < k; i++)
                        {
                            columns[i] = ReadBytes(ref reader, $"archetype #{a} column {i}");
                        }

                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            types ??= Missing<ComponentType[]>($"archetype #{a} components");
            sizes ??= Missing<int[]>($"archetype #{a} sizes");
            ids ??= Missing<int[]>($"archetype #{a} entities");
            columns ??= Missing<byte[][]>($"archetype #{a} columns");
            if (sizes.Length != types.Length || columns.Length != types.Length)
            {
                throw Error($"archetype #{a} lists {types.Length} components but {sizes.Length} sizes and {columns.Length} columns.");
            }

            for (int i = 1; i < types.Length; i++)
            {
                if (string.CompareOrdinal(types[i - 1].Name, types[i].Name) >= 0)
                {
                    throw Error($"archetype #{a} lists components out of order or twice ('{types[i - 1].Name}' then '{types[i].Name}'); they must be distinct and in ordinal order.");
                }
            }

            for (int i = 0; i < types.Length; i++)
            {
                if (sizes[i] != types[i].Size)
                {
                    throw Error($"archetype #{a}: {types[i].Name} was {sizes[i]} bytes when written and is {types[i].Size} bytes now; the component's layout changed.");
                }
            }

            list.Add((types, ids, columns));
        }

        return list;
    }

    private static List<(ComponentType, byte[])> ReadResources(ref MessagePackReader reader)
    {
        int count = reader.ReadArrayHeader();
        var list = new List<(ComponentType, byte[])>(Math.Min(count, 1024));
        for (int i = 0; i < count; i++)
        {
            if (reader.ReadArrayHeader() != 2)
            {
                throw Error($"resources[{i}] must be [name, bytes].");
            }

            string name = reader.ReadString() ?? throw Error($"resources[{i}] has a nil name.");
            if (!ComponentType.TryGetByName(name, out ComponentType? type))
            {
                throw Error($"resource type '{name}' is not registered in this process; call ComponentType.Register<{name.Split('.', '+')[^1]}>() before restoring.");
            }

            if (list.Count > 0 && string.CompareOrdinal(list[^1].Item1.Name, name) >= 0)
            {
                throw Error($"resources[{i}] '{name}' is out of order or listed twice; resources must be distinct and in ordinal order of name.");
            }

            list.Add((type, ReadBytes(ref reader, $"resources[{i}]")));
        }

        return list;
    }

    private static int[] ReadInts(ref MessagePackReader reader, string field)
    {
        byte[] bytes = ReadBytes(ref reader, field);
        if (bytes.Length % sizeof(int) != 0)
        {
            throw Error($"field '{field}' has {bytes.Length} bytes, not a whole number of int32 values.");
        }

        // Snapshots are little-endian, like every platform .NET runs Sim on (x64, arm64).
        return MemoryMarshal.Cast<byte, int>(bytes).ToArray();
    }

    private static byte[] ReadBytes(ref MessagePackReader reader, string field)
    {
        ReadOnlySequence<byte>? bytes = reader.ReadBytes();
        return bytes is null ? throw Error($"field '{field}' is nil, expected bytes.") : bytes.Value.ToArray();
    }

    private static void CheckId(int id, int count, string field)
    {
        if ((uint)id >= (uint)count)
        {
            throw Error($"{field} names entity id {id}, outside the {count} ids of entityVersions.");
        }
    }

    private static T Missing<T>(string field) => throw Error($"field '{field}' is missing.");

    private static SnapshotFormatException Error(string message) => new(message);
}
