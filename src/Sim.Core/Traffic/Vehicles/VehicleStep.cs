using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Random;
using Sim.Core.Traffic.Roads;

namespace Sim.Core.Traffic.Vehicles;

/// <summary>Everything a vehicle step reads besides its own components: the snapshot and the road network.</summary>
internal sealed record StepContext(
    LaneIndex Index,
    RoadNetwork Network,
    CrosswalkState? Crosswalks,
    int[] ChunkRowStart,
    ulong Seed,
    long Tick,
    double Dt,
    double Time,
    int MobilInterval,
    double LookaheadTime,
    double CriticalGap);

/// <summary>One vehicle's decision and motion for one step (see <see cref="VehicleSystem"/>).</summary>
internal readonly struct VehicleStep(StepContext context) : IChunkJob
{
    /// <summary>A stop line counts as a standing leader this far beyond the stop position, m (the bumper stops short of it).</summary>
    private const double StopMargin = 0.5;

    /// <summary>How far from a fork branching lanes still overlap for vehicles, m.</summary>
    private const double ForkZone = 8.0;

    /// <summary>Side clearance a vehicle needs to pass another on the same lane without treating it as its leader, m
    /// (only a vehicle held off-centre, e.g. a motorcycle filtering, passes this way).</summary>
    private const double LateralClearance = 0.3;

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> (rows on lanes of one road) pass each other side by
    /// side: one of them is held off-centre and there is <see cref="LateralClearance"/> between their bodies.</summary>
    private static bool PassesBeside(LaneIndex index, int a, int b) =>
        (index.Filtering[a] || index.Filtering[b])
        && Math.Abs(index.Lateral[b] - index.Lateral[a]) >= index.HalfWidth[b] + index.HalfWidth[a] + LateralClearance;

    /// <summary>Deceleration a driver accepts to stop for a yellow light, m/s² (ITE).</summary>
    private const double YellowDeceleration = 3.05;

    public void Execute(in Chunk chunk, CommandBuffer commands)
    {
        ReadOnlySpan<Entity> entities = chunk.Entities;
        Span<StableId> ids = chunk.GetSpan<StableId>();
        Span<LaneMotion> motion = chunk.GetSpan<LaneMotion>();
        Span<ActorBody> bodies = chunk.GetSpan<ActorBody>();
        Span<IdmParameters> idm = chunk.GetSpan<IdmParameters>();
        Span<MobilParameters> mobil = chunk.GetSpan<MobilParameters>();
        Span<VehicleDynamics> dynamics = chunk.GetSpan<VehicleDynamics>();
        Span<VehicleNav> nav = chunk.GetSpan<VehicleNav>();
        Span<VehicleControl> control = chunk.GetSpan<VehicleControl>();
        Span<ActorPose> poses = chunk.GetSpan<ActorPose>();
        int row = context.ChunkRowStart[chunk.Index];
        for (int i = 0; i < chunk.Count; i++, row++)
        {
            bool keep = Advance(row, ids[i].Value, ref motion[i], bodies[i], idm[i], mobil[i], ref dynamics[i], ref nav[i], ref control[i], ref poses[i]);
            if (!keep)
            {
                commands.Destroy(entities[i]);
            }
        }
    }

    /// <summary>Decides and moves one vehicle; false when it has left the network.</summary>
    private bool Advance(
        int row,
        ulong stableId,
        ref LaneMotion m,
        ActorBody body,
        IdmParameters idm,
        MobilParameters mobil,
        ref VehicleDynamics dyn,
        ref VehicleNav nav,
        ref VehicleControl control,
        ref ActorPose pose)
    {
        LaneIndex index = context.Index;
        RoadNetwork network = context.Network;
        Lane lane = network.Lanes[m.Lane];
        double v = m.Speed;
        double v0 = index.DesiredSpeed[row];

        // Longitudinal: IDM towards the leader, the leader in the target lane during a change, and every stop line.
        double acceleration = Longitudinal(row, idm, v, v0, m.Lane, nav.NextLane, nav.AfterNextLane);
        if (m.TargetLane != m.Lane)
        {
            int ahead = index.FirstAhead(m.TargetLane, m.S, row);
            if (ahead >= 0)
            {
                double gap = index.S[ahead] - m.S - index.HalfLength[row] - index.HalfLength[ahead];
                acceleration = Math.Min(acceleration, Idm(idm, v, v0, gap, index.Speed[ahead]));
            }
        }

        // Above the advisory speed for curves and lower limits ahead: brake along the profile, harder with the excess
        // (IDM alone, above v0, lags: cars reached a 7.75 m turn at 1.8 times its speed).
        double advisory = index.Advisory[row];
        if (v > advisory)
        {
            acceleration = Math.Min(acceleration, -Math.Min(2 * idm.ComfortableDeceleration, CurveSpeedAdvisory.Deceleration + (v - advisory)));
        }

        if (control.ForcedDeceleration > 0)
        {
            acceleration = -control.ForcedDeceleration;
        }

        // Lane change decision (MOBIL), staggered over vehicles.
        bool changing = m.TargetLane != m.Lane || Math.Abs(m.T) > 0.3 || Math.Abs(m.Heading) > 0.03;
        // Two decision slots per interval, on consecutive ticks: moves to the left are decided on even ticks, to the right
        // on odd ones, so two vehicles from both sides never pick the same gap from the same snapshot.
        long slot = (context.Tick + (long)(stableId % (ulong)context.MobilInterval)) % context.MobilInterval;
        if (!changing && slot <= 1 && control.NoLaneChanges == 0 && control.ForcedDeceleration == 0 && LaneChangesAllowed(lane, m.S, nav.NextLane))
        {
            m.TargetLane = ChooseLane(row, m, idm, mobil, lane, nav.NextLane, toTheRight: context.Tick % 2 == 1);
        }

        // Ballistic update (Treiber & Kanagaraj 2015): never reverses; a vehicle that would stop within the step stops.
        double dt = context.Dt;
        double newSpeed = v + (acceleration * dt);
        double distance;
        if (newSpeed < 0)
        {
            distance = acceleration < 0 ? -(v * v) / (2 * acceleration) : 0;
            newSpeed = 0;
        }
        else
        {
            distance = (v * dt) + (0.5 * acceleration * dt * dt);
        }

        Lateral(ref m, ref dyn, control.Forced != 0, control.LaneOffset, lane, Math.Max(v, 0.1), body.Length, distance, dt);
        m.Speed = newSpeed;
        m.Acceleration = acceleration;

        // Lane switch when the centre crosses the boundary.
        if (m.TargetLane != m.Lane)
        {
            double delta = network.Lanes[m.TargetLane].Offset - lane.Offset;
            if (Math.Sign(delta) * m.T >= lane.Width / 2) // the centre crosses the boundary (lanes may differ in width)
            {
                m.T -= delta;
                m.Lane = m.TargetLane;
                control.Forced = 0;
                lane = network.Lanes[m.Lane];

                // The route continues from the new lane's end now.
                nav = VehicleNav.From(network, lane.Id, context.Seed, stableId, context.Tick, dyn.MaxCurvature);
            }
        }

        // Onto the next lane at the end of this one.
        while (m.S > lane.Length)
        {
            if (nav.NextLane < 0)
            {
                if (lane.Kind == LaneKind.Entry && m.TargetLane != m.Lane)
                {
                    // The acceleration lane ends mid-merge: the vehicle now counts as on the lane it is merging into
                    // (same road, same s; t re-expressed, so it does not move) and finishes the change there.
                    m.T -= network.Lanes[m.TargetLane].Offset - lane.Offset;
                    m.Lane = m.TargetLane;
                    lane = network.Lanes[m.Lane];
                    nav = VehicleNav.From(network, m.Lane, context.Seed, stableId, context.Tick, dyn.MaxCurvature);
                    control.Forced = 0;
                    continue;
                }

                if (lane.Kind == LaneKind.Entry)
                {
                    // The end of an acceleration lane without a merge: it stops there (its stop line should have held it).
                    m.S = lane.Length;
                    m.Speed = 0;
                    break;
                }

                return false;
            }

            m.S -= lane.Length;
            int previous = m.Lane, previousTarget = m.TargetLane;
            m.Lane = m.TargetLane = nav.NextLane;
            lane = network.Lanes[m.Lane];
            m.T += network.Lanes[previous].Road == lane.Road ? network.Lanes[previous].Offset - lane.Offset : 0;
            nav.NextLane = nav.AfterNextLane;
            nav.AfterNextLane = nav.NextLane < 0 ? -1 : ChooseSuccessor(network, network.Lanes[nav.NextLane], context.Seed, stableId, context.Tick, VehicleSystem.RouteStream + 1, dyn.MaxCurvature);

            // A lane change under way continues onto the continuation of its target lane, if that neighbours the new lane.
            if (previousTarget != previous)
            {
                foreach (int continuation in network.Lanes[previousTarget].SuccessorList)
                {
                    if (continuation == lane.Left || continuation == lane.Right)
                    {
                        m.TargetLane = continuation;
                        break;
                    }
                }
            }
        }

        if (m.TargetLane == m.Lane)
        {
            control.Forced = 0;
        }

        WritePose(ref pose, m);
        return true;
    }

    private double Longitudinal(int row, IdmParameters idm, double v, double v0, int laneId, int nextLane, int afterNextLane)
    {
        LaneIndex index = context.Index;
        RoadNetwork network = context.Network;
        Lane lane = network.Lanes[laneId];
        double s = index.S[row];
        double half = index.HalfLength[row];
        double lookahead = Math.Max(100, v * context.LookaheadTime);

        // The leader: the next row in this lane, else the first row of the lanes ahead. A vehicle held off-centre (a
        // motorcycle filtering along the lane line) and the vehicles it passes ignore each other while there is room
        // between them; it also looks along the neighbouring lane its body reaches into.
        double gap = double.PositiveInfinity, leaderSpeed = 0;
        int k = index.Position[row] + 1, laneEnd = index.LaneStart[laneId] + index.LaneCount[laneId];
        while (k < laneEnd && PassesBeside(index, row, index.Order[k]))
        {
            k++;
        }

        if (index.Filtering[row] && index.SecondLane[row] != laneId)
        {
            int second = index.SecondLane[row], end = index.LaneStart[second] + index.LaneCount[second];
            for (int j = index.UpperBound(second, s); j < end; j++)
            {
                int other = index.Order[j];
                if (other != row && !PassesBeside(index, row, other))
                {
                    gap = index.S[other] - s - half - index.HalfLength[other];
                    leaderSpeed = index.Speed[other];
                    break;
                }
            }
        }

        if (k < laneEnd)
        {
            int leader = index.Order[k];
            double candidate = index.S[leader] - s - half - index.HalfLength[leader];
            if (candidate < gap)
            {
                gap = candidate;
                leaderSpeed = index.Speed[leader];
            }
        }
        else
        {
            double travelled = lane.Length - s;
            int next = nextLane;
            for (int hop = 0; hop < 4 && next >= 0 && travelled < lookahead; hop++)
            {
                int first = index.First(next);
                if (first == row && index.LaneCount[next] > 1)
                {
                    first = index.Order[index.LaneStart[next] + 1];
                }

                if (first >= 0 && first != row)
                {
                    double candidate = travelled + index.S[first] - half - index.HalfLength[first];
                    if (candidate < gap)
                    {
                        gap = candidate;
                        leaderSpeed = index.Speed[first];
                    }

                    break;
                }

                travelled += network.Lanes[next].Length;
                List<int> successors = network.Lanes[next].SuccessorList;
                if (successors.Count > 1)
                {
                    // A fork whose branch this vehicle has not chosen yet: anyone still in the fork's shared metres, on
                    // any branch, is in the way.
                    foreach (int branch in successors)
                    {
                        int start = index.LaneStart[branch], end = start + index.LaneCount[branch];
                        for (int b = start; b < end && index.S[index.Order[b]] - index.HalfLength[index.Order[b]] <= ForkZone; b++)
                        {
                            int r = index.Order[b];
                            double candidate = travelled + index.S[r] - half - index.HalfLength[r];
                            if (r != row && candidate < gap)
                            {
                                gap = candidate;
                                leaderSpeed = index.Speed[r];
                            }
                        }
                    }

                    break;
                }

                next = successors.Count == 1 ? successors[0] : -1;
            }
        }

        // Lanes that fork from the same lane share their first metres: a vehicle that took the other branch is in the
        // way until its rear has left the fork.
        if (s < ForkZone + half)
        {
            SiblingLeader(laneId, s, half, row, ref gap, ref leaderSpeed);
        }

        if (nextLane >= 0 && lane.Length - s < lookahead)
        {
            SiblingLeader(nextLane, s - lane.Length, half, row, ref gap, ref leaderSpeed);
        }

        double acceleration = Idm(idm, v, v0, gap, leaderSpeed);

        // Stop lines: signals, occupied crosswalks, yield conflicts, the end of an acceleration lane.
        double stop = StopDistance(row, lane, nextLane, afterNextLane, v, idm);
        if (stop < double.PositiveInfinity)
        {
            acceleration = Math.Min(acceleration, Idm(idm, v, v0, stop - half + StopMargin, 0));
        }

        return acceleration;
    }

    /// <summary>The nearest vehicle ahead on a lane forking from the same predecessor as <paramref name="laneId"/>
    /// whose rear is still within <see cref="ForkZone"/> of the fork, as a leader (positions measured from the fork:
    /// <paramref name="s"/> is negative before it).</summary>
    private void SiblingLeader(int laneId, double s, double half, int self, ref double gap, ref double leaderSpeed)
    {
        LaneIndex index = context.Index;
        RoadNetwork network = context.Network;
        foreach (int predecessor in network.Lanes[laneId].PredecessorList)
        {
            foreach (int sibling in network.Lanes[predecessor].SuccessorList)
            {
                if (sibling == laneId)
                {
                    continue;
                }

                int start = index.LaneStart[sibling], end = start + index.LaneCount[sibling];
                for (int k = start; k < end; k++)
                {
                    int r = index.Order[k];
                    if (r == self || index.S[r] - index.HalfLength[r] > ForkZone)
                    {
                        break; // sorted by s: the rest are past the fork
                    }

                    double candidate = index.S[r] - s - half - index.HalfLength[r];
                    if (index.S[r] > s && candidate < gap)
                    {
                        gap = candidate;
                        leaderSpeed = index.Speed[r];
                    }
                }
            }
        }
    }

    /// <summary>Distance from the vehicle's centre to the nearest place ahead where it must stop, or +∞.</summary>
    private double StopDistance(int row, Lane lane, int nextLane, int afterNextLane, double v, IdmParameters idm)
    {
        LaneIndex index = context.Index;
        RoadNetwork network = context.Network;
        double s = index.S[row];
        double half = index.HalfLength[row];
        double best = double.PositiveInfinity;
        double toEnd = lane.Length - s;

        // Red, or yellow when the vehicle can still stop at ITE's yellow-interval deceleration (3.05 m/s²; Institute of
        // Transportation Engineers, "Traffic Control Devices Handbook"), at the end of this lane. Yellow phases timed by
        // that standard then leave no dilemma zone: whoever cannot stop reaches the line before red.
        // On yellow a vehicle goes only when it cannot stop that gently and will be over the line before red; on red it
        // stops whenever it physically can.
        best = Math.Min(best, SignalStop(lane.Id, toEnd, half, v, idm));
        if (nextLane >= 0 && toEnd < Math.Max(100, v * context.LookaheadTime))
        {
            // A short lane ahead may end at a stop line too.
            best = Math.Min(best, SignalStop(nextLane, toEnd + network.Lanes[nextLane].Length, half, v, idm));
        }

        if (nextLane < 0 && lane.Kind == LaneKind.Entry && index.TargetLane[row] == lane.Id)
        {
            best = Math.Min(best, toEnd - StopMargin);
        }

        // Occupied crosswalks on this lane and the next.
        if (context.Crosswalks is { } crosswalks)
        {
            double comfortable = (v * v) / (2 * idm.ComfortableDeceleration);
            best = Math.Min(best, CrosswalkStop(lane.Id, s, 0, half, comfortable, crosswalks));
            if (nextLane >= 0)
            {
                best = Math.Min(best, CrosswalkStop(nextLane, 0, toEnd, half, comfortable, crosswalks));
            }
        }

        // Give way at conflicts on this lane, or at the end of this lane when the next one must give way; but only
        // while the vehicle can still stop before the stop point (once committed, it clears the conflict).
        double stopping = (v * v) / (2 * IdmParameters.PhysicalMaxDeceleration);
        foreach (ConflictPoint conflict in network.ConflictsYieldingOn(lane.Id))
        {
            double ahead = conflict.YieldingS - s;
            double stopAt = ahead - 4;
            if (stopAt - half > stopping - 0.5 && PriorityTrafficNear(conflict, row, ahead - half, v))
            {
                best = Math.Min(best, stopAt);
            }
        }

        // The next two lanes of the route: a junction movement often begins one short lane (a crosswalk) after the
        // stop line. Wait at the end of this lane if the vehicle can still stop there, else at the end of the next.
        double lookahead = Math.Max(100, v * context.LookaheadTime);
        double offset = toEnd;
        for (int ahead = 0, laneAhead = nextLane; ahead < 2 && laneAhead >= 0 && offset < lookahead; ahead++)
        {
            bool mustWait = false;
            foreach (ConflictPoint path in network.CrossingPathsOf(laneAhead))
            {
                // Keep out of a junction path while a vehicle on a crossing path is (or within a second will be) in the way.
                if (Occupies(path.Priority, path.PriorityS, path.PriorityEndS - path.PriorityS, row, 0, 1))
                {
                    mustWait = true;
                    break;
                }
            }

            foreach (ConflictPoint conflict in network.ConflictsYieldingOn(laneAhead))
            {
                if (mustWait)
                {
                    break;
                }

                mustWait = PriorityTrafficNear(conflict, row, offset + conflict.YieldingS - half, v);
            }

            if (mustWait)
            {
                if (toEnd - half > stopping - 0.5)
                {
                    best = Math.Min(best, toEnd - StopMargin);
                }
                else if (ahead == 1 && offset - half > stopping - 0.5)
                {
                    best = Math.Min(best, offset - StopMargin);
                }
            }

            offset += network.Lanes[laneAhead].Length;
            laneAhead = ahead == 0 ? afterNextLane : -1;
        }

        return best;
    }

    /// <summary>The stop position for the signal at the end of <paramref name="laneId"/>, <paramref name="toLine"/> m
    /// ahead of the vehicle's centre, or +∞ when the vehicle goes.</summary>
    private double SignalStop(int laneId, double toLine, double half, double v, IdmParameters idm)
    {
        RoadNetwork network = context.Network;
        SignalState signal = network.SignalAt(laneId, context.Time);
        if (signal is not (SignalState.Red or SignalState.Yellow))
        {
            return double.PositiveInfinity;
        }

        double front = toLine - half;
        double yellowBraking = Math.Max(idm.ComfortableDeceleration, YellowDeceleration);
        bool canStopGently = front > (v * v) / (2 * yellowBraking);
        bool canStopAtAll = front > (v * v) / (2 * IdmParameters.PhysicalMaxDeceleration) - 0.5;
        bool clearsBeforeRed = signal == SignalState.Yellow && v > 0.5 && front / v < network.SignalTimeToChange(laneId, context.Time);
        bool stop = signal == SignalState.Red ? canStopAtAll : canStopGently || (!clearsBeforeRed && canStopAtAll);
        return stop && front > -0.5 ? toLine - StopMargin : double.PositiveInfinity;
    }

    /// <summary>Distance to the stop position before the nearest crosswalk ahead on a lane that is occupied, or that
    /// has a pedestrian waiting and is still more than <paramref name="comfortable"/> (the comfortable stopping
    /// distance) away; +∞ when none.</summary>
    private double CrosswalkStop(int laneId, double s, double offset, double half, double comfortable, CrosswalkState crosswalks)
    {
        RoadNetwork network = context.Network;
        foreach (CrosswalkCrossing crossing in network.CrossingsOn(laneId))
        {
            double ahead = offset + crossing.S - s;
            if (ahead < half)
            {
                continue; // already on or past it
            }

            for (int c = 0; c < network.Crosswalks.Count; c++)
            {
                Crosswalk crosswalk = network.Crosswalks[c];
                double stopAt = ahead - (crosswalk.Width / 2) - 1;
                bool giveWay = crosswalks.Occupied[crosswalk.Id] || (crosswalks.Waiting[crosswalk.Id] && stopAt - half > comfortable);
                if (giveWay && ContainsCrossing(crosswalk, laneId, crossing.S))
                {
                    return stopAt;
                }
            }
        }

        return double.PositiveInfinity;
    }

    private static bool ContainsCrossing(Crosswalk crosswalk, int lane, double s)
    {
        for (int i = 0; i < crosswalk.Crossings.Count; i++)
        {
            CrosswalkCrossing c = crosswalk.Crossings[i];
            if (c.Lane == lane && c.S == s)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a vehicle with right of way would be in the conflict area while this one passes it: the time windows
    /// in which each occupies the area (front at the conflict until rear past it, ±2.5 m) overlap once this vehicle's
    /// window is widened by the critical gap after it and 1 s before it. Priority vehicles on the priority lane and on
    /// the lanes leading into it count; a stopped one counts only when it stands in the area.
    /// </summary>
    private bool PriorityTrafficNear(ConflictPoint conflict, int self, double ownFrontToConflict, double ownSpeed)
    {
        LaneIndex index = context.Index;
        double speed = Math.Max(ownSpeed, 3); // a standing vehicle starts slowly; this is the speed it is judged by
        double enter = Math.Max(0, ownFrontToConflict - 2.5) / speed;
        double exit = (ownFrontToConflict + (conflict.YieldingEndS - conflict.YieldingS) + (2 * index.HalfLength[self]) + 2.5) / speed;
        double areaLength = conflict.PriorityEndS - conflict.PriorityS;
        return Upstream(conflict.Priority, conflict.PriorityS, areaLength, self, enter - 1, exit + context.CriticalGap, -1, -1, depth: 0);
    }

    /// <summary>Whether a vehicle on <paramref name="laneId"/>, or on the lanes leading into it up to 150 m and three
    /// lanes back whose route continues onto the priority lane, occupies the conflict area within the time window.
    /// <paramref name="requireNext"/> and <paramref name="requireAfter"/> are the lanes a vehicle here must take next
    /// and after that to reach the conflict (−1: any).</summary>
    private bool Upstream(int laneId, double conflictS, double areaLength, int self, double from, double to, int requireNext, int requireAfter, int depth)
    {
        if (Occupies(laneId, conflictS, areaLength, self, from, to, requireNext, requireAfter))
        {
            return true;
        }

        if (depth >= 3 || conflictS > 150)
        {
            return false;
        }

        foreach (int predecessor in context.Network.Lanes[laneId].PredecessorList)
        {
            if (Upstream(predecessor, conflictS + context.Network.Lanes[predecessor].Length, areaLength, self, from, to, laneId, requireNext, depth + 1))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a vehicle on <paramref name="laneId"/> occupies the conflict area starting at
    /// <paramref name="conflictS"/> (<paramref name="areaLength"/> long) at some time within [<paramref name="from"/>,
    /// <paramref name="to"/>] seconds from now, at constant speed.</summary>
    private bool Occupies(int laneId, double conflictS, double areaLength, int self, double from, double to, int requireNext = -1, int requireAfter = -1)
    {
        // Rows are sorted by s: start from the last one that can still overlap the area (a 12 m vehicle's rear plus the
        // margin) and walk back until they are too far away to reach it within the window even at 100 m/s. O(log n +
        // the vehicles near the conflict), not O(lane).
        LaneIndex index = context.Index;
        const double MaxClear = 6 + 2.5 + 4; // longest body's half length, the margin, slack
        int start = index.LaneStart[laneId];
        int a = index.UpperBound(laneId, conflictS + areaLength + MaxClear);
        double reach = (Math.Max(to, 0) * 100) + MaxClear;
        for (int k = a - 1; k >= start; k--)
        {
            int r = index.Order[k];
            double remaining = conflictS - index.S[r];
            if (remaining > reach)
            {
                break;
            }

            if (r == self || r >= index.VehicleRows
                || (requireNext >= 0 && index.NextLane[r] != requireNext) || (requireAfter >= 0 && index.AfterNextLane[r] != requireAfter))
            {
                continue; // not on its way to the conflict
            }

            double clear = index.HalfLength[r] + 2.5;
            if (remaining < -(areaLength + clear))
            {
                continue; // past the conflict area
            }

            if (remaining <= clear)
            {
                return true; // in the area now
            }

            double v = index.Speed[r];
            if (v < 0.1)
            {
                continue;
            }

            double theirEnter = (remaining - clear) / v, theirExit = (remaining + areaLength + clear) / v;
            if (theirEnter < to && theirExit > from)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether discretionary (MOBIL) lane changes are allowed here: not on junction connectors, and not in the last
    /// 30 m before a signal's stop line or a junction (where lines are solid). Entry lanes always allow the merge.
    /// </summary>
    private bool LaneChangesAllowed(Lane lane, double s, int nextLane)
    {
        if (lane.Kind == LaneKind.Entry)
        {
            return true;
        }

        if (lane.Road.Junction >= 0)
        {
            return false;
        }

        if (lane.Length - s > 30)
        {
            return true;
        }

        RoadNetwork network = context.Network;
        bool signalised = network.SignalAt(lane.Id, context.Time) != SignalState.None;
        bool intoJunction = nextLane >= 0 && network.Lanes[nextLane].Road.Junction >= 0;
        bool junctionSoonAfter = nextLane >= 0 && network.Lanes[nextLane].Length < 30 && network.Lanes[nextLane].Successors.Count > 0
            && network.Lanes[network.Lanes[nextLane].Successors[0]].Road.Junction >= 0;
        return !(signalised || intoJunction || junctionSoonAfter);
    }

    /// <remarks>Both sides of the comparison use plain car-following with the vehicle's own effective desired speed:
    /// stop lines, scripted braking and leaders in a target lane apply to either choice alike.</remarks>
    private int ChooseLane(int row, in LaneMotion m, IdmParameters idm, MobilParameters mobil, Lane lane, int nextLane, bool toTheRight)
    {
        LaneIndex index = context.Index;
        RoadNetwork network = context.Network;
        double v = index.Speed[row];
        double s = index.S[row];
        double half = index.HalfLength[row];
        double best = 0;
        int choice = m.Lane;

        // The follower in the current lane, before and after the change.
        int myLeaderNow = index.Position[row] + 1 < index.LaneStart[m.Lane] + index.LaneCount[m.Lane] ? index.Order[index.Position[row] + 1] : -1;
        double ownNow = FollowerAcceleration(row, myLeaderNow);
        int oldFollower = index.Position[row] > index.LaneStart[m.Lane] ? index.Order[index.Position[row] - 1] : -1;
        double oldFollowerNow = 0, oldFollowerAfter = 0;
        if (oldFollower >= 0 && oldFollower < index.VehicleRows)
        {
            oldFollowerNow = FollowerAcceleration(oldFollower, row);
            int myLeader = index.Position[row] + 1 < index.LaneStart[m.Lane] + index.LaneCount[m.Lane] ? index.Order[index.Position[row] + 1] : -1;
            oldFollowerAfter = FollowerAcceleration(oldFollower, myLeader);
        }

        bool mandatory = lane.Kind == LaneKind.Entry && nextLane < 0;
        for (int side = 0; side < 2; side++)
        {
            bool right = side == 1;
            int candidate = right ? lane.Right : lane.Left;
            if (candidate < 0 || right != toTheRight || network.Lanes[candidate].Kind == LaneKind.Entry)
            {
                continue; // the other direction's turn, or an acceleration lane (only ever merged out of)
            }

            int leader = index.FirstAhead(candidate, s, row);
            int follower = index.LastBehind(candidate, s, row);
            double leaderGap = leader >= 0 ? index.S[leader] - s - half - index.HalfLength[leader] : double.PositiveInfinity;
            double followerGap = follower >= 0 ? s - index.S[follower] - half - index.HalfLength[follower] : double.PositiveInfinity;
            if (leaderGap < 0.5 || followerGap < 0.5)
            {
                continue; // no room beside the vehicle
            }

            double ownAfter = Idm(idm, v, index.DesiredSpeed[row], leaderGap, leader >= 0 ? index.Speed[leader] : 0);
            double newFollowerNow = 0, newFollowerAfter = 0;
            if (follower >= 0 && follower < index.VehicleRows)
            {
                newFollowerNow = FollowerAcceleration(follower, leader);
                newFollowerAfter = FollowerAcceleration(follower, row);
            }

            double incentive = mobil.Incentive(ownNow, ownAfter, newFollowerNow, newFollowerAfter, oldFollowerNow, oldFollowerAfter, right);
            if (mandatory && !right && incentive > double.NegativeInfinity)
            {
                incentive = double.MaxValue;
            }

            if (incentive > best)
            {
                best = incentive;
                choice = candidate;
            }
        }

        return choice;
    }

    /// <summary>IDM acceleration of row <paramref name="follower"/> behind row <paramref name="leader"/> (or free road when −1).</summary>
    private double FollowerAcceleration(int follower, int leader)
    {
        LaneIndex index = context.Index;
        double gap = leader >= 0 ? index.S[leader] - index.S[follower] - index.HalfLength[follower] - index.HalfLength[leader] : double.PositiveInfinity;
        return Idm(index.Idm[follower], index.Speed[follower], index.DesiredSpeed[follower], gap, leader >= 0 ? index.Speed[leader] : 0);
    }

    private static double Idm(IdmParameters idm, double v, double v0, double gap, double leaderSpeed)
    {
        if (v0 < 0.1)
        {
            // Told to stop: brake comfortably to a standstill, and never harder than needed for the leader.
            double stopping = v > 0 ? -Math.Min(idm.ComfortableDeceleration, Math.Max(v, 0.5)) : 0;
            return gap < double.PositiveInfinity ? Math.Min(stopping, idm.Acceleration(v, 0.1, gap, leaderSpeed)) : stopping;
        }

        return idm.Acceleration(v, v0, gap, leaderSpeed);
    }

    /// <summary>
    /// Kinematic bicycle model in the road's Frenet frame over a path length <paramref name="distance"/>: the
    /// curvature command is the lane's curvature plus a pure-pursuit correction towards the target lane centre
    /// (Coulter 1992), limited to ±<see cref="VehicleDynamics.MaxCurvature"/> and changed at most
    /// <see cref="VehicleDynamics.MaxCurvatureRate"/> per second. With reference curvature κr and the vehicle at
    /// lateral position t from the reference line: ds = d cos ψ / (1 − κr t), dt = d sin ψ, dψ = d κ − κr ds.
    /// Outside lane changes the target is <paramref name="laneOffset"/> from the lane centre (0 unless scripted).
    /// </summary>
    private void Lateral(ref LaneMotion m, ref VehicleDynamics dyn, bool forced, double laneOffset, Lane lane, double speed, double length, double distance, double dt)
    {
        RoadNetwork network = context.Network;
        double kr = lane.Road.Reference.CurvatureAt(m.S);
        double laneCurvature = kr / (1 - (kr * lane.Offset));
        double target = m.TargetLane != m.Lane ? network.Lanes[m.TargetLane].Offset - lane.Offset : laneOffset;
        double error = target - m.T;
        double command;
        if (Math.Abs(error) < 1e-6 && Math.Abs(m.Heading) < 1e-7)
        {
            command = laneCurvature; // settled on the lane centre: just follow the lane (skips the trigonometry)
        }
        else
        {
            // During a lane change at least three body lengths ahead: a long vehicle that turned sharply would swing its
            // rear into the next lane. Keeping to the lane it corrects faster.
            double minimum = m.TargetLane != m.Lane ? 3 * length * (forced ? 0.5 : 1) : 4;
            double lookahead = Math.Max(minimum, speed * dyn.LookaheadTime * (forced ? 0.5 : 1));
            double alpha = Math.Atan2(error, lookahead) - m.Heading;
            command = laneCurvature + (2 * Math.Sin(alpha) / Math.Sqrt((lookahead * lookahead) + (error * error)));
        }

        command = Math.Clamp(command, -dyn.MaxCurvature, dyn.MaxCurvature);
        double maxChange = dyn.MaxCurvatureRate * dt;
        dyn.Curvature = Math.Clamp(command, dyn.Curvature - maxChange, dyn.Curvature + maxChange);

        double tAbs = lane.Offset + m.T;
        double sin = 0, cos = 1;
        if (m.Heading != 0)
        {
            (sin, cos) = Math.SinCos(m.Heading);
        }

        double ds = distance * cos / (1 - (kr * tAbs));
        m.S += ds;
        m.T += distance * sin;
        m.Heading = Pose2.WrapAngle(m.Heading + (distance * dyn.Curvature) - (kr * ds));
    }

    private void WritePose(ref ActorPose pose, in LaneMotion m)
    {
        Lane lane = context.Network.Lanes[m.Lane];
        Pose2 reference = lane.Road.Reference.PoseAt(m.S);
        (double sin, double cos) = Math.SinCos(reference.Heading);
        double t = lane.Offset + m.T;
        pose.X = reference.X - (t * sin);
        pose.Y = reference.Y + (t * cos);
        pose.Heading = reference.Heading + m.Heading;
        if (m.Heading != 0)
        {
            (sin, cos) = Math.SinCos(pose.Heading);
        }

        pose.Vx = m.Speed * cos;
        pose.Vy = m.Speed * sin;
    }

    /// <summary>A successor of <paramref name="lane"/> drawn uniformly with the counter-based RNG among those the
    /// vehicle can steer through (curvature at most <paramref name="maxCurvature"/>; all of them if none qualifies),
    /// or −1 at an exit.</summary>
    internal static int ChooseSuccessor(RoadNetwork network, Lane lane, ulong seed, ulong stableId, long tick, uint stream, double maxCurvature)
    {
        List<int> successors = lane.SuccessorList;
        if (successors.Count <= 1)
        {
            return successors.Count == 0 ? -1 : successors[0];
        }

        int feasible = 0;
        foreach (int s in successors)
        {
            feasible += network.MaxCurvature(s) <= maxCurvature ? 1 : 0;
        }

        int pick = new CounterRng(seed).Stream(stableId, stream, tick).NextInt(feasible == 0 ? successors.Count : feasible);
        foreach (int s in successors)
        {
            if (feasible == 0 || network.MaxCurvature(s) <= maxCurvature)
            {
                if (pick-- == 0)
                {
                    return s;
                }
            }
        }

        throw new InvalidOperationException("unreachable");
    }
}
