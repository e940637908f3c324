namespace Sim.Core.Traffic.Safety;

/// <summary>
/// Surrogate safety measures of the ego vehicle (the entity tagged <see cref="Ego"/>), an unmanaged world resource
/// rewritten every step by the <see cref="EgoMetricsSystem"/> (so part of snapshots and of the world hash). Times in s,
/// distances in m, speeds in m/s; +∞ stands for "no such value" (no leader, not closing, no encounter yet).
/// </summary>
/// <remarks>
/// Definitions (see <see cref="EgoMetricsSystem"/> for the details and sources):
/// <list type="bullet">
/// <item><see cref="NearestDistance"/>: least box-to-box distance from the ego to any other actor, 0 in contact.</item>
/// <item><see cref="LeaderGap"/> g = s_leader − s_ego − (L_leader + L_ego)/2, bumper to bumper along the lane.</item>
/// <item><see cref="TimeHeadway"/> = g / v_ego (the time gap; +∞ when the ego is stopped), 0 when g ≤ 0.</item>
/// <item><see cref="TimeToCollision"/> = g / (v_ego − v_leader) while closing (Hayward 1972), else +∞; 0 when g ≤ 0.</item>
/// <item><see cref="LastPostEncroachmentTime"/>: the latest PET at a junction conflict point (Allen et al. 1978).</item>
/// </list>
/// Start a run from <see cref="Initial"/> (the system does so when the world has no such resource): the running minima
/// of <c>default</c> are 0, not +∞.
/// </remarks>
public struct EgoMetrics
{
    /// <summary>The tick of the step that wrote these values.</summary>
    public long Tick;

    /// <summary>Simulated time of the state measured, s: the end of step <see cref="Tick"/>, (Tick + 1) × Dt.</summary>
    public double Time;

    /// <summary>Stable id of the ego.</summary>
    public ulong EgoId;

    /// <summary>Stable id of the nearest other actor.</summary>
    public ulong NearestId;

    /// <summary>Stable id of the leader: the nearest vehicle ahead in the ego's lane.</summary>
    public ulong LeaderId;

    /// <summary>Least distance between the ego's box and another actor's box, m (0 in contact; +∞ when alone).</summary>
    public double NearestDistance;

    /// <summary>Bumper-to-bumper gap to the leader along the lane, m (+∞ without a leader; negative when overlapping).</summary>
    public double LeaderGap;

    /// <summary>v_ego − v_leader along the lane, m/s (positive when closing; 0 without a leader).</summary>
    public double ClosingSpeed;

    /// <summary>Time headway (time gap) to the leader, s.</summary>
    public double TimeHeadway;

    /// <summary>Time to collision with the leader at the current speeds, s.</summary>
    public double TimeToCollision;

    /// <summary>Least <see cref="NearestDistance"/> so far, m.</summary>
    public double MinDistance;

    /// <summary>Least <see cref="TimeHeadway"/> so far, s.</summary>
    public double MinTimeHeadway;

    /// <summary>Least <see cref="TimeToCollision"/> so far, s.</summary>
    public double MinTimeToCollision;

    /// <summary>Post-encroachment time of the latest encounter at a conflict point, s.</summary>
    public double LastPostEncroachmentTime;

    /// <summary>Least post-encroachment time so far, s.</summary>
    public double MinPostEncroachmentTime;

    /// <summary>Which values are set this step.</summary>
    public EgoMetricsFlags Flags;

    /// <summary>Number of conflict-point encounters so far (each gave one post-encroachment time).</summary>
    public int Encounters;

    /// <summary>The metrics before the first step: nothing measured, every minimum +∞.</summary>
    public static EgoMetrics Initial => new()
    {
        Tick = -1,
        NearestDistance = double.PositiveInfinity,
        LeaderGap = double.PositiveInfinity,
        TimeHeadway = double.PositiveInfinity,
        TimeToCollision = double.PositiveInfinity,
        MinDistance = double.PositiveInfinity,
        MinTimeHeadway = double.PositiveInfinity,
        MinTimeToCollision = double.PositiveInfinity,
        LastPostEncroachmentTime = double.PositiveInfinity,
        MinPostEncroachmentTime = double.PositiveInfinity,
    };

    /// <summary>Whether <paramref name="flag"/> is set in <see cref="Flags"/>.</summary>
    public readonly bool Has(EgoMetricsFlags flag) => (Flags & flag) == flag;
}
