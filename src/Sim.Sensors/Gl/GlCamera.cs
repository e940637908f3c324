using System.Numerics;
using Silk.NET.OpenGL;
using Sim.Sensors.Camera;
using Sim.Sensors.Geometry;

namespace Sim.Sensors.Gl;

/// <summary>
/// The OpenGL camera: rasterises a <see cref="Scene"/> seen by a <see cref="PinholeCamera"/> into a framebuffer with
/// three colour attachments — R32F depth in metres along the optical axis (the view-space z written by the fragment
/// shader, so it is exact rather than recovered from the depth buffer), R32UI instance (1 + the scene instance index,
/// 0 for the ground) and R8UI semantic class — and a DEPTH32F buffer for the depth test, then reads them back into a
/// <see cref="CameraFrame"/> like <see cref="CpuCamera"/>'s. Given a <see cref="Shading"/>, it also draws the sRGB
/// colour image into a fourth, RGBA8UI attachment.
/// </summary>
/// <remarks>
/// The projection is the pinhole model itself: pixel u's centre u + ½ is window x = u + ½, so OpenGL samples the same
/// points CpuCamera casts rays through; rows are flipped on read-back (OpenGL's window y is up) so row 0 is the image
/// top. Depth testing is reversed-Z (1 at near, 0 at far, glClipControl zero-to-one) for near-constant relative
/// precision. The ground is two triangles at z = 0 reaching past the farthest point of the view frustum. The programs
/// are built once per camera (one per context; the street-lit variant of the surface program on first need); the
/// framebuffer is kept while the image size stays the same. Shaped instances (<see cref="Scene.Shaped"/>: actors added by
/// AddShape or AddBox) are drawn instanced: one mesh per distinct shape and lamp layout, in the unit box, uploaded once and
/// kept across frames, placed by per-instance box, labels and albedo, one draw per shape; the rest (roads, markings,
/// sidewalks, street lights: AddQuad triangles) are uploaded as world-space triangles on every call. Each call
/// makes the context current on the calling thread, under a lock on the context, and releases it afterwards unless it
/// was already current there.
/// <para>Colour follows <see cref="Shading"/> as CpuCamera applies it. What is constant over a frame or an instance is
/// evaluated by <see cref="Shading"/> itself on the CPU: each triangle carries its flat normal (computed as the BVH
/// does) and its albedo (<see cref="Shading.Albedo"/> of its class and instance number, so vehicles get their paint),
/// and the sky's horizon and zenith colours (<see cref="Shading.Sky"/> at 0 and 1; the sky is affine in the square root
/// of the ray's upness) and the fog's air colour go in as uniforms. Per pixel the fragment shader turns the normal to
/// face the ray, lights it (Lambert under sun and sky), fogs it over the distance from the camera to the fragment
/// (Koschmieder) and applies the sRGB transfer with round-half-to-even to 0–255, as <see cref="Shading.ToSrgb"/> does;
/// a full-screen pass then fills the pixels whose depth buffer is still clear with the sky along the pixel centre's
/// ray.</para>
/// <para>At night the fragment shader adds the <see cref="StreetLights.MaxLit"/> street lights nearest the camera
/// (uniforms: their offsets from the camera, the list CpuCamera uses) by <see cref="Shading.StreetLighting"/>'s
/// formula (in a variant of the program compiled with that loop, used only for frames that street lights light: the
/// loop alone more than doubles llvmpipe's cost of a shaded pixel, even at no iteration), and glow: each vertex carries
/// an emission (a luminaire's underside, or a vehicle's lamp face by <see cref="VehicleLamps.FaceOf"/> of the
/// triangle's centroid), the lamp window and its own lateral and vertical fractions of the vehicle's box, which the
/// shader interpolates and tests as CpuCamera tests each hit point. Pixels on a lamp's edge may land on either side on
/// the two backends (one pixel in the thousand-car crowd at night).
/// Rain and snow are <see cref="Precipitation.Apply"/> on the read-back frame, the same pass CpuCamera runs.</para>
/// </remarks>
public sealed unsafe class GlCamera : IDisposable
{
    private const string VertexShader = """
        #version 450 core
        layout(location = 0) in vec3 position;
        layout(location = 1) in uint instance;
        layout(location = 2) in uint semantic;
        layout(location = 3) in vec3 normal;
        layout(location = 4) in vec3 albedo;
        layout(location = 5) in vec3 emission;
        layout(location = 6) in vec4 window;
        layout(location = 7) in vec2 local;
        uniform vec3 origin;
        uniform vec3 right;
        uniform vec3 down;
        uniform vec3 forward;
        uniform mat4 projection;
        out float viewDepth;
        out vec3 offset;
        flat out uint fragmentInstance;
        flat out uint fragmentSemantic;
        flat out vec3 fragmentNormal;
        flat out vec3 fragmentAlbedo;
        flat out vec3 fragmentEmission;
        flat out vec4 fragmentWindow;
        out vec2 fragmentLocal;
        void main()
        {
            vec3 d = position - origin;
            vec3 c = vec3(dot(d, right), dot(d, down), dot(d, forward));
            viewDepth = c.z;
            offset = d;
            fragmentInstance = instance;
            fragmentSemantic = semantic;
            fragmentNormal = normal;
            fragmentAlbedo = albedo;
            fragmentEmission = emission;
            fragmentWindow = window;
            fragmentLocal = local;
            gl_Position = projection * vec4(c, 1.0);
        }
        """;

    // Shaped instances (Scene.Shaped): a mesh per shape in its unit box — x and y fractions of the length and width from
    // the centre, z of the height from the bottom, as Part gives them — placed by per-instance attributes with
    // Scene.AddShape's arithmetic in the same order (precise: no fused multiply-adds), so a vertex lands where the
    // scene's world-space triangle has it up to the last bits of the products. The normal is the unit-box face normal
    // turned by the yaw; emission is at full darkness, scaled here as Upload scales it.
    private const string InstancedVertexShader = """
        #version 450 core
        layout(location = 0) in vec3 unit;
        layout(location = 1) in uint instance;
        layout(location = 2) in uint semantic;
        layout(location = 3) in vec3 unitNormal;
        layout(location = 4) in vec3 albedo;
        layout(location = 5) in vec3 emission;
        layout(location = 6) in vec4 window;
        layout(location = 7) in vec2 local;
        layout(location = 8) in vec3 base; // box centre x, y and bottom z
        layout(location = 9) in vec2 turn; // sin, cos of the yaw
        layout(location = 10) in vec3 size; // length, width, height
        uniform vec3 origin;
        uniform vec3 right;
        uniform vec3 down;
        uniform vec3 forward;
        uniform mat4 projection;
        uniform float darkness;
        out float viewDepth;
        out vec3 offset;
        flat out uint fragmentInstance;
        flat out uint fragmentSemantic;
        flat out vec3 fragmentNormal;
        flat out vec3 fragmentAlbedo;
        flat out vec3 fragmentEmission;
        flat out vec4 fragmentWindow;
        out vec2 fragmentLocal;
        void main()
        {
            precise float fx = unit.x * size.x;
            precise float fy = unit.y * size.y;
            precise float fz = unit.z * size.z;
            precise float x = base.x + fx * turn.y - fy * turn.x;
            precise float y = base.y + fx * turn.x + fy * turn.y;
            precise float z = base.z + fz;
            vec3 d = vec3(x, y, z) - origin;
            vec3 c = vec3(dot(d, right), dot(d, down), dot(d, forward));
            viewDepth = c.z;
            offset = d;
            fragmentInstance = instance;
            fragmentSemantic = semantic;
            fragmentNormal = vec3(unitNormal.x * turn.y - unitNormal.y * turn.x, unitNormal.x * turn.x + unitNormal.y * turn.y, unitNormal.z);
            fragmentAlbedo = albedo;
            fragmentEmission = emission * darkness;
            fragmentWindow = window;
            fragmentLocal = local;
            gl_Position = projection * vec4(c, 1.0);
        }
        """;

    // Shading.ToSrgb: clamp, the IEC 61966-2-1 transfer, × 255 rounded half to even (MathF.Round's default).
    private const string Srgb = """
        uvec4 srgb(vec3 linear)
        {
            vec3 c = clamp(linear, 0.0, 1.0);
            vec3 s = mix(1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, 12.92 * c, lessThanEqual(c, vec3(0.0031308)));
            return uvec4(roundEven(s * 255.0), 255.0);
        }
        """;

    // Linked twice (LinkSurface): with STREET_LIGHTS 1 for frames that street lights light, with 0 for all others. On
    // llvmpipe the lamp loop more than doubles the cost of every shaded pixel even when it runs no iteration (lampCount
    // 0, or the loop behind an if): the bench street's 1280 x 720 draw took 55-140 ms with it, 22-33 ms without.
    private const string FragmentShaderBody = """
        in float viewDepth;
        in vec3 offset;
        flat in uint fragmentInstance;
        flat in uint fragmentSemantic;
        flat in vec3 fragmentNormal;
        flat in vec3 fragmentAlbedo;
        flat in vec3 fragmentEmission;
        flat in vec4 fragmentWindow;
        in vec2 fragmentLocal;
        uniform bool shade;
        uniform vec3 sunDirection;
        uniform float sunIrradiance;
        uniform float skyIrradiance;
        uniform float extinction;
        uniform vec3 air;
        uniform vec3 forward;
        uniform float headlights;
        #if STREET_LIGHTS
        uniform int lampCount;
        uniform vec3 lamps[16]; // StreetLights.MaxLit offsets from the camera
        #endif
        uniform vec3 streetLights;
        layout(location = 0) out float outDepth;
        layout(location = 1) out uint outInstance;
        layout(location = 2) out uint outSemantic;
        layout(location = 3) out uvec4 outColour;
        """ + Srgb + """
        void main()
        {
            outDepth = viewDepth;
            outInstance = fragmentInstance;
            outSemantic = fragmentSemantic;
            if (shade)
            {
                vec3 n = dot(fragmentNormal, offset) > 0.0 ? -fragmentNormal : fragmentNormal;
                float lambert = max(0.0, dot(n, sunDirection));
                float r = length(offset);
                vec3 d = offset / r;
                float t = clamp((dot(d, forward) - 0.9063078) / (0.9781476 - 0.9063078), 0.0, 1.0);
                float head = headlights * (t * t * (3.0 - 2.0 * t)) * max(0.0, -dot(n, d)) / max(r * r, 1.0);
                // Street lights (Shading.StreetLighting): cone round straight down (Shading.LampOuterCos and
                // LampInnerCos), Lambert, inverse square.
                float e = 0.0;
                #if STREET_LIGHTS
                for (int i = 0; i < lampCount; i++)
                {
                    vec3 l = lamps[i] - offset;
                    float r2 = dot(l, l);
                    vec3 ld = l / sqrt(r2);
                    float c = clamp((ld.z - 0.25881904) / (0.57357644 - 0.25881904), 0.0, 1.0);
                    e += c * c * (3.0 - 2.0 * c) * max(0.0, dot(n, ld)) / max(r2, 1.0);
                }
                #endif

                // Luminaire undersides and vehicle lamps (VehicleLamps): emission inside the triangle's window.
                float across = abs(fragmentLocal.x);
                bool inside = across >= fragmentWindow.x && across <= fragmentWindow.y && fragmentLocal.y >= fragmentWindow.z && fragmentLocal.y <= fragmentWindow.w;
                vec3 glow = inside ? fragmentEmission : vec3(0.0);
                vec3 lit = fragmentAlbedo * (vec3(sunIrradiance * lambert + skyIrradiance + head) + streetLights * e) + glow;
                float keep = exp(-extinction * r);
                outColour = srgb(lit * keep + air * (1.0 - keep));
            }
        }
        """;

    // A triangle covering the viewport at window depth 0, the cleared (farthest) value: with the depth test EQUAL it
    // shades exactly the pixels nothing was drawn on.
    private const string SkyVertexShader = """
        #version 450 core
        void main()
        {
            vec2 corner = vec2((gl_VertexID & 1) * 4 - 1, (gl_VertexID >> 1) * 4 - 1);
            gl_Position = vec4(corner, 0.0, 1.0);
        }
        """;

    private const string SkyFragmentShader = """
        #version 450 core
        uniform vec3 right;
        uniform vec3 down;
        uniform vec3 forward;
        uniform vec4 intrinsics; // fx, fy, cx, cy
        uniform float height;
        uniform vec3 horizon;
        uniform vec3 zenith;
        layout(location = 0) out uvec4 outColour;
        """ + Srgb + """
        void main()
        {
            // Window y is up: the pixel centre v + 1/2 (rows from the top) is height - gl_FragCoord.y.
            float xc = (gl_FragCoord.x - intrinsics.z) / intrinsics.x;
            float yc = (height - gl_FragCoord.y - intrinsics.w) / intrinsics.y;
            vec3 along = xc * right + yc * down + forward;
            float upness = along.z / length(along);
            outColour = srgb(mix(horizon, zenith, sqrt(max(0.0, upness))));
        }
        """;

    // x, y, z float; instance uint; semantic uint; normal, albedo, emission 3 floats each; window 4 floats; local 2 floats
    private const int VertexBytes = 80;

    // A mesh vertex: unit position, unit normal, emission 3 floats each; window 4 floats; local 2 floats.
    private const int MeshVertexBytes = 60;

    // An instance: centre x, y and bottom z; sin and cos of the yaw; length, width, height (floats); instance and
    // semantic (uints); albedo (3 floats).
    private const int InstanceBytes = 52;

    // Scene.AddShape's twelve triangles of a part, as corner indices (bottom four, then top four).
    private static readonly int[] Faces = [0, 1, 2, 0, 2, 3, 4, 6, 5, 4, 7, 6, 0, 5, 1, 0, 4, 5, 1, 6, 2, 1, 5, 6, 2, 7, 3, 2, 6, 7, 3, 4, 0, 3, 7, 4];

    // A window no point is outside: for luminaire undersides, which glow all over.
    private static readonly Vector4 Everywhere = new(0, float.MaxValue, -float.MaxValue, float.MaxValue);

    private readonly EglContext _context;
    private readonly GL _gl;
    private SurfaceProgram? _surface, _litSurface, _instancedSurface, _instancedLitSurface;
    private uint _skyProgram;
    private uint _vertexArray, _emptyArray, _instancedArray;
    private uint _vertexBuffer, _meshBuffer, _instanceBuffer;
    private readonly Dictionary<MeshKey, (int First, int Count)> _meshes = [];
    private readonly List<byte> _meshVertices = [];
    private nuint _meshBufferBytes, _instanceBufferBytes;
    private byte[] _instanceData = [];
    private int _skyRightLocation, _skyDownLocation, _skyForwardLocation, _intrinsicsLocation, _heightLocation, _horizonLocation, _zenithLocation;
    private uint _framebuffer;
    private uint _depthColour, _instanceColour, _semanticColour, _depthBuffer, _rgbColour;
    private int _width, _height;
    private nuint _bufferBytes;
    private byte[] _vertices = [];
    private byte[] _readback = [];
    private bool _disposed;

    /// <summary>Threads for compositing rain and snow over a frame (default one per core); images are the same for any count.</summary>
    public int Threads { get; set; } = Environment.ProcessorCount;

    /// <summary>A camera drawing in <paramref name="context"/>; it compiles its program there.</summary>
    public GlCamera(EglContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _gl = context.GL;
        WithContext(CreateProgram);
    }

    /// <summary>The context this camera draws in.</summary>
    public EglContext Context => _context;

    /// <summary>Whether shaped instances (<see cref="Scene.Shaped"/>) are drawn instanced, a mesh per shape (the
    /// default), or as world-space triangles with the rest of the scene (for comparisons).</summary>
    internal bool Instanced { get; set; } = true;

    /// <summary>What the last <see cref="Render"/> drew.</summary>
    internal GlDrawStatistics LastDraws { get; private set; }

    /// <summary>Renders depth, instance, semantic and (when <paramref name="shading"/> is given) RGB images of
    /// <paramref name="scene"/>, as <see cref="CpuCamera.Render"/> does.</summary>
    public CameraFrame Render(PinholeCamera camera, Scene scene, Shading? shading = null)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(scene);
        camera.Validate();
        ObjectDisposedException.ThrowIf(_disposed, this);
        CameraFrame? frame = null;
        WithContext(() => frame = RenderCurrent(camera, scene, shading));
        return frame!;
    }

    /// <summary>The OpenGL clip-space matrix (stored by rows: M11–M14 is the first row, so upload it transposed; it
    /// multiplies column vectors) that maps a point (x, y, z) in the optical
    /// frame (x right, y down, z forward, m) to window x = fx·x/z + cx, window y = height − (fy·y/z + cy) (OpenGL's y is
    /// up) and, with glClipControl's zero-to-one depth, window depth near·(far − z) / (z·(far − near)): 1 at near, 0 at
    /// far.</summary>
    public static Matrix4x4 Projection(double fx, double fy, double cx, double cy, int width, int height, double near, double far)
    {
        // Clip w = z; NDC x = 2u/W − 1 with u = fx·x/z + cx; NDC y = 1 − 2v/H with v = fy·y/z + cy.
        double a = -near / (far - near), b = near * far / (far - near);
        return new Matrix4x4(
            (float)(2 * fx / width), 0, (float)((2 * cx / width) - 1), 0,
            0, (float)(-2 * fy / height), (float)(1 - (2 * cy / height)), 0,
            0, 0, (float)a, (float)b,
            0, 0, 1, 0);
    }

    /// <summary>Deletes the program, buffers and framebuffer (in the context, which must still be alive).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            WithContext(() =>
            {
                DeleteFramebuffer();
                _gl.DeleteBuffer(_vertexBuffer);
                _gl.DeleteBuffer(_meshBuffer);
                _gl.DeleteBuffer(_instanceBuffer);
                _gl.DeleteVertexArray(_vertexArray);
                _gl.DeleteVertexArray(_emptyArray);
                _gl.DeleteVertexArray(_instancedArray);
                _gl.DeleteProgram(_surface?.Handle ?? 0);
                _gl.DeleteProgram(_litSurface?.Handle ?? 0);
                _gl.DeleteProgram(_instancedSurface?.Handle ?? 0);
                _gl.DeleteProgram(_instancedLitSurface?.Handle ?? 0);
                _gl.DeleteProgram(_skyProgram);
            });
        }
        catch (ObjectDisposedException)
        {
            // The context went first and took its objects with it.
        }
    }

    private void WithContext(Action action) => _context.WithCurrent(action);

    private void CreateProgram()
    {
        _surface = LinkSurface(streetLights: false, instanced: false);
        _instancedSurface = LinkSurface(streetLights: false, instanced: true);
        _skyProgram = Link(SkyVertexShader, SkyFragmentShader);

        _skyRightLocation = _gl.GetUniformLocation(_skyProgram, "right");
        _skyDownLocation = _gl.GetUniformLocation(_skyProgram, "down");
        _skyForwardLocation = _gl.GetUniformLocation(_skyProgram, "forward");
        _intrinsicsLocation = _gl.GetUniformLocation(_skyProgram, "intrinsics");
        _heightLocation = _gl.GetUniformLocation(_skyProgram, "height");
        _horizonLocation = _gl.GetUniformLocation(_skyProgram, "horizon");
        _zenithLocation = _gl.GetUniformLocation(_skyProgram, "zenith");

        _vertexArray = _gl.GenVertexArray();
        _vertexBuffer = _gl.GenBuffer();
        _gl.BindVertexArray(_vertexArray);
        _gl.BindBuffer(BufferTargetARB.ArrayBuffer, _vertexBuffer);
        _gl.EnableVertexAttribArray(0);
        _gl.VertexAttribPointer(0, 3, VertexAttribPointerType.Float, false, VertexBytes, (void*)0);
        _gl.EnableVertexAttribArray(1);
        _gl.VertexAttribIPointer(1, 1, VertexAttribIType.UnsignedInt, VertexBytes, (void*)12);
        _gl.EnableVertexAttribArray(2);
        _gl.VertexAttribIPointer(2, 1, VertexAttribIType.UnsignedInt, VertexBytes, (void*)16);
        _gl.EnableVertexAttribArray(3);
        _gl.VertexAttribPointer(3, 3, VertexAttribPointerType.Float, false, VertexBytes, (void*)20);
        _gl.EnableVertexAttribArray(4);
        _gl.VertexAttribPointer(4, 3, VertexAttribPointerType.Float, false, VertexBytes, (void*)32);
        _gl.EnableVertexAttribArray(5);
        _gl.VertexAttribPointer(5, 3, VertexAttribPointerType.Float, false, VertexBytes, (void*)44);
        _gl.EnableVertexAttribArray(6);
        _gl.VertexAttribPointer(6, 4, VertexAttribPointerType.Float, false, VertexBytes, (void*)56);
        _gl.EnableVertexAttribArray(7);
        _gl.VertexAttribPointer(7, 2, VertexAttribPointerType.Float, false, VertexBytes, (void*)72);
        _gl.BindVertexArray(0);

        // Shaped instances: mesh attributes per vertex, box and labels per instance (divisor 1).
        _instancedArray = _gl.GenVertexArray();
        _meshBuffer = _gl.GenBuffer();
        _instanceBuffer = _gl.GenBuffer();
        _gl.BindVertexArray(_instancedArray);
        _gl.BindBuffer(BufferTargetARB.ArrayBuffer, _meshBuffer);
        Float(0, 3, MeshVertexBytes, 0, 0);
        Float(3, 3, MeshVertexBytes, 12, 0);
        Float(5, 3, MeshVertexBytes, 24, 0);
        Float(6, 4, MeshVertexBytes, 36, 0);
        Float(7, 2, MeshVertexBytes, 52, 0);
        _gl.BindBuffer(BufferTargetARB.ArrayBuffer, _instanceBuffer);
        Float(8, 3, InstanceBytes, 0, 1);
        Float(9, 2, InstanceBytes, 12, 1);
        Float(10, 3, InstanceBytes, 20, 1);
        _gl.EnableVertexAttribArray(1);
        _gl.VertexAttribIPointer(1, 1, VertexAttribIType.UnsignedInt, InstanceBytes, (void*)32);
        _gl.VertexAttribDivisor(1, 1);
        _gl.EnableVertexAttribArray(2);
        _gl.VertexAttribIPointer(2, 1, VertexAttribIType.UnsignedInt, InstanceBytes, (void*)36);
        _gl.VertexAttribDivisor(2, 1);
        Float(4, 3, InstanceBytes, 40, 1);
        _gl.BindVertexArray(0);
        _emptyArray = _gl.GenVertexArray(); // the sky pass reads no attributes, but core profile draws need a VAO
        CheckError("creating the program");
    }

    private void Float(uint location, int size, uint stride, int offset, uint divisor)
    {
        _gl.EnableVertexAttribArray(location);
        _gl.VertexAttribPointer(location, size, VertexAttribPointerType.Float, false, stride, (void*)offset);
        _gl.VertexAttribDivisor(location, divisor);
    }

    /// <summary>The surface program, with the street-light loop or without it (STREET_LIGHTS 1 or 0), for world-space
    /// triangles or shaped instances, and its uniforms' locations (−1 for those the variant lacks).</summary>
    private SurfaceProgram LinkSurface(bool streetLights, bool instanced)
    {
        uint program = Link(instanced ? InstancedVertexShader : VertexShader, $"#version 450 core\n#define STREET_LIGHTS {(streetLights ? 1 : 0)}\n{FragmentShaderBody}");
        int Location(string name) => _gl.GetUniformLocation(program, name);
        return new SurfaceProgram
        {
            Handle = program,
            Origin = Location("origin"),
            Right = Location("right"),
            Down = Location("down"),
            Forward = Location("forward"),
            Projection = Location("projection"),
            Shade = Location("shade"),
            SunDirection = Location("sunDirection"),
            SunIrradiance = Location("sunIrradiance"),
            SkyIrradiance = Location("skyIrradiance"),
            Extinction = Location("extinction"),
            Air = Location("air"),
            Headlights = Location("headlights"),
            LampCount = Location("lampCount"),
            Lamps = Location("lamps"),
            StreetLights = Location("streetLights"),
            Darkness = Location("darkness"),
        };
    }

    private uint Link(string vertexSource, string fragmentSource) =>
        GlPrograms.Link(_gl, "GL camera", _context.Renderer,
            GlPrograms.Compile(_gl, ShaderType.VertexShader, vertexSource, "GL camera", _context.Renderer),
            GlPrograms.Compile(_gl, ShaderType.FragmentShader, fragmentSource, "GL camera", _context.Renderer));

    /// <summary>Makes the framebuffer <paramref name="width"/> × <paramref name="height"/>, with the RGBA8UI colour
    /// attachment when <paramref name="rgb"/> (added on first need, then kept).</summary>
    private void EnsureFramebuffer(int width, int height, bool rgb)
    {
        if (_framebuffer != 0 && width == _width && height == _height)
        {
            if (rgb && _rgbColour == 0)
            {
                _gl.BindFramebuffer(FramebufferTarget.Framebuffer, _framebuffer);
                _rgbColour = Attach(FramebufferAttachment.ColorAttachment3, InternalFormat.Rgba8ui);
                CheckComplete();
                CheckError("adding the colour attachment");
            }

            return;
        }

        DeleteFramebuffer();
        _framebuffer = _gl.GenFramebuffer();
        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, _framebuffer);
        _depthColour = Attach(FramebufferAttachment.ColorAttachment0, InternalFormat.R32f);
        _instanceColour = Attach(FramebufferAttachment.ColorAttachment1, InternalFormat.R32ui);
        _semanticColour = Attach(FramebufferAttachment.ColorAttachment2, InternalFormat.R8ui);
        _depthBuffer = Attach(FramebufferAttachment.DepthAttachment, InternalFormat.DepthComponent32f);
        if (rgb)
        {
            _rgbColour = Attach(FramebufferAttachment.ColorAttachment3, InternalFormat.Rgba8ui);
        }

        CheckComplete();
        _width = width;
        _height = height;
        CheckError("creating the framebuffer");

        void CheckComplete()
        {
            GLEnum status = _gl.CheckFramebufferStatus(FramebufferTarget.Framebuffer);
            if (status != GLEnum.FramebufferComplete)
            {
                throw new InvalidOperationException($"GL camera framebuffer {width} × {height} is incomplete ({status}) on {_context.Renderer}.");
            }
        }

        uint Attach(FramebufferAttachment attachment, InternalFormat format)
        {
            uint renderbuffer = _gl.GenRenderbuffer();
            _gl.BindRenderbuffer(RenderbufferTarget.Renderbuffer, renderbuffer);
            _gl.RenderbufferStorage(RenderbufferTarget.Renderbuffer, format, (uint)width, (uint)height);
            _gl.FramebufferRenderbuffer(FramebufferTarget.Framebuffer, attachment, RenderbufferTarget.Renderbuffer, renderbuffer);
            return renderbuffer;
        }
    }

    private void DeleteFramebuffer()
    {
        if (_framebuffer == 0)
        {
            return;
        }

        _gl.DeleteFramebuffer(_framebuffer);
        _gl.DeleteRenderbuffer(_depthColour);
        _gl.DeleteRenderbuffer(_instanceColour);
        _gl.DeleteRenderbuffer(_semanticColour);
        _gl.DeleteRenderbuffer(_depthBuffer);
        if (_rgbColour != 0)
        {
            _gl.DeleteRenderbuffer(_rgbColour);
            _rgbColour = 0;
        }

        _framebuffer = 0;
    }

    private CameraFrame RenderCurrent(PinholeCamera camera, Scene scene, Shading? shading)
    {
        int width = camera.Width, height = camera.Height;
        bool shade = shading.HasValue;
        EnsureFramebuffer(width, height, shade);
        int vertexCount = Upload(camera, scene, shading);
        List<(int First, int Count, int Instances, int BaseInstance)> draws = Instanced ? UploadInstances(scene, shading) : [];
        var origin = new Vector3((float)camera.X, (float)camera.Y, (float)camera.Z);
        Vector3[] lamps = shade ? StreetLights.Of(scene).NearestOffsets(origin) : [];

        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, _framebuffer);
        _gl.Viewport(0, 0, (uint)width, (uint)height);
        GLEnum* buffers = stackalloc GLEnum[] { GLEnum.ColorAttachment0, GLEnum.ColorAttachment1, GLEnum.ColorAttachment2, GLEnum.ColorAttachment3 };
        _gl.DrawBuffers(shade ? 4u : 3u, buffers);
        _gl.ClipControl(ClipControlOrigin.LowerLeft, ClipControlDepth.ZeroToOne);
        _gl.Disable(EnableCap.CullFace);
        _gl.Disable(EnableCap.Blend);
        _gl.Disable(EnableCap.Multisample);
        _gl.Enable(EnableCap.DepthTest);
        _gl.DepthFunc(DepthFunction.Greater);
        _gl.DepthMask(true);

        float infinity = float.PositiveInfinity;
        uint zero = 0;
        float farthest = 0;
        _gl.ClearBuffer(BufferKind.Color, 0, &infinity);
        _gl.ClearBuffer(BufferKind.Color, 1, &zero);
        _gl.ClearBuffer(BufferKind.Color, 2, &zero);
        _gl.ClearBuffer(BufferKind.Depth, 0, &farthest);

        // The street-light loop only where lamps light the frame: by day (StreetLights zero) its sum is multiplied by
        // zero, so the variant without it gives the same bytes.
        bool streetLit = shading is { } lighting && lamps.Length > 0 && lighting.StreetLights != Vector3.Zero;
        SurfaceProgram surface = streetLit ? _litSurface ??= LinkSurface(streetLights: true, instanced: false) : _surface!;
        (Vector3 right, Vector3 down, Vector3 forward) = camera.Axes();
        Matrix4x4 projection = Projection(camera.Fx, camera.Fy, camera.Cx, camera.Cy, width, height, camera.Near, camera.Far);
        UseSurface(surface, camera, projection, shading, lamps, streetLit);
        _gl.BindVertexArray(_vertexArray);
        _gl.DrawArrays(PrimitiveType.Triangles, 0, (uint)vertexCount);
        CheckError("drawing");

        if (draws.Count > 0)
        {
            UseSurface(streetLit ? _instancedLitSurface ??= LinkSurface(streetLights: true, instanced: true) : _instancedSurface!, camera, projection, shading, lamps, streetLit);
            _gl.BindVertexArray(_instancedArray);
            foreach ((int first, int count, int instances, int baseInstance) in draws)
            {
                _gl.DrawArraysInstancedBaseInstance(PrimitiveType.Triangles, first, (uint)count, (uint)instances, (uint)baseInstance);
            }

            CheckError("drawing the shaped instances");
        }

        LastDraws = new GlDrawStatistics((vertexCount - 6) / 3, draws.Count, draws.Sum(d => d.Instances), _meshes.Count);

        if (shading is { } sky)
        {
            // The sky where the depth buffer is still clear (0, the far end of reversed Z); only the colour is written.
            _gl.DrawBuffers(1, buffers + 3);
            _gl.DepthFunc(DepthFunction.Equal);
            _gl.DepthMask(false);
            _gl.UseProgram(_skyProgram);
            Vector3 horizon = sky.Sky(0), zenith = sky.Sky(1);
            _gl.Uniform3(_skyRightLocation, right.X, right.Y, right.Z);
            _gl.Uniform3(_skyDownLocation, down.X, down.Y, down.Z);
            _gl.Uniform3(_skyForwardLocation, forward.X, forward.Y, forward.Z);
            _gl.Uniform4(_intrinsicsLocation, (float)camera.Fx, (float)camera.Fy, (float)camera.Cx, (float)camera.Cy);
            _gl.Uniform1(_heightLocation, (float)height);
            _gl.Uniform3(_horizonLocation, horizon.X, horizon.Y, horizon.Z);
            _gl.Uniform3(_zenithLocation, zenith.X, zenith.Y, zenith.Z);
            _gl.BindVertexArray(_emptyArray);
            _gl.DrawArrays(PrimitiveType.Triangles, 0, 3);
            _gl.DepthMask(true);
            CheckError("drawing the sky");
        }

        _gl.BindVertexArray(0);

        var frame = new CameraFrame(width, height);
        int pixels = width * height;
        if (_readback.Length < pixels * 4)
        {
            _readback = new byte[pixels * 4];
        }

        _gl.PixelStore(PixelStoreParameter.PackAlignment, 1);
        _gl.BindFramebuffer(FramebufferTarget.ReadFramebuffer, _framebuffer);
        fixed (byte* p = _readback)
        {
            _gl.ReadBuffer(ReadBufferMode.ColorAttachment0);
            _gl.ReadPixels(0, 0, (uint)width, (uint)height, PixelFormat.Red, PixelType.Float, p);
            FlipInto(new ReadOnlySpan<float>(p, pixels), frame.Depth, width, height);

            _gl.ReadBuffer(ReadBufferMode.ColorAttachment1);
            _gl.ReadPixels(0, 0, (uint)width, (uint)height, PixelFormat.RedInteger, PixelType.UnsignedInt, p);
            FlipInto(new ReadOnlySpan<uint>(p, pixels), frame.Instance, width, height);

            _gl.ReadBuffer(ReadBufferMode.ColorAttachment2);
            _gl.ReadPixels(0, 0, (uint)width, (uint)height, PixelFormat.RedInteger, PixelType.UnsignedByte, p);
            FlipInto(new ReadOnlySpan<SemanticClass>(p, pixels), frame.Semantic, width, height);

            if (shade)
            {
                // RGBA8UI read as it is stored (RGBA_INTEGER bytes, a plain copy in Mesa), then packed to 3 bytes a
                // pixel while flipping.
                _gl.ReadBuffer(ReadBufferMode.ColorAttachment3);
                _gl.ReadPixels(0, 0, (uint)width, (uint)height, PixelFormat.RgbaInteger, PixelType.UnsignedByte, p);
                PackRgbInto(new ReadOnlySpan<byte>(p, pixels * 4), frame.Rgb, width, height);
            }
        }

        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, 0);
        CheckError("reading back");
        if (shading is { } weather)
        {
            Precipitation.Apply(frame, camera, weather, lamps, Threads); // the same on any thread count
        }

        return frame;
    }

    /// <summary>Makes <paramref name="surface"/> current with the frame's uniforms.</summary>
    private void UseSurface(SurfaceProgram surface, PinholeCamera camera, Matrix4x4 projection, Shading? shading, Vector3[] lamps, bool streetLit)
    {
        (Vector3 right, Vector3 down, Vector3 forward) = camera.Axes();
        bool shade = shading.HasValue;
        _gl.UseProgram(surface.Handle);
        _gl.Uniform3(surface.Origin, (float)camera.X, (float)camera.Y, (float)camera.Z);
        _gl.Uniform3(surface.Right, right.X, right.Y, right.Z);
        _gl.Uniform3(surface.Down, down.X, down.Y, down.Z);
        _gl.Uniform3(surface.Forward, forward.X, forward.Y, forward.Z);
        _gl.UniformMatrix4(surface.Projection, 1, true, (float*)&projection);
        _gl.Uniform1(surface.Darkness, shading?.Darkness > 0 ? shading.Value.Darkness : 0f);
        _gl.Uniform1(surface.Shade, shade ? 1 : 0);
        if (shading is { } light)
        {
            Vector3 air = light.Air;
            _gl.Uniform3(surface.SunDirection, light.SunDirection.X, light.SunDirection.Y, light.SunDirection.Z);
            _gl.Uniform1(surface.SunIrradiance, light.SunIrradiance);
            _gl.Uniform1(surface.SkyIrradiance, light.SkyIrradiance);
            _gl.Uniform1(surface.Extinction, light.Extinction);
            _gl.Uniform3(surface.Air, air.X, air.Y, air.Z);
            _gl.Uniform1(surface.Headlights, light.Headlights);
            Vector3 street = light.StreetLights;
            _gl.Uniform3(surface.StreetLights, street.X, street.Y, street.Z);
            if (streetLit)
            {
                _gl.Uniform1(surface.LampCount, lamps.Length);
                fixed (Vector3* l = lamps)
                {
                    _gl.Uniform3(surface.Lamps, (uint)lamps.Length, (float*)l);
                }
            }
        }
    }

    /// <summary>Fills the vertex buffer with the ground (two triangles) and the scene's triangles (but those of shaped
    /// instances, when they are drawn <see cref="Instanced"/>) — with each
    /// triangle's unit normal, albedo and emission (a luminaire's underside, a vehicle's lamp face with its lamp window
    /// and each vertex's place in the vehicle's box) when <paramref name="shading"/> is given, zeros otherwise; returns
    /// the vertex count.</summary>
    private int Upload(PinholeCamera camera, Scene scene, Shading? shading)
    {
        IReadOnlyList<Vector3> vertices = scene.Vertices;
        IReadOnlyList<int> owners = scene.Owners;
        IReadOnlyList<ShapedInstance> shaped = Instanced ? scene.Shaped : [];
        int skipped = 0;
        foreach (ShapedInstance s in shaped)
        {
            skipped += s.TriangleCount;
        }

        int count = 6 + vertices.Count - (3 * skipped);
        int bytes = count * VertexBytes;
        if (_vertices.Length < bytes)
        {
            _vertices = new byte[Math.Max(bytes, _vertices.Length * 2)];
        }

        var semantics = new uint[scene.Instances.Count];
        var numbers = new uint[scene.Instances.Count];
        var albedos = new Vector3[scene.Instances.Count];
        for (int i = 0; i < semantics.Length; i++)
        {
            SceneInstance instance = scene.Instances[i];
            semantics[i] = (uint)instance.Semantic;
            numbers[i] = instance.IsStuff ? 0 : (uint)i + 1;
            albedos[i] = shading?.Albedo(instance.Semantic, numbers[i]) ?? Vector3.Zero;
        }

        // The ground reaches past the farthest point the frustum can see: far along the axis at the widest corner ray.
        double cornerU = Math.Max(Math.Abs(camera.Cx), Math.Abs(camera.Width - camera.Cx)) / camera.Fx;
        double cornerV = Math.Max(Math.Abs(camera.Cy), Math.Abs(camera.Height - camera.Cy)) / camera.Fy;
        float reach = (float)(camera.Far * Math.Sqrt(1 + (cornerU * cornerU) + (cornerV * cornerV)) * 1.01);
        float x = (float)camera.X, y = (float)camera.Y;
        var a = new Vector3(x - reach, y - reach, 0);
        var b = new Vector3(x + reach, y - reach, 0);
        var c = new Vector3(x + reach, y + reach, 0);
        var d = new Vector3(x - reach, y + reach, 0);

        StreetLights streetLights = StreetLights.Of(scene);
        float darkness = shading?.Darkness ?? 0;
        fixed (byte* p = _vertices)
        {
            byte* q = p;
            void Put(Vector3 v, uint instance, uint semantic, Vector3 normal, Vector3 albedo, Vector3 emission = default, Vector4 window = default, Vector2 local = default)
            {
                *(Vector3*)q = v;
                *(uint*)(q + 12) = instance;
                *(uint*)(q + 16) = semantic;
                *(Vector3*)(q + 20) = normal;
                *(Vector3*)(q + 32) = albedo;
                *(Vector3*)(q + 44) = emission;
                *(Vector4*)(q + 56) = window;
                *(Vector2*)(q + 72) = local;
                q += VertexBytes;
            }

            // The ground's normal is +z, as the CPU camera's ground hit has it.
            uint road = (uint)scene.GroundClass;
            Vector3 up = shading.HasValue ? Vector3.UnitZ : Vector3.Zero;
            Vector3 groundAlbedo = shading?.Albedo(scene.GroundClass, 0) ?? Vector3.Zero;
            Put(a, 0, road, up, groundAlbedo);
            Put(b, 0, road, up, groundAlbedo);
            Put(c, 0, road, up, groundAlbedo);
            Put(a, 0, road, up, groundAlbedo);
            Put(c, 0, road, up, groundAlbedo);
            Put(d, 0, road, up, groundAlbedo);
            int next = 0; // the next shaped instance, whose triangles the instanced draws cover
            for (int t = 0; t < owners.Count; t++)
            {
                while (next < shaped.Count && t >= shaped[next].FirstTriangle + shaped[next].TriangleCount)
                {
                    next++;
                }

                if (next < shaped.Count && t >= shaped[next].FirstTriangle)
                {
                    t = shaped[next].FirstTriangle + shaped[next].TriangleCount - 1;
                    continue;
                }

                int owner = owners[t];
                Vector3 v0 = vertices[3 * t], v1 = vertices[(3 * t) + 1], v2 = vertices[(3 * t) + 2];
                // The BVH's normal: normalised (v1 − v0) × (v2 − v0); the shader turns it to face the ray.
                Vector3 normal = shading.HasValue ? Vector3.Normalize(Vector3.Cross(v1 - v0, v2 - v0)) : Vector3.Zero;
                if (darkness > 0 && owner == streetLights.Luminaires && v0.Z == StreetLights.MountingHeight && v1.Z == StreetLights.MountingHeight && v2.Z == StreetLights.MountingHeight)
                {
                    // A luminaire's underside (CpuCamera: a luminaire face seen from below).
                    Vector3 glow = shading!.Value.Luminaire;
                    Put(v0, numbers[owner], semantics[owner], normal, albedos[owner], glow, Everywhere);
                    Put(v1, numbers[owner], semantics[owner], normal, albedos[owner], glow, Everywhere);
                    Put(v2, numbers[owner], semantics[owner], normal, albedos[owner], glow, Everywhere);
                }
                else if (darkness > 0 && VehicleLamps.Of((SemanticClass)semantics[owner]) is { } layout && LampFace(layout, scene.Boxes[owner], v0, v1, v2, normal) is var (glow, window) && window != default)
                {
                    Box3 box = scene.Boxes[owner];
                    Put(v0, numbers[owner], semantics[owner], normal, albedos[owner], glow * darkness, window, VehicleLamps.Local(box, FromCentre(box, v0)));
                    Put(v1, numbers[owner], semantics[owner], normal, albedos[owner], glow * darkness, window, VehicleLamps.Local(box, FromCentre(box, v1)));
                    Put(v2, numbers[owner], semantics[owner], normal, albedos[owner], glow * darkness, window, VehicleLamps.Local(box, FromCentre(box, v2)));
                }
                else
                {
                    Put(v0, numbers[owner], semantics[owner], normal, albedos[owner]);
                    Put(v1, numbers[owner], semantics[owner], normal, albedos[owner]);
                    Put(v2, numbers[owner], semantics[owner], normal, albedos[owner]);
                }
            }

            Stream(_vertexBuffer, ref _bufferBytes, (nuint)_vertices.Length, p, bytes);
        }

        return count;
    }

    /// <summary>Fills the instance buffer with the shaped instances grouped by mesh (uploading meshes not yet cached) and
    /// returns one instanced draw per mesh: its first vertex and vertex count in the mesh buffer, its instance count and
    /// its first instance in the instance buffer.</summary>
    private List<(int First, int Count, int Instances, int BaseInstance)> UploadInstances(Scene scene, Shading? shading)
    {
        IReadOnlyList<ShapedInstance> shaped = scene.Shaped;
        var draws = new List<(int First, int Count, int Instances, int BaseInstance)>();
        if (shaped.Count == 0)
        {
            return draws;
        }

        var groups = new Dictionary<MeshKey, List<int>>();
        var order = new List<MeshKey>();
        int meshBytes = _meshVertices.Count;
        foreach (ShapedInstance s in shaped)
        {
            var key = new MeshKey([.. s.Parts], VehicleLamps.Of(scene.Instances[s.Instance].Semantic));
            if (!groups.TryGetValue(key, out List<int>? members))
            {
                groups[key] = members = [];
                order.Add(key);
                if (!_meshes.ContainsKey(key))
                {
                    _meshes[key] = (_meshVertices.Count / MeshVertexBytes, AppendMesh(key));
                }
            }

            members.Add(s.Instance);
        }

        if (_meshVertices.Count != meshBytes)
        {
            // A new shape: the whole mesh buffer again (shapes are few and each is uploaded once).
            _gl.BindBuffer(BufferTargetARB.ArrayBuffer, _meshBuffer);
            _meshBufferBytes = (nuint)_meshVertices.Count;
            ReadOnlySpan<byte> meshes = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_meshVertices);
            fixed (byte* m = meshes)
            {
                _gl.BufferData(BufferTargetARB.ArrayBuffer, _meshBufferBytes, m, BufferUsageARB.StaticDraw);
            }
        }

        int bytes = shaped.Count * InstanceBytes;
        if (_instanceData.Length < bytes)
        {
            _instanceData = new byte[Math.Max(bytes, _instanceData.Length * 2)];
        }

        fixed (byte* p = _instanceData)
        {
            byte* q = p;
            int written = 0;
            foreach (MeshKey key in order)
            {
                List<int> members = groups[key];
                (int first, int vertexCount) = _meshes[key];
                draws.Add((first, vertexCount, members.Count, written));
                foreach (int index in members)
                {
                    // As Scene.AddShape and Upload compute them: the float centre, bottom and yaw's sine and cosine, the
                    // instance number and the albedo of its class and number.
                    Box3 box = scene.Boxes[index];
                    SceneInstance instance = scene.Instances[index];
                    uint number = instance.IsStuff ? 0 : (uint)index + 1;
                    (float sin, float cos) = MathF.SinCos((float)box.Yaw);
                    *(Vector3*)q = new Vector3((float)box.X, (float)box.Y, (float)(box.Z - (box.Height / 2)));
                    *(Vector2*)(q + 12) = new Vector2(sin, cos);
                    *(Vector3*)(q + 20) = new Vector3((float)box.Length, (float)box.Width, (float)box.Height);
                    *(uint*)(q + 32) = number;
                    *(uint*)(q + 36) = (uint)instance.Semantic;
                    *(Vector3*)(q + 40) = shading?.Albedo(instance.Semantic, number) ?? Vector3.Zero;
                    q += InstanceBytes;
                }

                written += members.Count;
            }

            Stream(_instanceBuffer, ref _instanceBufferBytes, (nuint)_instanceData.Length, p, bytes);
        }

        return draws;
    }

    /// <summary>Appends the mesh of <paramref name="key"/> to the mesh vertices and returns its vertex count: Scene.AddShape's
    /// twelve triangles a part, in the unit box (corners as the parts' fractions), each with its face normal there and, on
    /// a lamp face of the layout (<see cref="VehicleLamps.FaceOf"/> of its centroid in a unit box), the lamp's radiance at
    /// full darkness, its window and each vertex's lateral and vertical fractions (what
    /// <see cref="VehicleLamps.Local"/> gives in the box).</summary>
    private int AppendMesh(MeshKey key)
    {
        var unitBox = new Box3(0, 0, 0.5, 0, 1, 1, 1);
        Span<byte> vertex = stackalloc byte[MeshVertexBytes];
        Span<Vector3> c = stackalloc Vector3[8];
        int count = 0;
        foreach (Part part in key.Parts)
        {
            float x0 = (float)part.X0, x1 = (float)part.X1, y0 = (float)part.Y0, y1 = (float)part.Y1, z0 = (float)part.Z0, z1 = (float)part.Z1;
            c[0] = new(x0, y0, z0);
            c[1] = new(x1, y0, z0);
            c[2] = new(x1, y1, z0);
            c[3] = new(x0, y1, z0);
            c[4] = new(x0, y0, z1);
            c[5] = new(x1, y0, z1);
            c[6] = new(x1, y1, z1);
            c[7] = new(x0, y1, z1);
            for (int i = 0; i < Faces.Length; i += 3)
            {
                Vector3 v0 = c[Faces[i]], v1 = c[Faces[i + 1]], v2 = c[Faces[i + 2]];
                Vector3 normal = Vector3.Normalize(Vector3.Cross(v1 - v0, v2 - v0));
                Vector3 glow = default;
                Vector4 window = default;
                bool lamp = false;
                if (key.Lamps is { } layout)
                {
                    (glow, window) = LampFace(layout, unitBox, v0, v1, v2, normal);
                    lamp = window != default;
                }

                foreach (Vector3 v in (ReadOnlySpan<Vector3>)[v0, v1, v2])
                {
                    WriteMeshVertex(vertex, v, normal, glow, window, lamp ? new Vector2(v.Y, v.Z) : default);
                    _meshVertices.AddRange(vertex);
                    count++;
                }
            }
        }

        return count;
    }

    private static void WriteMeshVertex(Span<byte> vertex, Vector3 unit, Vector3 normal, Vector3 glow, Vector4 window, Vector2 local)
    {
        fixed (byte* q = vertex)
        {
            *(Vector3*)q = unit;
            *(Vector3*)(q + 12) = normal;
            *(Vector3*)(q + 24) = glow;
            *(Vector4*)(q + 36) = window;
            *(Vector2*)(q + 52) = local;
        }
    }

    /// <summary>A vertex minus its box's centre, m (in double, then rounded: the vertex's place in the box).</summary>
    private static Vector3 FromCentre(Box3 box, Vector3 v) => new((float)(v.X - box.X), (float)(v.Y - box.Y), (float)(v.Z - box.Z));

    /// <summary>The lamp radiance (at full darkness) and window of a triangle on a vehicle's lamp face; default when the
    /// triangle is on none (<see cref="VehicleLamps.FaceOf"/> of its centroid, as CpuCamera asks of each hit).</summary>
    private static (Vector3 Glow, Vector4 Window) LampFace(VehicleLamps.Layout layout, Box3 box, Vector3 v0, Vector3 v1, Vector3 v2, Vector3 normal)
    {
        Vector3 centroid = (FromCentre(box, v0) + FromCentre(box, v1) + FromCentre(box, v2)) / 3;
        int face = VehicleLamps.FaceOf(layout, box, centroid, normal);
        if (face == 0)
        {
            return default;
        }

        VehicleLamps.Window w = face > 0 ? layout.Head : layout.Tail;
        return (face > 0 ? VehicleLamps.HeadRadiance : VehicleLamps.TailRadiance, new Vector4(w.YInner, w.YOuter, w.Z0, w.Z1));
    }

    private static void PackRgbInto(ReadOnlySpan<byte> bottomUpRgba, byte[] topDownRgb, int width, int height)
    {
        for (int row = 0; row < height; row++)
        {
            ReadOnlySpan<byte> source = bottomUpRgba.Slice((height - 1 - row) * width * 4, width * 4);
            Span<byte> target = topDownRgb.AsSpan(row * width * 3, width * 3);
            for (int u = 0; u < width; u++)
            {
                target[3 * u] = source[4 * u];
                target[(3 * u) + 1] = source[(4 * u) + 1];
                target[(3 * u) + 2] = source[(4 * u) + 2];
            }
        }
    }

    private static void FlipInto<T>(ReadOnlySpan<T> bottomUp, T[] topDown, int width, int height)
    {
        for (int row = 0; row < height; row++)
        {
            bottomUp.Slice((height - 1 - row) * width, width).CopyTo(topDown.AsSpan(row * width, width));
        }
    }

    private void CheckError(string what) => GlPrograms.CheckError(_gl, what, _context.Renderer);

    /// <summary>Uploads <paramref name="bytes"/> from <paramref name="data"/> to a per-frame array buffer, growing its
    /// storage to <paramref name="capacity"/> bytes (the CPU-side array's size) when it is too small.</summary>
    private unsafe void Stream(uint buffer, ref nuint allocated, nuint capacity, byte* data, int bytes)
    {
        _gl.BindBuffer(BufferTargetARB.ArrayBuffer, buffer);
        if ((nuint)bytes > allocated)
        {
            allocated = capacity;
            _gl.BufferData(BufferTargetARB.ArrayBuffer, allocated, null, BufferUsageARB.StreamDraw);
        }

        _gl.BufferSubData(BufferTargetARB.ArrayBuffer, 0, (nuint)bytes, data);
    }

    /// <summary>A linked surface program and the locations of its uniforms.</summary>
    private sealed class SurfaceProgram
    {
        public uint Handle { get; init; }

        public int Origin { get; init; }

        public int Right { get; init; }

        public int Down { get; init; }

        public int Forward { get; init; }

        public int Projection { get; init; }

        public int Shade { get; init; }

        public int SunDirection { get; init; }

        public int SunIrradiance { get; init; }

        public int SkyIrradiance { get; init; }

        public int Extinction { get; init; }

        public int Air { get; init; }

        public int Headlights { get; init; }

        public int LampCount { get; init; }

        public int Lamps { get; init; }

        public int StreetLights { get; init; }

        public int Darkness { get; init; }
    }

    /// <summary>What a mesh is: the parts of a shape and the lamp layout of its class (a car's box has lamp faces, a
    /// building's the same box has none).</summary>
    private sealed class MeshKey(Part[] parts, VehicleLamps.Layout? lamps) : IEquatable<MeshKey>
    {
        private readonly int _hash = Hash(parts, lamps);

        public Part[] Parts => parts;

        public VehicleLamps.Layout? Lamps => lamps;

        public bool Equals(MeshKey? other) =>
            other is not null && _hash == other._hash && Nullable.Equals(lamps, other.Lamps) && parts.AsSpan().SequenceEqual(other.Parts);

        public override bool Equals(object? obj) => Equals(obj as MeshKey);

        public override int GetHashCode() => _hash;

        private static int Hash(Part[] parts, VehicleLamps.Layout? lamps)
        {
            var hash = default(HashCode);
            hash.Add(lamps);
            foreach (Part part in parts)
            {
                hash.Add(part);
            }

            return hash.ToHashCode();
        }
    }
}

/// <summary>What one <see cref="GlCamera.Render"/> drew.</summary>
/// <param name="StuffTriangles">World-space triangles drawn directly (the ground's two not counted).</param>
/// <param name="InstancedDraws">Instanced draw calls: one per distinct shape among the shaped instances.</param>
/// <param name="Instances">Shaped instances those draws placed.</param>
/// <param name="CachedMeshes">Shape meshes the camera holds (uploaded once, kept across frames).</param>
internal readonly record struct GlDrawStatistics(int StuffTriangles, int InstancedDraws, int Instances, int CachedMeshes);
