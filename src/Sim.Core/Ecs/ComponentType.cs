using System.Collections.Concurrent;
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

    internal Column CreateColumn() => _createColumn();

    internal ResourceBox CreateResourceBox() => _createResourceBox();

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

    private static string StableName(Type type) => type.FullName ?? type.Name;

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
