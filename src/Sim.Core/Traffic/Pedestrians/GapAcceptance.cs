using Sim.Core.Traffic.Roads;

namespace Sim.Core.Traffic.Pedestrians;

/// <summary>
/// The pedestrian gap-acceptance rule at a crosswalk without signals. The pedestrian steps off only if, on every lane
/// the crosswalk crosses, every approaching vehicle either is stopped, is already braking hard enough to stop before
/// the crosswalk, or would reach the crosswalk strip (at its current speed) later than
/// <c>t_clear + t_s</c>: <c>t_clear</c> is the time the pedestrian needs, at its walking speed, until its body has
/// left that lane, and <c>t_s</c> is the start-up and end clearance time.
/// </summary>
/// <remarks>
/// <para>This is the critical headway of the Highway Capacity Manual's pedestrian method for uncontrolled crossings
/// (HCM 2010, Chapter 19, two-way STOP-controlled intersections, pedestrian mode; kept in the 6th edition):
/// <c>t_c = L / S_p + t_s</c> with crossing length <c>L</c>, walking speed <c>S_p</c> and <c>t_s</c> = 3 s by default,
/// applied lane by lane, so that a far lane needs the whole walk to it while the near lane needs only its own
/// width. The same "adequate gap" criterion is used by Fitzpatrick et al., <i>Improving Pedestrian Safety at
/// Unsignalized Crossings</i>, TCRP Report 112 / NCHRP Report 562 (2006). Starting at the kerb, a 3.5 m lane at
/// 1.34 m/s needs 2.8 s + 3 s ≈ 5.8 s; a two-lane road as a whole 8.4 s.</para>
/// <para>Vehicles are read from <see cref="LaneVehicleIndex"/>: those on the crossed lane and on its predecessor
/// lanes (one lane back), whose front has not yet reached the strip. A vehicle whose body overlaps the strip
/// blocks the crossing even when stopped; one whose rear has passed it is ignored.</para>
/// </remarks>
public static class GapAcceptance
{
    /// <summary>Vehicles slower than this are treated as stopped, m/s.</summary>
    public const double StoppedSpeed = 0.3;

    /// <summary>A vehicle decelerating at least this hard counts as stopping, m/s² (if it stops before the strip).</summary>
    public const double StoppingDeceleration = 0.5;

    /// <summary>How far before the strip a stopping vehicle must come to rest, m.</summary>
    public const double StopMargin = 1.0;

    /// <summary>HCM's default pedestrian start-up and end clearance time t_s, s.</summary>
    public const double DefaultStartUpAndClearance = 3.0;

    /// <summary>Whether a pedestrian at progress <paramref name="u"/> on <paramref name="crosswalk"/>, about to walk
    /// in <paramref name="direction"/> at <paramref name="speed"/>, accepts the current gaps.</summary>
    /// <param name="crosswalk">The crosswalk.</param>
    /// <param name="u">The pedestrian's progress along it (0 at From, 1 at To).</param>
    /// <param name="direction">+1 towards To, −1 towards From.</param>
    /// <param name="speed">Walking speed, m/s (positive).</param>
    /// <param name="halfDepth">Half the pedestrian's body depth along its walking direction, m.</param>
    /// <param name="startUpAndClearance">t_s, s.</param>
    /// <param name="vehicles">Vehicles by lane, current.</param>
    /// <param name="network">The road network (for predecessor lanes).</param>
    public static bool Accepts(
        CrosswalkGeometry crosswalk, double u, int direction, double speed, double halfDepth, double startUpAndClearance,
        LaneVehicleIndex vehicles, RoadNetwork network)
    {
        ArgumentNullException.ThrowIfNull(crosswalk);
        ArgumentNullException.ThrowIfNull(vehicles);
        ArgumentNullException.ThrowIfNull(network);
        foreach (CrossedLaneBand band in crosswalk.Bands)
        {
            double uFar = direction > 0 ? band.UMax : band.UMin;
            double toClear = (direction * (uFar - u) * crosswalk.Length) + halfDepth;
            if (toClear <= 0)
            {
                continue; // already past this lane
            }

            double required = (toClear / speed) + startUpAndClearance;
            double conflictStart = band.SMin - (crosswalk.Width / 2), conflictEnd = band.SMax + (crosswalk.Width / 2);
            if (!LaneAllows(vehicles.On(band.Lane), 0, conflictStart, conflictEnd, required))
            {
                return false;
            }

            IReadOnlyList<int> predecessors = network.Lanes[band.Lane].Predecessors;
            for (int p = 0; p < predecessors.Count; p++)
            {
                // A predecessor's s, shifted into this lane's s: its end is this lane's start.
                double shift = -network.Lanes[predecessors[p]].Length;
                if (!LaneAllows(vehicles.On(predecessors[p]), shift, conflictStart, conflictEnd, required))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Whether no vehicle in <paramref name="lane"/> conflicts with a crossing that needs <paramref name="required"/> s.</summary>
    private static bool LaneAllows(ReadOnlySpan<LaneVehicle> lane, double shift, double conflictStart, double conflictEnd, double required)
    {
        foreach (LaneVehicle v in lane)
        {
            double s = v.S + shift;
            if (s - v.HalfLength > conflictEnd)
            {
                continue; // its rear has passed the strip
            }

            double gap = conflictStart - (s + v.HalfLength);
            if (gap <= 0)
            {
                return false; // on the strip
            }

            if (v.Speed <= StoppedSpeed)
            {
                continue;
            }

            if (v.Acceleration <= -StoppingDeceleration && (v.Speed * v.Speed / (-2 * v.Acceleration)) <= gap - StopMargin)
            {
                continue; // already stopping before the strip
            }

            if (gap / v.Speed < required)
            {
                return false;
            }
        }

        return true;
    }
}
