namespace Sim.Core.Traffic.Pedestrians;

/// <summary>
/// A pedestrian's crossing of a marked crosswalk: which one, how far along its centre line and which way.
/// <see cref="Crosswalk"/> is −1 when the pedestrian is neither waiting at nor walking on a crosswalk.
/// </summary>
public struct CrossingState
{
    /// <summary>Progress along the crosswalk's centre line: 0 at <c>Crosswalk.From</c>, 1 at <c>Crosswalk.To</c>.</summary>
    public double U;

    /// <summary>Walking speed on the crosswalk, m/s.</summary>
    public double Speed;

    /// <summary>Crosswalk id (<c>RoadNetwork.Crosswalks</c>), or −1.</summary>
    public int Crosswalk;

    /// <summary>+1 when walking from <c>From</c> to <c>To</c> (U increasing), −1 the other way.</summary>
    public int Direction;
}
