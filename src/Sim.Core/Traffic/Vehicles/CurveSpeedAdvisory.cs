using Sim.Core.Traffic.Roads;

namespace Sim.Core.Traffic.Vehicles;

/// <summary>
/// The speed drivers slow to for curves: on a curve of curvature κ at most √(a_lat / |κ|), with a comfortable lateral
/// acceleration a_lat; before it, the speed from which the curve's speed is reached by braking gently at b over the distance
/// left, √(v_curve² + 2 b d). Precomputed per lane every 2 m by a backward pass, so a vehicle looks its advisory speed
/// up in O(1); the first value of the next lane covers curves just past a lane's end.
/// </summary>
/// <remarks>The default a_lat = 2 m/s² is the comfortable lateral acceleration of ordinary driving (design guides use 1.5–3 m/s²,
/// e.g. AASHTO's side-friction factors at urban speeds); the profile brakes at b = 1 m/s², and vehicles above it brake at
/// b plus 1/s times the excess (VehicleStep).</remarks>
internal sealed class CurveSpeedAdvisory
{
    public const double DefaultLateralAcceleration = 2.0;
    public const double Deceleration = 1.0;
    private const double Step = 2.0;

    private readonly double[][] _speeds;
    private readonly double[] _length;
    private readonly double[] _limit;

    public CurveSpeedAdvisory(RoadNetwork network, double lateralAcceleration)
    {
        Network = network;
        LateralAcceleration = lateralAcceleration;
        _speeds = new double[network.Lanes.Count][];
        _length = [.. network.Lanes.Select(l => l.Length)];
        _limit = [.. network.Lanes.Select(l => l.SpeedLimit > 0 ? l.SpeedLimit : double.PositiveInfinity)];
        foreach (Lane lane in network.Lanes)
        {
            int n = (int)Math.Ceiling(lane.Length / Step) + 1;
            var speeds = new double[n];
            for (int i = n - 1; i >= 0; i--)
            {
                double s = Math.Min(i * Step, lane.Length);
                double curvature = Math.Max(Math.Abs(network.LaneCurvature(lane.Id, s)), Math.Abs(network.LaneCurvature(lane.Id, Math.Min(s + (Step / 2), lane.Length))));
                double curve = curvature > 1e-6 ? Math.Sqrt(LateralAcceleration / curvature) : double.PositiveInfinity;
                double braking = i + 1 < n ? Math.Sqrt((speeds[i + 1] * speeds[i + 1]) + (2 * Deceleration * Step)) : double.PositiveInfinity;
                speeds[i] = Math.Min(curve, braking);
            }

            _speeds[lane.Id] = speeds;
        }
    }

    /// <summary>The comfortable lateral acceleration the table was built for, m/s² (+∞: no slowing for curves).</summary>
    public double LateralAcceleration { get; }

    /// <summary>The network the table was built for.</summary>
    public RoadNetwork Network { get; }

    /// <summary>Advisory speed at s on a lane, counting the lanes of the route ahead (<paramref name="nextLane"/>,
    /// <paramref name="afterNextLane"/>; −1: none): their curves and their speed limits, each reached by braking at
    /// <see cref="Deceleration"/>, m/s (+∞ on a straight with nothing slower ahead).</summary>
    public double At(int lane, double s, int nextLane, int afterNextLane)
    {
        double[] speeds = _speeds[lane];
        int i = Math.Clamp((int)(s / Step), 0, speeds.Length - 1);
        double v = speeds[i];
        double left = Math.Max(0, _length[lane] - s);
        for (int k = 0, ahead = nextLane; k < 2 && ahead >= 0; k++, ahead = afterNextLane)
        {
            double next = Math.Min(_speeds[ahead][0], _limit[ahead]); // [0] already holds everything on that lane, braked back to its start
            if (next < double.PositiveInfinity)
            {
                v = Math.Min(v, Math.Sqrt((next * next) + (2 * Deceleration * left)));
            }

            left += _length[ahead];
        }

        return v;
    }
}
