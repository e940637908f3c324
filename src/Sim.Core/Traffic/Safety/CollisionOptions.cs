namespace Sim.Core.Traffic.Safety;

/// <summary>Settings of the <see cref="CollisionSystem"/>.</summary>
/// <param name="CellSize">Side of a cell of the uniform grid, m. The default, 24 m, is twice the longest typical actor
/// (a 12 m truck or bus), so most actors cover one to four cells; longer actors are still found (they cover more
/// cells). Smaller cells suit scenes of small actors only, e.g. dense crowds.</param>
/// <param name="IgnorePedestrianPairs">Whether contacts between two pedestrians are ignored (on by default: people in
/// a crowd brush past each other, and their boxes are coarse).</param>
/// <param name="IgnoredClassPairs">Further pairs of classes whose contacts are ignored (either order).</param>
public sealed record CollisionOptions(
    double CellSize = 24,
    bool IgnorePedestrianPairs = true,
    IReadOnlyList<(ActorClass A, ActorClass B)>? IgnoredClassPairs = null)
{
    /// <summary>The number of <see cref="ActorClass"/> values the class filter covers (0 – <c>ClassCount − 1</c>).</summary>
    internal static readonly int ClassCount = (int)Enum.GetValues<ActorClass>().Max() + 1;

    /// <summary>Whether contacts between these classes are recorded.</summary>
    public bool Records(ActorClass a, ActorClass b)
    {
        if (IgnorePedestrianPairs && a == ActorClass.Pedestrian && b == ActorClass.Pedestrian)
        {
            return false;
        }

        if (IgnoredClassPairs is not null)
        {
            foreach ((ActorClass x, ActorClass y) in IgnoredClassPairs)
            {
                if ((x == a && y == b) || (x == b && y == a))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The filter as a <see cref="ClassCount"/> × <see cref="ClassCount"/> table, for the hot loop.</summary>
    internal bool[] RecordTable()
    {
        var table = new bool[ClassCount * ClassCount];
        for (int a = 0; a < ClassCount; a++)
        {
            for (int b = 0; b < ClassCount; b++)
            {
                table[(a * ClassCount) + b] = Records((ActorClass)a, (ActorClass)b);
            }
        }

        return table;
    }
}
