using Sim.Sensors.Gl;
using Xunit.Abstractions;

namespace Sim.Sensors.Tests.Gl;

public class EglContextTests(ITestOutputHelper output)
{
    [GlFact]
    public void Makes_an_opengl_4_5_core_context_and_names_its_renderer()
    {
        using EglContext context = EglContext.Create();
        output.WriteLine($"GL_RENDERER \"{context.Renderer}\", GL_VERSION \"{context.Version}\", GL_VENDOR \"{context.Vendor}\"; EGL {context.EglVersion} ({context.EglVendor}) on the {context.Platform} platform, device {context.Device ?? "-"}, EGL device renderer {context.DeviceRenderer ?? "(not offered)"}");
        Assert.NotEmpty(context.Renderer);
        Assert.Matches(@"^4\.[5-9]|^[5-9]\.", context.Version);
        Assert.Contains("Core Profile", context.Version, StringComparison.Ordinal);
        Assert.Equal(EglContext.IsSoftwareRenderer(context.Renderer), context.IsSoftware);
        if (context.DeviceRenderer is { } reported)
        {
            // The device's name as EGL reports it (EGL_EXT_device_query_name) begins GL_RENDERER.
            Assert.StartsWith(reported, context.Renderer, StringComparison.Ordinal);
        }

        if (context.Device == "software")
        {
            // Mesa's software EGL device renders with llvmpipe (or softpipe without LLVM).
            Assert.True(context.Renderer.StartsWith("llvmpipe", StringComparison.Ordinal) || context.Renderer.StartsWith("softpipe", StringComparison.Ordinal), context.Renderer);
            Assert.True(context.IsSoftware);
        }
    }

    [GlFact]
    public void Two_contexts_live_side_by_side_and_one_outlives_the_other()
    {
        using EglContext first = EglContext.Create();
        first.ReleaseCurrent();
        EglContext second = EglContext.Create();
        Assert.StartsWith(first.Renderer, second.Renderer, StringComparison.Ordinal);
        second.Dispose();
        first.MakeCurrent();
        Assert.Equal(first.Renderer, first.GL.GetStringS(Silk.NET.OpenGL.StringName.Renderer));
    }

    [Fact]
    public void Software_renderers_are_recognised()
    {
        Assert.True(EglContext.IsSoftwareRenderer("llvmpipe (LLVM 15.0.6, 256 bits)"));
        Assert.True(EglContext.IsSoftwareRenderer("softpipe"));
        Assert.True(EglContext.IsSoftwareRenderer("Mesa Offscreen swrast"));
        Assert.False(EglContext.IsSoftwareRenderer("NVIDIA H100 80GB HBM3/PCIe/SSE2"));
    }

    [Fact]
    public void Try_create_either_gives_a_context_or_a_reason_naming_the_apt_packages()
    {
        bool ok = EglContext.TryCreate(out EglContext? context, out string reason);
        using (context)
        {
            if (ok)
            {
                Assert.NotNull(context);
                Assert.Empty(reason);
            }
            else
            {
                Assert.Null(context);
                Assert.Contains("libegl1 libgl1-mesa-dri", reason, StringComparison.Ordinal);
            }
        }
    }
}
