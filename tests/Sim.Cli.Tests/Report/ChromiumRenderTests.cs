using Sim.Export.Imaging;
using Sim.Tests.Infrastructure;

namespace Sim.Cli.Tests.Report;

/// <summary>A fact that runs only where Debian's Chromium is installed (<c>apt-get install chromium</c>, which
/// <c>./test</c> does as root).</summary>
public sealed class RequiresChromiumFactAttribute : FactAttribute
{
    public RequiresChromiumFactAttribute()
    {
        if (!File.Exists(ChromiumRenderTests.Chromium))
        {
            Skip = $"{ChromiumRenderTests.Chromium} is not installed (apt-get install chromium).";
        }
    }
}

/// <summary>The report page renders in headless Chromium without a console message, and the screenshot shows it.</summary>
public sealed class ChromiumRenderTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    public const string Chromium = "/usr/bin/chromium";

    [RequiresChromiumFact]
    public void The_report_renders_in_headless_chromium_without_console_messages()
    {
        Assert.True(fixture.Result.ExitCode == ExitCodes.Success, fixture.Result.Stderr);
        string screenshot = Path.Combine(fixture.Root, "report-screenshot.png");
        string profile = Directory.CreateDirectory(Path.Combine(fixture.Root, "chromium-profile")).FullName;

        // Flags as on this workplace's machines: no sandbox (root), no GPU, and none of Chromium's background network
        // traffic (the network is closed). --enable-logging=stderr prints every console message as "…:CONSOLE(line)] …".
        ChildProcessResult r = ChildProcess.Run(Chromium,
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
            "--window-size=1000,3000", $"--screenshot={screenshot}", new Uri(Path.Combine(fixture.Output, "report.html")).AbsoluteUri,
        ], timeout: TimeSpan.FromMinutes(2));

        Assert.True(r.ExitCode == 0, $"chromium exited {r.ExitCode}:\n{r.Stderr}");
        string[] console = [.. r.Stderr.Split('\n').Where(line => line.Contains(":CONSOLE", StringComparison.Ordinal))];
        Assert.True(console.Length == 0, string.Join('\n', console));
        PngImage shot = PngReader.Read(screenshot);
        Assert.Equal(1000, shot.Width);

        // The page is drawn: the plots make many rows hold coloured (non-grey) pixels.
        int colouredRows = 0;
        for (int y = 0; y < shot.Height; y += 4)
        {
            bool coloured = false;
            for (int x = 0; x < shot.Width && !coloured; x += 2)
            {
                coloured = Math.Abs(shot.Sample(x, y, 0) - shot.Sample(x, y, 2)) > 60;
            }

            colouredRows += coloured ? 1 : 0;
        }

        Assert.True(colouredRows > 100, $"only {colouredRows} rows of the screenshot hold colour");
    }
}
