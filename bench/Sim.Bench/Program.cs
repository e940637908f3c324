using System.Runtime.InteropServices;
using Sim.Bench.Ecs;
using Sim.Bench.Harness;

namespace Sim.Bench;

/// <summary><c>bench/run NAME [--quick]</c>: runs one suite and ends with one <c>name value unit</c> line per figure.</summary>
public static class Program
{
    private static readonly IBenchSuite[] Suites = [new EcsSuite(), new Traffic.TrafficSuite(), new Scenarios.ScenarioSuite(), new Sensors.SensorSuite(), new Export.ExportSuite(), new Finance.FinanceSuite(), new Batch.BatchSuite()];

    public static int Main(string[] args)
    {
        Sim.Cli.NativeHeap.Tune(); // as sim does: every figure, the child processes' memory included, is what a run gets
        if (args.Length == 3 && args[0] == "export-rss")
        {
            return Export.ExportSuite.RssChild(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args[2]);
        }

        if (args.Length == 4 && args[0] == "finance-rss")
        {
            return Finance.FinanceSuite.RssChild(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args[3]);
        }

        bool quick = args.Contains("--quick");
        string[] names = [.. args.Where(a => !a.StartsWith("--", StringComparison.Ordinal))];
        if (names.Length != 1 || names[0] == "list")
        {
            Console.Error.WriteLine("usage: bench/run NAME [--quick]");
            foreach (IBenchSuite s in Suites)
            {
                Console.Error.WriteLine($"  {s.Name,-10} {s.Description}");
            }

            return names.Length == 1 ? 0 : 2;
        }

        IBenchSuite? suite = Suites.FirstOrDefault(s => s.Name == names[0]);
        if (suite is null)
        {
            Console.Error.WriteLine($"bench: no suite named '{names[0]}'; suites: {string.Join(", ", Suites.Select(s => s.Name))}");
            return 2;
        }

        Console.WriteLine($"# {suite.Name} ({(quick ? "quick, interleaved" : "full")}) on {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        IReadOnlyList<Figure> figures = suite.Run(quick, Console.Out);
        foreach (Figure figure in figures)
        {
            Console.WriteLine(figure);
        }

        return 0;
    }
}
