namespace Sim.Core.Ecs;

public sealed partial class World
{
    private readonly Dictionary<QueryDescription, Query> _queries = [];

    /// <summary>The cached query for a description (created on first use; picks up later archetypes).</summary>
    public Query Query(QueryDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        lock (_queries)
        {
            // Locked because chunk jobs on worker threads may ask for queries too.
            if (!_queries.TryGetValue(description, out Query? query))
            {
                query = new Query(this, description);
                _queries.Add(description, query);
            }

            return query;
        }
    }

    /// <summary>Number of entities a description matches now.</summary>
    public int CountEntities(QueryDescription description) => Query(description).Count;
}
