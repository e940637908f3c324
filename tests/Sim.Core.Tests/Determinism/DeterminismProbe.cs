using System.Globalization;

namespace Sim.Core.Tests.Determinism;

/// <summary>
/// The test assembly's own entry point (the test SDK's generated one is turned off in the project file), so a
/// test can start a second process: <c>dotnet Sim.Core.Tests.dll determinism-probe SEED THREADS TICKS</c> prints
/// one world hash (hex) per tick.
/// </summary>
public static class DeterminismProbe
{
    public const string Verb = "determinism-probe";

    public static int Main(string[] args)
    {
        if (args.Length != 4 || args[0] != Verb)
        {
            Console.Error.WriteLine($"usage: dotnet Sim.Core.Tests.dll {Verb} SEED THREADS TICKS");
            return 2;
        }

        ulong seed = ulong.Parse(args[1], CultureInfo.InvariantCulture);
        int threads = int.Parse(args[2], CultureInfo.InvariantCulture);
        int ticks = int.Parse(args[3], CultureInfo.InvariantCulture);
        foreach (ulong hash in SwarmSimulation.HashesPerTick(seed, threads, ticks))
        {
            Console.WriteLine(hash.ToString("x16", CultureInfo.InvariantCulture));
        }

        return 0;
    }
}
