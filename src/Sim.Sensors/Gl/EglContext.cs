using System.Runtime.InteropServices;
using Silk.NET.OpenGL;

namespace Sim.Sensors.Gl;

/// <summary>
/// A headless OpenGL 4.5 core context through EGL: no window, no X server; rendering goes to framebuffer objects.
/// Display order: the EGL device platform (the first device that is not Mesa's software device, else the software
/// one), then Mesa's surfaceless platform. Without a GPU, Mesa llvmpipe renders
/// (<c>apt-get install -y libegl1 libgl1-mesa-dri</c>). Log <see cref="Renderer"/>: a machine whose GPU EGL libraries
/// are missing silently falls back to llvmpipe (<see cref="IsSoftware"/>).
/// </summary>
/// <remarks>
/// An EGL context is current on at most one thread at a time. <see cref="MakeCurrent"/> binds it to the calling thread
/// and <see cref="ReleaseCurrent"/> unbinds it; users that may run on several threads lock on the context around both
/// (<see cref="GlCamera"/> does). Creating the context leaves it current on the creating thread.
/// </remarks>
public sealed unsafe class EglContext : IDisposable
{
    /// <summary>The command that installs what this backend needs on Debian and Ubuntu.</summary>
    public const string AptCommand = "apt-get install -y libegl1 libgl1-mesa-dri";

    private const string Library = "libEGL.so.1";

    private const int EglSuccess = 0x3000;
    private const int EglNone = 0x3038;
    private const int EglExtensions = 0x3055;
    private const int EglVendorName = 0x3053;
    private const int EglVersionName = 0x3054;
    private const int EglSurfaceType = 0x3033;
    private const int EglRenderableType = 0x3040;
    private const int EglOpenGlBit = 0x0008;
    private const int EglRedSize = 0x3024;
    private const int EglGreenSize = 0x3023;
    private const int EglBlueSize = 0x3022;
    private const int EglAlphaSize = 0x3021;
    private const int EglOpenGlApi = 0x30A2;
    private const int EglContextMajorVersion = 0x3098;
    private const int EglContextMinorVersion = 0x30FB;
    private const int EglContextOpenGlProfileMask = 0x30FD;
    private const int EglContextOpenGlCoreProfileBit = 0x1;
    private const int EglPlatformDeviceExt = 0x313F;
    private const int EglPlatformSurfacelessMesa = 0x31DD;
    private const int EglDrmDeviceFileExt = 0x3233;
    private const int EglRendererExt = 0x335F;

    // EGL displays are per (platform, native display), not per caller: two contexts on one device share a display and
    // eglTerminate would pull it from under the other, so displays are terminated when their last context goes.
    private static readonly Dictionary<nint, int> DisplayUsers = [];
    private static readonly Lock DisplayLock = new();

    private nint _display;
    private nint _context;
    private bool _disposed;

    private EglContext(nint display, nint context, string platform, string? device, string? deviceRenderer, string eglVersion, string eglVendor)
    {
        _display = display;
        _context = context;
        Platform = platform;
        Device = device;
        DeviceRenderer = deviceRenderer;
        EglVersion = eglVersion;
        EglVendor = eglVendor;
        GL = GL.GetApi(name => eglGetProcAddress(name));
        Renderer = GL.GetStringS(StringName.Renderer) ?? string.Empty;
        Version = GL.GetStringS(StringName.Version) ?? string.Empty;
        Vendor = GL.GetStringS(StringName.Vendor) ?? string.Empty;
        GL.GetInteger(GetPName.MajorVersion, out int major);
        GL.GetInteger(GetPName.MinorVersion, out int minor);
        if (major < 4 || (major == 4 && minor < 5))
        {
            throw new EglException($"EGL gave OpenGL {major}.{minor} ({Renderer}, {Version}); the GL backend needs 4.5 core. Install Mesa's drivers ({AptCommand}) or a GPU driver with OpenGL 4.5.");
        }
    }

    /// <summary>The Silk.NET OpenGL API bound to this context.</summary>
    public GL GL { get; }

    /// <summary>GL_RENDERER, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)" or a GPU's name.</summary>
    public string Renderer { get; }

    /// <summary>GL_VERSION, e.g. "4.5 (Core Profile) Mesa 22.3.6".</summary>
    public string Version { get; }

    /// <summary>GL_VENDOR.</summary>
    public string Vendor { get; }

    /// <summary>The EGL platform the display came from: "device" or "surfaceless".</summary>
    public string Platform { get; }

    /// <summary>The EGL device's DRM node or "software" where the device platform was used; null otherwise.</summary>
    public string? Device { get; }

    /// <summary>The EGL device's renderer name (EGL_EXT_device_query_name's EGL_RENDERER_EXT) where the driver offers
    /// it; GL_RENDERER starts with it. Mesa 22 does not offer it.</summary>
    public string? DeviceRenderer { get; }

    /// <summary>EGL_VERSION of the display, e.g. "1.5".</summary>
    public string EglVersion { get; }

    /// <summary>EGL_VENDOR of the display, e.g. "Mesa Project".</summary>
    public string EglVendor { get; }

    /// <summary>True when the renderer is a CPU rasteriser (llvmpipe, softpipe, swrast) rather than a GPU.</summary>
    public bool IsSoftware => IsSoftwareRenderer(Renderer);

    /// <summary>True when a GL_RENDERER string names a CPU rasteriser (llvmpipe, softpipe, swrast).</summary>
    public static bool IsSoftwareRenderer(string renderer)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        return renderer.Contains("llvmpipe", StringComparison.OrdinalIgnoreCase)
            || renderer.Contains("softpipe", StringComparison.OrdinalIgnoreCase)
            || renderer.Contains("swrast", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Creates a context, current on the calling thread.</summary>
    /// <param name="requireGpu">Fail when the renderer is a CPU rasteriser.</param>
    /// <exception cref="EglException">Why no context could be made, with the apt command that fixes the usual causes.</exception>
    public static EglContext Create(bool requireGpu = false)
    {
        EglContext context;
        try
        {
            context = CreateCore();
        }
        catch (DllNotFoundException e)
        {
            throw new EglException($"EGL is not installed: {Library} could not be loaded ({e.Message}). Install it with: {AptCommand}", e);
        }
        catch (EntryPointNotFoundException e)
        {
            throw new EglException($"{Library} lacks an EGL 1.4 entry point ({e.Message}); install glvnd's EGL with: {AptCommand}", e);
        }

        if (requireGpu && context.IsSoftware)
        {
            string renderer = context.Renderer;
            context.Dispose();
            throw new EglException($"A GPU renderer was required but EGL gave the software renderer \"{renderer}\". Check the GPU driver's EGL libraries (libEGL_nvidia.so.0 and its glvnd vendor file; in containers NVIDIA_DRIVER_CAPABILITIES must include graphics).");
        }

        return context;
    }

    /// <summary>Tries to create a context; on failure <paramref name="reason"/> says why and how to fix it.</summary>
    public static bool TryCreate(out EglContext? context, out string reason)
    {
        try
        {
            context = Create();
            reason = string.Empty;
            return true;
        }
        catch (EglException e)
        {
            context = null;
            reason = e.Message;
            return false;
        }
    }

    /// <summary>Runs <paramref name="action"/> with this context current on the calling thread, one caller at a time, and
    /// releases it afterwards unless it was already current (the camera and the LiDAR share one context).</summary>
    internal void WithCurrent(Action action)
    {
        lock (this)
        {
            bool wasCurrent = IsCurrent;
            MakeCurrent();
            try
            {
                action();
            }
            finally
            {
                if (!wasCurrent)
                {
                    ReleaseCurrent();
                }
            }
        }
    }

    /// <summary>Makes the context current on the calling thread (a no-op when it already is).</summary>
    /// <exception cref="EglException">When it is current on another thread (EGL_BAD_ACCESS) or was lost.</exception>
    public void MakeCurrent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _ = eglBindAPI(EglOpenGlApi); // the current context is per thread and per client API
        if (eglGetCurrentContext() == _context)
        {
            return;
        }

        if (eglMakeCurrent(_display, 0, 0, _context) == 0)
        {
            throw new EglException($"eglMakeCurrent failed with {ErrorName(eglGetError())}; an EGL context is current on one thread at a time, so lock on it and release it (ReleaseCurrent) before another thread uses it.");
        }
    }

    /// <summary>True when the context is current on the calling thread.</summary>
    public bool IsCurrent => !_disposed && eglBindAPI(EglOpenGlApi) != 0 && eglGetCurrentContext() == _context;

    /// <summary>Unbinds the context from the calling thread if it is current there.</summary>
    public void ReleaseCurrent()
    {
        if (IsCurrent)
        {
            _ = eglMakeCurrent(_display, 0, 0, 0);
        }
    }

    /// <summary>Destroys the context, and the display with its last context. Objects made in it go with it.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        ReleaseCurrent();
        _disposed = true;

        _ = eglDestroyContext(_display, _context);
        ReleaseDisplay(_display);
        _context = 0;
        _display = 0;
        GL.Dispose();
    }

    private static EglContext CreateCore()
    {
        string clientExtensions = Marshal.PtrToStringUTF8(eglQueryString(0, EglExtensions)) ?? string.Empty;
        var attempts = new List<string>();
        var getPlatformDisplay = (delegate* unmanaged<int, nint, int*, nint>)eglGetProcAddress("eglGetPlatformDisplayEXT");

        if (getPlatformDisplay != null && HasExtension(clientExtensions, "EGL_EXT_platform_device") && HasExtension(clientExtensions, "EGL_EXT_device_enumeration"))
        {
            var queryDevices = (delegate* unmanaged<int, nint*, int*, uint>)eglGetProcAddress("eglQueryDevicesEXT");
            var queryDeviceString = (delegate* unmanaged<nint, int, nint>)eglGetProcAddress("eglQueryDeviceStringEXT");
            var devices = new nint[16];
            int count = 0;
            uint ok;
            fixed (nint* p = devices)
            {
                ok = queryDevices != null ? queryDevices(devices.Length, p, &count) : 0u;
            }

            if (ok == 0)
            {
                attempts.Add($"device platform: eglQueryDevicesEXT failed ({ErrorName(eglGetError())})");
            }
            else if (count == 0)
            {
                attempts.Add("device platform: no EGL devices");
            }

            // A real GPU first, then Mesa's software device.
            var ordered = new List<(nint Device, string Name, string? Renderer, bool Software)>();
            for (int i = 0; i < count; i++)
            {
                string extensions = queryDeviceString != null ? Marshal.PtrToStringUTF8(queryDeviceString(devices[i], EglExtensions)) ?? string.Empty : string.Empty;
                bool software = HasExtension(extensions, "EGL_MESA_device_software");
                string? file = HasExtension(extensions, "EGL_EXT_device_drm") && queryDeviceString != null
                    ? Marshal.PtrToStringUTF8(queryDeviceString(devices[i], EglDrmDeviceFileExt))
                    : null;
                string? renderer = HasExtension(extensions, "EGL_EXT_device_query_name") && queryDeviceString != null
                    ? Marshal.PtrToStringUTF8(queryDeviceString(devices[i], EglRendererExt))
                    : null;
                ordered.Add((devices[i], software ? "software" : file ?? $"device {i}", renderer, software));
            }

            foreach ((nint device, string name, string? renderer, bool _) in ordered.OrderBy(d => d.Software))
            {
                int none = EglNone;
                nint display = getPlatformDisplay(EglPlatformDeviceExt, device, &none);
                EglContext? context = TryOn(display, "device", name, renderer, attempts);
                if (context is not null)
                {
                    return context;
                }
            }
        }
        else
        {
            attempts.Add("device platform: EGL_EXT_platform_device and EGL_EXT_device_enumeration not offered");
        }

        if (getPlatformDisplay != null && HasExtension(clientExtensions, "EGL_MESA_platform_surfaceless"))
        {
            int none = EglNone;
            nint display = getPlatformDisplay(EglPlatformSurfacelessMesa, 0, &none);
            EglContext? context = TryOn(display, "surfaceless", null, null, attempts);
            if (context is not null)
            {
                return context;
            }
        }
        else
        {
            attempts.Add("surfaceless platform: EGL_MESA_platform_surfaceless not offered");
        }

        string hint = attempts.Any(a => a.Contains("EGL_NOT_INITIALIZED", StringComparison.Ordinal))
            ? $"EGL_NOT_INITIALIZED usually means Mesa's DRI drivers (swrast_dri.so) are missing. Install them with: {AptCommand}"
            : $"Install Mesa's EGL and drivers with: {AptCommand}";
        throw new EglException($"No headless OpenGL 4.5 core context through EGL (client extensions: {(clientExtensions.Length == 0 ? "none" : clientExtensions)}). Tried: {string.Join("; ", attempts)}. {hint}");
    }

    private static EglContext? TryOn(nint display, string platform, string? device, string? deviceRenderer, List<string> attempts)
    {
        string where = device is null ? platform : $"{platform} {device}";
        if (display == 0)
        {
            attempts.Add($"{where}: no display ({ErrorName(eglGetError())})");
            return null;
        }

        int major, minor;
        if (eglInitialize(display, &major, &minor) == 0)
        {
            attempts.Add($"{where}: eglInitialize failed ({ErrorName(eglGetError())})");
            return null;
        }

        AcquireDisplay(display);
        nint context = 0;
        EglContext? created = null;
        try
        {
            if (eglBindAPI(EglOpenGlApi) == 0)
            {
                attempts.Add($"{where}: eglBindAPI(EGL_OPENGL_API) failed ({ErrorName(eglGetError())})");
                return null;
            }

            int* configAttributes = stackalloc int[]
            {
                EglSurfaceType, 0,
                EglRenderableType, EglOpenGlBit,
                EglRedSize, 8, EglGreenSize, 8, EglBlueSize, 8, EglAlphaSize, 8,
                EglNone,
            };
            nint config;
            int configs;
            if (eglChooseConfig(display, configAttributes, &config, 1, &configs) == 0 || configs < 1)
            {
                attempts.Add($"{where}: no surfaceless OpenGL RGBA8 config ({ErrorName(eglGetError())})");
                return null;
            }

            int* contextAttributes = stackalloc int[]
            {
                EglContextMajorVersion, 4,
                EglContextMinorVersion, 5,
                EglContextOpenGlProfileMask, EglContextOpenGlCoreProfileBit,
                EglNone,
            };
            context = eglCreateContext(display, config, 0, contextAttributes);
            if (context == 0)
            {
                attempts.Add($"{where}: no OpenGL 4.5 core context ({ErrorName(eglGetError())})");
                return null;
            }

            if (eglMakeCurrent(display, 0, 0, context) == 0)
            {
                attempts.Add($"{where}: eglMakeCurrent without a surface failed ({ErrorName(eglGetError())}; needs EGL_KHR_surfaceless_context)");
                return null;
            }

            string version = Marshal.PtrToStringUTF8(eglQueryString(display, EglVersionName)) ?? $"{major}.{minor}";
            string vendor = Marshal.PtrToStringUTF8(eglQueryString(display, EglVendorName)) ?? string.Empty;
            created = new EglContext(display, context, platform, device, deviceRenderer, version, vendor);
            return created;
        }
        catch (EglException e)
        {
            attempts.Add($"{where}: {e.Message}");
            return null;
        }
        finally
        {
            if (created is null)
            {
                if (context != 0)
                {
                    if (eglGetCurrentContext() == context)
                    {
                        _ = eglMakeCurrent(display, 0, 0, 0);
                    }

                    _ = eglDestroyContext(display, context);
                }

                ReleaseDisplay(display);
            }
        }
    }

    private static void AcquireDisplay(nint display)
    {
        lock (DisplayLock)
        {
            DisplayUsers[display] = DisplayUsers.GetValueOrDefault(display) + 1;
        }
    }

    private static void ReleaseDisplay(nint display)
    {
        lock (DisplayLock)
        {
            int users = DisplayUsers.GetValueOrDefault(display) - 1;
            if (users > 0)
            {
                DisplayUsers[display] = users;
                return;
            }

            DisplayUsers.Remove(display);
            _ = eglTerminate(display);
        }
    }

    private static bool HasExtension(string extensions, string name) =>
        extensions.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(name, StringComparer.Ordinal);

    private static string ErrorName(int error) => error switch
    {
        EglSuccess => "EGL_SUCCESS",
        0x3001 => "EGL_NOT_INITIALIZED",
        0x3002 => "EGL_BAD_ACCESS",
        0x3003 => "EGL_BAD_ALLOC",
        0x3004 => "EGL_BAD_ATTRIBUTE",
        0x3005 => "EGL_BAD_CONFIG",
        0x3006 => "EGL_BAD_CONTEXT",
        0x3007 => "EGL_BAD_CURRENT_SURFACE",
        0x3008 => "EGL_BAD_DISPLAY",
        0x3009 => "EGL_BAD_MATCH",
        0x300A => "EGL_BAD_NATIVE_PIXMAP",
        0x300B => "EGL_BAD_NATIVE_WINDOW",
        0x300C => "EGL_BAD_PARAMETER",
        0x300D => "EGL_BAD_SURFACE",
        0x300E => "EGL_CONTEXT_LOST",
        0x322B => "EGL_BAD_DEVICE_EXT",
        _ => $"EGL error 0x{error:X4}",
    };

#pragma warning disable SYSLIB1054 // DllImport keeps the declarations plain; these calls are not hot.
    [DllImport(Library)]
    private static extern nint eglGetProcAddress([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [DllImport(Library)]
    private static extern nint eglQueryString(nint display, int name);

    [DllImport(Library)]
    private static extern uint eglInitialize(nint display, int* major, int* minor);

    [DllImport(Library)]
    private static extern uint eglBindAPI(int api);

    [DllImport(Library)]
    private static extern uint eglChooseConfig(nint display, int* attributes, nint* configs, int size, int* count);

    [DllImport(Library)]
    private static extern nint eglCreateContext(nint display, nint config, nint share, int* attributes);

    [DllImport(Library)]
    private static extern uint eglMakeCurrent(nint display, nint draw, nint read, nint context);

    [DllImport(Library)]
    private static extern nint eglGetCurrentContext();

    [DllImport(Library)]
    private static extern int eglGetError();

    [DllImport(Library)]
    private static extern uint eglDestroyContext(nint display, nint context);

    [DllImport(Library)]
    private static extern uint eglTerminate(nint display);
#pragma warning restore SYSLIB1054
}

/// <summary>Why no headless OpenGL context could be made, and how to fix it.</summary>
public sealed class EglException : Exception
{
    /// <summary>An empty exception.</summary>
    public EglException()
    {
    }

    /// <summary>An exception with a message.</summary>
    public EglException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with a message and its cause.</summary>
    public EglException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
