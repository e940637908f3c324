using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Sim.Core.Ecs;

/// <summary>
/// Metadata of an unmanaged component (or resource) type: a process-local dense id for fast lookups, the
/// size in bytes, and a stable name that snapshots and world hashes use instead of the id.
/// </summary>
/// <remarks>
/// Ids are handed out in first-use order, which can differ between processes, so nothing observable
/// (snapshot bytes, hashes, iteration order) depends on them: snapshots and hashes order columns by
/// <see cref="Name"/>. Restoring a snapshot resolves names only against types already registered in this
/// process (by use or by <see cref="Register{T}"/>); a snapshot never makes the process load a type.
/// </remarks>
public sealed class ComponentType
{
    private static readonly ConcurrentDictionary<string, ComponentType> ByName = new(StringComparer.Ordinal);
    private static readonly object Gate = new();
    private static ComponentType[] byId = new ComponentType[64];
    private static int count;

    private readonly Func<Column> _createColumn;
    private readonly Func<ResourceBox> _createResourceBox;

    private ComponentType(int id, Type type, int size, Func<Column> createColumn, Func<ResourceBox> createResourceBox)
    {
        Id = id;
        Type = type;
        Size = size;
        Name = StableName(type);
        _createColumn = createColumn;
        _createResourceBox = createResourceBox;
    }

    /// <summary>Dense id, valid in this process only.</summary>
    public int Id { get; }

    /// <summary>The CLR type.</summary>
    public Type Type { get; }

    /// <summary>Size of one value in bytes (<c>Unsafe.SizeOf</c>).</summary>
    public int Size { get; }

    /// <summary>Stable name used in snapshots and hashes: the type's full name.</summary>
    public string Name { get; }

    /// <summary>Number of types registered so far in this process.</summary>
    public static int Count => Volatile.Read(ref count);

    /// <summary>Registers <typeparamref name="T"/> (idempotent) so that snapshots naming it can be restored.</summary>
    public static ComponentType Register<T>() where T : unmanaged => ComponentType<T>.Info;

    /// <summary>The metadata of a registered type by id.</summary>
    public static ComponentType FromId(int id) => Volatile.Read(ref byId)[id];

    /// <summary>Looks a registered type up by its stable name.</summary>
    public static bool TryGetByName(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ComponentType? type) =>
        ByName.TryGetValue(name, out type);

    /// <summary>Why worlds refuse to store this type (padding), or null when it is usable.</summary>
    public string? Problem { get; private set; }

    /// <summary>Throws <see cref="ArgumentException"/> with <see cref="Problem"/> when the type cannot be stored.</summary>
    public void ThrowIfUnusable()
    {
        if (Problem is not null)
        {
            throw new ArgumentException(Problem);
        }
    }

    internal Column CreateColumn()
    {
        ThrowIfUnusable();
        return _createColumn();
    }

    internal ResourceBox CreateResourceBox()
    {
        ThrowIfUnusable();
        return _createResourceBox();
    }

    internal static ComponentType Create<T>() where T : unmanaged
    {
        lock (Gate)
        {
            string name = StableName(typeof(T));
            if (ByName.TryGetValue(name, out ComponentType? existing))
            {
                if (existing.Type != typeof(T))
                {
                    throw new InvalidOperationException(
                        $"Two component types share the stable name '{name}' ({existing.Type.AssemblyQualifiedName} and {typeof(T).AssemblyQualifiedName}); rename one.");
                }

                return existing;
            }

            var info = new ComponentType(count, typeof(T), Unsafe.SizeOf<T>(), static () => new Column<T>(), static () => new ResourceBox<T>());
            int padding = PaddingBytes(typeof(T));
            if (padding != 0)
            {
                // Not thrown here: this runs in a static initialiser, where an exception would be wrapped and buried.
                // A world refuses the type when it first stores one (ThrowIfUnusable).
                info.Problem =
                    $"Component type {name} has {padding} padding byte(s) between or after its fields ({Unsafe.SizeOf<T>()} bytes in all). "
                    + "Snapshots and world hashes read components as raw bytes, so padding would make them nondeterministic: "
                    + "order fields from largest to smallest, add explicit filler fields, or use [StructLayout(LayoutKind.Sequential, Pack = 1)].";
            }

            if (count == byId.Length)
            {
                var grown = new ComponentType[byId.Length * 2];
                Array.Copy(byId, grown, byId.Length);
                Volatile.Write(ref byId, grown);
            }

            byId[count] = info;
            ByName[name] = info;
            Volatile.Write(ref count, count + 1);
            return info;
        }
    }

    /// <summary>Namespace-qualified name without assembly versions, also for generic arguments
    /// (<c>Sim.Bit`1[System.Byte]</c>), so snapshots and hashes survive version bumps.</summary>
    internal static string StableName(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.FullName ?? type.Name;
        }

        string definition = type.GetGenericTypeDefinition().FullName ?? type.Name;
        return definition + "[" + string.Join(",", type.GetGenericArguments().Select(StableName)) + "]";
    }

    /// <summary>
    /// Bytes of <paramref name="type"/> that no field covers. Padding is refused because snapshots and world hashes
    /// read components as raw bytes, and padding bytes hold whatever the memory held (with <c>SkipLocalsInit</c>,
    /// stack garbage): the same world would hash differently run to run.
    /// </summary>
    /// <remarks>Explicit-layout structs are trusted (their author placed every byte); fixed buffers count in full.</remarks>
    internal static int PaddingBytes(Type type) => SizeOf(type) - FieldBytes(type);

    private static int FieldBytes(Type type)
    {
        if (type.IsPrimitive || type.IsEnum || type.IsPointer || type.IsFunctionPointer || type.IsExplicitLayout)
        {
            return SizeOf(type);
        }

        int bytes = 0;
        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            bytes += field.GetCustomAttribute<FixedBufferAttribute>() is { } buffer
                ? buffer.Length * SizeOf(buffer.ElementType)
                : FieldBytes(field.FieldType);
        }

        return bytes;
    }

    private static int SizeOf(Type type) =>
        (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;

    /// <inheritdoc/>
    public override string ToString() => Type.Name;
}

/// <summary>Cached metadata of <typeparamref name="T"/>; reading <see cref="Id"/> is a static field load.</summary>
public static class ComponentType<T> where T : unmanaged
{
    /// <summary>The metadata.</summary>
    public static readonly ComponentType Info = ComponentType.Create<T>();

    /// <summary>The process-local dense id.</summary>
    public static readonly int Id = Info.Id;
}
