namespace Sim.Core.Traffic.Roads;

/// <summary>What a signal shows to a lane's stop line.</summary>
public enum SignalState
{
    /// <summary>No signal controls the lane.</summary>
    None = 0,

    /// <summary>Go.</summary>
    Green = 1,

    /// <summary>Stop if you safely can.</summary>
    Yellow = 2,

    /// <summary>Stop.</summary>
    Red = 3,
}

/// <summary>One group of a fixed-time signal plan: the lanes it releases and when, within the cycle.</summary>
/// <param name="Lanes">Lanes whose stop line (at s = Length) the group controls.</param>
/// <param name="GreenStart">Start of green within the cycle, s.</param>
/// <param name="Green">Green duration, s.</param>
/// <param name="Yellow">Yellow duration after green, s.</param>
public sealed record SignalGroup(IReadOnlyList<int> Lanes, double GreenStart, double Green, double Yellow);

/// <summary>A fixed-time traffic signal: groups repeat every <see cref="Cycle"/> seconds from <see cref="Offset"/>;
/// the state is a pure function of simulation time.</summary>
/// <param name="Id">Index in <see cref="RoadNetwork.Signals"/>.</param>
/// <param name="Cycle">Cycle length, s.</param>
/// <param name="Offset">Time at which the cycle starts, s.</param>
/// <param name="Groups">The signal groups.</param>
public sealed record TrafficSignal(int Id, double Cycle, double Offset, IReadOnlyList<SignalGroup> Groups)
{
    /// <summary>State shown to group <paramref name="group"/> at <paramref name="time"/>.</summary>
    public SignalState StateOf(int group, double time)
    {
        SignalGroup g = Groups[group];
        double inCycle = (time - Offset) % Cycle;
        if (inCycle < 0)
        {
            inCycle += Cycle;
        }

        double since = (inCycle - g.GreenStart) % Cycle;
        if (since < 0)
        {
            since += Cycle;
        }

        return since < g.Green ? SignalState.Green : since < g.Green + g.Yellow ? SignalState.Yellow : SignalState.Red;
    }

    /// <summary>Seconds until group <paramref name="group"/>'s state next changes after <paramref name="time"/>.</summary>
    public double TimeToChange(int group, double time)
    {
        SignalGroup g = Groups[group];
        double since = (time - Offset - g.GreenStart) % Cycle;
        if (since < 0)
        {
            since += Cycle;
        }

        return since < g.Green ? g.Green - since : since < g.Green + g.Yellow ? g.Green + g.Yellow - since : Cycle - since;
    }
}
