using Sim.Core.Traffic.Roads;

namespace Sim.Core.Traffic.Safety;

/// <summary>
/// Follows vehicles through the conflict areas of a <see cref="RoadNetwork"/> to measure the ego's post-encroachment
/// times. State of the <see cref="PostEncroachmentLog"/>; driven by the <see cref="EgoMetricsSystem"/> once per step:
/// <see cref="BeginStep"/>, <see cref="ObserveOther"/> for every vehicle but the ego, <see cref="ObserveEgo"/>.
/// </summary>
/// <remarks>
/// A vehicle of length L on lane ℓ occupies the conflict area [a_ℓ, b_ℓ] of a conflict on that lane (where the two
/// lanes come close enough for vehicles to touch, <see cref="ConflictPoint"/>) while its body overlaps it:
/// |S − m_ℓ| ≤ L/2 + (b_ℓ − a_ℓ)/2 with m_ℓ the area's middle and S its centre's s. It enters when its front reaches
/// a_ℓ and leaves when its rear passes b_ℓ. Entry and exit instants are placed inside the step from the
/// vehicle's speed at the end of the step (exact at constant speed), within the step that saw the change.
/// A vehicle that moves on to another lane while still in the area is taken to leave it at its predicted exit, but no
/// later than one step after it was last seen on the lane: merge conflicts, which sit at the ends of their lanes, are
/// measured only to that resolution.
/// </remarks>
internal sealed class ConflictPassageTracker
{
    private readonly (int Conflict, int Side, double S, double AreaHalf)[][] _byLane;
    private readonly SideState[] _sides;
    private readonly EgoPassage[] _ego;
    private readonly double _horizon;

    public ConflictPassageTracker(RoadNetwork network, double horizon)
    {
        Network = network;
        _horizon = horizon;
        var byLane = new List<(int, int, double, double)>[network.Lanes.Count];
        for (int l = 0; l < byLane.Length; l++)
        {
            byLane[l] = [];
        }

        for (int c = 0; c < network.Conflicts.Count; c++)
        {
            ConflictPoint p = network.Conflicts[c];
            byLane[p.Yielding].Add((c, 0, (p.YieldingS + p.YieldingEndS) / 2, (p.YieldingEndS - p.YieldingS) / 2));
            byLane[p.Priority].Add((c, 1, (p.PriorityS + p.PriorityEndS) / 2, (p.PriorityEndS - p.PriorityS) / 2));
        }

        _byLane = [.. byLane.Select(l => l.ToArray())];
        _sides = new SideState[2 * network.Conflicts.Count];
        for (int k = 0; k < _sides.Length; k++)
        {
            _sides[k].LastInside = double.NegativeInfinity;
        }

        _ego = new EgoPassage[network.Conflicts.Count];
        for (int c = 0; c < _ego.Length; c++)
        {
            _ego[c].Visited = -1;
        }
    }

    /// <summary>The network whose conflicts are followed.</summary>
    public RoadNetwork Network { get; }

    /// <summary>Forgets which vehicles were in the conflict areas in the previous step's state.</summary>
    public void BeginStep()
    {
        for (int k = 0; k < _sides.Length; k++)
        {
            _sides[k].StepOccupied = false;
            _sides[k].StepEntry = double.PositiveInfinity;
        }
    }

    /// <summary>Notes where a vehicle other than the ego is, in the state at time <paramref name="t"/>.</summary>
    public void ObserveOther(ulong id, int lane, double s, double speed, double length, double t, double dt)
    {
        foreach ((int conflict, int side, double at, double areaHalf) in LaneConflicts(lane, id))
        {
            double half = (0.5 * length) + areaHalf, d = s - at;
            if (!(Math.Abs(d) <= half))
            {
                continue;
            }

            double exit = speed > 0 ? t + ((half - d) / speed) : double.PositiveInfinity;
            double entry = EntryTime(d, half, speed, t, dt);
            ref SideState state = ref _sides[(2 * conflict) + side];
            if (!state.StepOccupied || exit > state.Until || (exit == state.Until && id < state.UntilId))
            {
                // The first occupant seen this step replaces the last step's: whoever leaves last is in the area now.
                state.Until = exit;
                state.UntilId = id;
            }

            if (entry < state.StepEntry || (entry == state.StepEntry && id < state.StepEntryId))
            {
                state.StepEntry = entry;
                state.StepEntryId = id;
            }

            state.StepOccupied = true;
            state.LastInside = t;
        }
    }

    /// <summary>Notes where the ego is and completes its encounters, adding each to <paramref name="log"/>.</summary>
    public void ObserveEgo(ulong id, int lane, double s, double speed, double length, long tick, double t, double dt, PostEncroachmentLog log)
    {
        foreach ((int conflict, int side, double at, double areaHalf) in LaneConflicts(lane, id))
        {
            double half = (0.5 * length) + areaHalf;
            ref EgoPassage passage = ref _ego[conflict];
            ref SideState other = ref _sides[(2 * conflict) + 1 - side];
            passage.Visited = tick;
            double d = s - at;
            if (!(Math.Abs(d) <= half))
            {
                if (passage.Inside)
                {
                    Exit(conflict, ref passage, ref other, id, tick, t, dt, log);
                }

                continue;
            }

            if (!passage.Inside)
            {
                passage = new EgoPassage { Inside = true, Side = side, Enter = EntryTime(d, half, speed, t, dt), Visited = tick };
                if (other.StepOccupied)
                {
                    passage.Overlapped = true;
                    log.Add(new(tick, t, conflict, id, other.UntilId, false, side == 1, 0));
                }
                else if (other.LastInside > double.NegativeInfinity)
                {
                    double pet = passage.Enter - Math.Min(other.Until, other.LastInside + dt);
                    if (pet <= _horizon)
                    {
                        passage.Overlapped = pet <= 0;
                        log.Add(new(tick, t, conflict, id, other.UntilId, false, side == 1, Math.Max(pet, 0)));
                    }
                }
            }
            else if (other.StepOccupied && !passage.Overlapped)
            {
                passage.Overlapped = true;
                log.Add(new(tick, t, conflict, id, other.StepEntryId, true, side == 1, 0));
            }

            passage.Until = speed > 0 ? t + ((half - d) / speed) : double.PositiveInfinity;
            passage.LastInside = t;
        }

        for (int c = 0; c < _ego.Length; c++)
        {
            ref EgoPassage passage = ref _ego[c];
            ref SideState other = ref _sides[(2 * c) + 1 - passage.Side];
            if (passage.Inside && passage.Visited != tick)
            {
                Exit(c, ref passage, ref other, id, tick, t, dt, log); // the ego left the lane while in the area
            }
            else if (passage.Pending && other.StepOccupied)
            {
                passage.Pending = false;
                log.Add(new(tick, t, c, id, other.StepEntryId, true, passage.Side == 1, Math.Max(other.StepEntry - passage.Exit, 0)));
            }
            else if (passage.Pending && t - passage.Exit > _horizon)
            {
                passage.Pending = false;
            }
        }
    }

    private void Exit(int conflict, ref EgoPassage passage, ref SideState other, ulong id, long tick, double t, double dt, PostEncroachmentLog log)
    {
        passage.Inside = false;
        passage.Exit = Math.Min(passage.Until, passage.LastInside + dt);
        if (passage.Overlapped)
        {
            return;
        }

        if (other.StepOccupied)
        {
            // The other vehicle entered during this step (it was not in the area in the previous state, or the
            // passage would have overlapped).
            log.Add(new(tick, t, conflict, id, other.StepEntryId, true, passage.Side == 1, Math.Max(other.StepEntry - passage.Exit, 0)));
        }
        else
        {
            passage.Pending = true;
        }
    }

    /// <summary>When a vehicle first seen in an area at offset d = S − s_conflict entered it: within the last step.</summary>
    private static double EntryTime(double d, double half, double speed, double t, double dt) =>
        speed > 0 ? Math.Clamp(t - ((d + half) / speed), t - dt, t) : t - dt;

    private ReadOnlySpan<(int Conflict, int Side, double S, double AreaHalf)> LaneConflicts(int lane, ulong id)
    {
        if ((uint)lane >= (uint)_byLane.Length)
        {
            throw new InvalidOperationException(
                $"EgoMetricsSystem: the vehicle with StableId {id} is on lane {lane}, but the road network has lanes 0–{_byLane.Length - 1}.");
        }

        return _byLane[lane];
    }

    /// <summary>Who occupies one side (lane) of a conflict area, as far as the previous steps saw.</summary>
    private struct SideState
    {
        /// <summary>When the last occupant leaves (or left), s; +∞ for one that is stopped in the area.</summary>
        public double Until;

        /// <summary>Its stable id.</summary>
        public ulong UntilId;

        /// <summary>The latest state time with an occupant, s; −∞ if none yet.</summary>
        public double LastInside;

        /// <summary>Whether a vehicle is in the area in this step's state.</summary>
        public bool StepOccupied;

        /// <summary>Earliest entry instant of this step's occupants, s.</summary>
        public double StepEntry;

        /// <summary>Its stable id.</summary>
        public ulong StepEntryId;
    }

    /// <summary>The ego's latest passage of one conflict area.</summary>
    private struct EgoPassage
    {
        public bool Inside;
        public int Side;
        public double Enter;
        public double Until;
        public double LastInside;
        public double Exit;
        public bool Overlapped;
        public bool Pending;
        public long Visited;
    }
}
