namespace Sim.Core.Traffic.Safety;

/// <summary>Which parts of <see cref="EgoMetrics"/> hold a value this step.</summary>
[Flags]
public enum EgoMetricsFlags
{
    /// <summary>No ego in the world: nothing was measured.</summary>
    None = 0,

    /// <summary>An ego was found; <see cref="EgoMetrics.EgoId"/> is set.</summary>
    Ego = 1,

    /// <summary>Another actor exists; <see cref="EgoMetrics.NearestId"/> and <see cref="EgoMetrics.NearestDistance"/> are set.</summary>
    Nearest = 2,

    /// <summary>A vehicle is ahead in the ego's lane; <see cref="EgoMetrics.LeaderId"/>, the gap and the closing speed are set.</summary>
    Leader = 4,
}
