namespace Sim.Core.Ecs;

/// <summary>
/// Which archetypes a query visits: those that have every type of <see cref="All"/>, at least one type of
/// <see cref="Any"/> (when it is not empty) and no type of <see cref="None"/>. Immutable; the <c>With…</c>
/// methods return new descriptions. Equal descriptions share one cached <see cref="Query"/> per world.
/// </summary>
/// <example><code>
/// static readonly QueryDescription Moving = new QueryDescription().WithAll&lt;Position, Velocity&gt;().WithNone&lt;Parked&gt;();
/// </code></example>
public sealed class QueryDescription : IEquatable<QueryDescription>
{
    /// <summary>A description that matches every archetype.</summary>
    public QueryDescription()
        : this(ComponentSet.Empty, ComponentSet.Empty, ComponentSet.Empty)
    {
    }

    private QueryDescription(ComponentSet all, ComponentSet any, ComponentSet none)
    {
        All = all;
        Any = any;
        None = none;
    }

    /// <summary>Types every matched archetype has.</summary>
    public ComponentSet All { get; }

    /// <summary>Types of which every matched archetype has at least one (ignored when empty).</summary>
    public ComponentSet Any { get; }

    /// <summary>Types no matched archetype has.</summary>
    public ComponentSet None { get; }

    /// <summary>Adds types to <see cref="All"/>.</summary>
    public QueryDescription WithAll(params ReadOnlySpan<ComponentType> types) => new(Union(All, types), Any, None);

    /// <summary>Adds types to <see cref="Any"/>.</summary>
    public QueryDescription WithAny(params ReadOnlySpan<ComponentType> types) => new(All, Union(Any, types), None);

    /// <summary>Adds types to <see cref="None"/>.</summary>
    public QueryDescription WithNone(params ReadOnlySpan<ComponentType> types) => new(All, Any, Union(None, types));

    /// <summary>Adds <typeparamref name="T0"/> to <see cref="All"/>.</summary>
    public QueryDescription WithAll<T0>() where T0 : unmanaged => WithAll(ComponentType<T0>.Info);

    /// <summary>Adds the types to <see cref="All"/>.</summary>
    public QueryDescription WithAll<T0, T1>() where T0 : unmanaged where T1 : unmanaged =>
        WithAll(ComponentType<T0>.Info, ComponentType<T1>.Info);

    /// <summary>Adds the types to <see cref="All"/>.</summary>
    public QueryDescription WithAll<T0, T1, T2>() where T0 : unmanaged where T1 : unmanaged where T2 : unmanaged =>
        WithAll(ComponentType<T0>.Info, ComponentType<T1>.Info, ComponentType<T2>.Info);

    /// <summary>Adds the types to <see cref="All"/>.</summary>
    public QueryDescription WithAll<T0, T1, T2, T3>() where T0 : unmanaged where T1 : unmanaged where T2 : unmanaged where T3 : unmanaged =>
        WithAll(ComponentType<T0>.Info, ComponentType<T1>.Info, ComponentType<T2>.Info, ComponentType<T3>.Info);

    /// <summary>Adds <typeparamref name="T0"/> to <see cref="Any"/>.</summary>
    public QueryDescription WithAny<T0>() where T0 : unmanaged => WithAny(ComponentType<T0>.Info);

    /// <summary>Adds the types to <see cref="Any"/>.</summary>
    public QueryDescription WithAny<T0, T1>() where T0 : unmanaged where T1 : unmanaged =>
        WithAny(ComponentType<T0>.Info, ComponentType<T1>.Info);

    /// <summary>Adds the types to <see cref="Any"/>.</summary>
    public QueryDescription WithAny<T0, T1, T2>() where T0 : unmanaged where T1 : unmanaged where T2 : unmanaged =>
        WithAny(ComponentType<T0>.Info, ComponentType<T1>.Info, ComponentType<T2>.Info);

    /// <summary>Adds <typeparamref name="T0"/> to <see cref="None"/>.</summary>
    public QueryDescription WithNone<T0>() where T0 : unmanaged => WithNone(ComponentType<T0>.Info);

    /// <summary>Adds the types to <see cref="None"/>.</summary>
    public QueryDescription WithNone<T0, T1>() where T0 : unmanaged where T1 : unmanaged =>
        WithNone(ComponentType<T0>.Info, ComponentType<T1>.Info);

    /// <summary>Adds the types to <see cref="None"/>.</summary>
    public QueryDescription WithNone<T0, T1, T2>() where T0 : unmanaged where T1 : unmanaged where T2 : unmanaged =>
        WithNone(ComponentType<T0>.Info, ComponentType<T1>.Info, ComponentType<T2>.Info);

    /// <summary>Whether an archetype with these component types matches.</summary>
    public bool Matches(ComponentSet types) =>
        types.ContainsAll(All) && (Any.Count == 0 || types.Overlaps(Any)) && !types.Overlaps(None);

    private static ComponentSet Union(ComponentSet set, ReadOnlySpan<ComponentType> types)
    {
        int[] ids = new int[set.Count + types.Length];
        set.Ids.CopyTo(ids);
        for (int i = 0; i < types.Length; i++)
        {
            ids[set.Count + i] = types[i].Id;
        }

        return ComponentSet.FromIds(ids);
    }

    /// <inheritdoc/>
    public bool Equals(QueryDescription? other) =>
        other is not null && All.Equals(other.All) && Any.Equals(other.Any) && None.Equals(other.None);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as QueryDescription);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(All, Any, None);

    /// <inheritdoc/>
    public override string ToString() => $"All{All} Any{Any} None{None}";
}
