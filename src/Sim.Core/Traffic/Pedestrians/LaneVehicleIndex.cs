using Sim.Core.Ecs;

namespace Sim.Core.Traffic.Pedestrians;

/// <summary>A vehicle as the gap-acceptance rule sees it on one lane.</summary>
/// <param name="S">s of its centre on the lane, m.</param>
/// <param name="Speed">Speed, m/s.</param>
/// <param name="Acceleration">Longitudinal acceleration of its last step, m/s².</param>
/// <param name="HalfLength">Half its body length, m.</param>
public readonly record struct LaneVehicle(double S, double Speed, double Acceleration, double HalfLength);

/// <summary>
/// The vehicles (entities with <see cref="LaneMotion"/> and <see cref="ActorBody"/>) on each lane, rebuilt once per
/// step by a counting sort into buffers that grow but are never reallocated in steady state. A vehicle changing
/// lanes is listed on both its current and its target lane.
/// </summary>
public sealed class LaneVehicleIndex
{
    private static readonly QueryDescription Vehicles = new QueryDescription().WithAll<LaneMotion, ActorBody>();

    private int[] _start = [];
    private int[] _fill = [];
    private LaneVehicle[] _vehicles = [];

    /// <summary>The vehicles on <paramref name="lane"/> (any order); empty for lanes without vehicles or out of range.</summary>
    public ReadOnlySpan<LaneVehicle> On(int lane) =>
        (uint)lane < (uint)(_start.Length - 1) ? _vehicles.AsSpan(_start[lane], _start[lane + 1] - _start[lane]) : [];

    /// <summary>Re-reads every vehicle's lane motion from <paramref name="world"/>.</summary>
    /// <param name="world">The world.</param>
    /// <param name="laneCount">Number of lanes in the road network.</param>
    public void Rebuild(World world, int laneCount)
    {
        ArgumentNullException.ThrowIfNull(world);
        if (_start.Length != laneCount + 1)
        {
            _start = new int[laneCount + 1];
            _fill = new int[laneCount];
        }

        Array.Clear(_start);
        Query query = world.Query(Vehicles);
        foreach (Chunk chunk in query.GetChunks())
        {
            Span<LaneMotion> motion = chunk.GetSpan<LaneMotion>();
            for (int i = 0; i < chunk.Count; i++)
            {
                Count(motion[i].Lane, laneCount);
                if (motion[i].TargetLane != motion[i].Lane)
                {
                    Count(motion[i].TargetLane, laneCount);
                }
            }
        }

        // Exclusive prefix sums: _start[l] is where lane l's vehicles begin.
        int total = 0;
        for (int lane = 0; lane < laneCount; lane++)
        {
            int count = _start[lane + 1];
            _start[lane] = total;
            _fill[lane] = total;
            total += count;
        }

        _start[laneCount] = total;
        if (_vehicles.Length < total)
        {
            _vehicles = new LaneVehicle[Math.Max(total, _vehicles.Length * 2)];
        }

        foreach (Chunk chunk in query.GetChunks())
        {
            Span<LaneMotion> motion = chunk.GetSpan<LaneMotion>();
            Span<ActorBody> body = chunk.GetSpan<ActorBody>();
            for (int i = 0; i < chunk.Count; i++)
            {
                ref LaneMotion m = ref motion[i];
                var vehicle = new LaneVehicle(m.S, m.Speed, m.Acceleration, body[i].Length / 2.0);
                Place(m.Lane, vehicle, laneCount);
                if (m.TargetLane != m.Lane)
                {
                    Place(m.TargetLane, vehicle, laneCount);
                }
            }
        }
    }

    // Counts go one slot to the right so that the prefix sum can run in place.
    private void Count(int lane, int laneCount)
    {
        if ((uint)lane < (uint)laneCount)
        {
            _start[lane + 1]++;
        }
    }

    private void Place(int lane, in LaneVehicle vehicle, int laneCount)
    {
        if ((uint)lane < (uint)laneCount)
        {
            _vehicles[_fill[lane]++] = vehicle;
        }
    }
}
