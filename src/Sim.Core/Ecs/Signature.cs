using System.Runtime.CompilerServices;

namespace Sim.Core.Ecs;

/// <summary>A component set known at compile time (the type arguments of Create&lt;T0, T1&gt;), with a dense
/// process-local id so that worlds find its archetype by array index instead of hashing.</summary>
internal sealed class Signature
{
    private static int next;

    public Signature(params ReadOnlySpan<ComponentType> types)
    {
        Types = ComponentSet.Of(types);
        IsRepeated = Types.Count != types.Length;
        Names = string.Join(", ", types.ToArray().Select(t => t.Type.Name));
        Id = Interlocked.Increment(ref next) - 1;
    }

    public int Id { get; }

    public ComponentSet Types { get; }

    /// <summary>Whether a type appears more than once among the type arguments (then nothing may use this signature).</summary>
    public bool IsRepeated { get; }

    private string Names { get; }

    /// <summary>Refuses a signature that names a type twice: an entity has at most one of each, and a job would get
    /// two references to one value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ThrowIfRepeated(string operation)
    {
        if (IsRepeated)
        {
            ThrowRepeated(operation);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowRepeated(string operation) =>
        throw new ArgumentException($"{operation}<{Names}>: a component type appears more than once; each entity has at most one component of each type.");
}

internal static class Signature<T0> where T0 : unmanaged
{
    public static readonly Signature Value = new(ComponentType<T0>.Info);
}

internal static class Signature<T0, T1> where T0 : unmanaged where T1 : unmanaged
{
    public static readonly Signature Value = new(ComponentType<T0>.Info, ComponentType<T1>.Info);
}

internal static class Signature<T0, T1, T2> where T0 : unmanaged where T1 : unmanaged where T2 : unmanaged
{
    public static readonly Signature Value = new(ComponentType<T0>.Info, ComponentType<T1>.Info, ComponentType<T2>.Info);
}

internal static class Signature<T0, T1, T2, T3> where T0 : unmanaged where T1 : unmanaged where T2 : unmanaged where T3 : unmanaged
{
    public static readonly Signature Value = new(ComponentType<T0>.Info, ComponentType<T1>.Info, ComponentType<T2>.Info, ComponentType<T3>.Info);
}
