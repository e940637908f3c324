using System.CommandLine;

namespace Sim.Cli.Run;

/// <summary><c>--backend gl|cpu|auto</c> and <c>--require-gpu</c>: which renderer the camera and the LiDAR use, the same
/// options for <c>sim run</c>, <c>sim batch</c> and <c>sim render</c> (each command makes its own instances).</summary>
internal sealed class RendererOptions
{
    /// <summary>gl, cpu or auto (GL when EGL works, else the CPU reference with a warning).</summary>
    public Option<string> Backend { get; } = new Option<string>("--backend")
    {
        HelpName = "gl|cpu|auto",
        Description = "Camera and LiDAR renderer: gl (headless OpenGL through EGL), cpu (reference ray caster) or auto (default: gl when available).",
        DefaultValueFactory = _ => "auto",
    }.AcceptOnlyFromAmong("gl", "cpu", "auto");

    /// <summary>Fail unless the GL renderer is a GPU.</summary>
    public Option<bool> RequireGpu { get; } = new("--require-gpu") { Description = "Fail when the OpenGL renderer is software (e.g. llvmpipe) rather than a GPU: a GPU node's safeguard." };

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(Backend);
        command.Add(RequireGpu);
    }

    /// <summary>The backend and whether a GPU is required; <paramref name="problem"/> says why they cannot go together.</summary>
    public (string Backend, bool RequireGpu) Of(ParseResult parseResult, out string? problem)
    {
        string backend = parseResult.GetValue(Backend) ?? "auto";
        bool requireGpu = parseResult.GetValue(RequireGpu);
        problem = backend == "cpu" && requireGpu ? "--require-gpu needs --backend gl or auto, not cpu" : null;
        return (backend, requireGpu);
    }
}
