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
/// <see cref="CameraFrame"/> like <see cref="CpuCamera"/>'s.
/// </summary>
/// <remarks>
/// The projection is the pinhole model itself: pixel u's centre u + ½ is window x = u + ½, so OpenGL samples the same
/// points CpuCamera casts rays through; rows are flipped on read-back (OpenGL's window y is up) so row 0 is the image
/// top. Depth testing is reversed-Z (1 at near, 0 at far, glClipControl zero-to-one) for near-constant relative
/// precision. The ground is two triangles at z = 0 reaching past the farthest point of the view frustum. The program is
/// built once per camera (one per context); the framebuffer is kept while the image size stays the same; the scene's
/// triangles are uploaded on every call. Each call makes the context current on the calling thread, under a lock on
/// the context, and releases it afterwards unless it was already current there.
/// </remarks>
public sealed unsafe class GlCamera : IDisposable
{
    private const string VertexShader = """
        #version 450 core
        layout(location = 0) in vec3 position;
        layout(location = 1) in uint instance;
        layout(location = 2) in uint semantic;
        uniform vec3 origin;
        uniform vec3 right;
        uniform vec3 down;
        uniform vec3 forward;
        uniform mat4 projection;
        out float viewDepth;
        flat out uint fragmentInstance;
        flat out uint fragmentSemantic;
        void main()
        {
            vec3 d = position - origin;
            vec3 c = vec3(dot(d, right), dot(d, down), dot(d, forward));
            viewDepth = c.z;
            fragmentInstance = instance;
            fragmentSemantic = semantic;
            gl_Position = projection * vec4(c, 1.0);
        }
        """;

    private const string FragmentShader = """
        #version 450 core
        in float viewDepth;
        flat in uint fragmentInstance;
        flat in uint fragmentSemantic;
        layout(location = 0) out float outDepth;
        layout(location = 1) out uint outInstance;
        layout(location = 2) out uint outSemantic;
        void main()
        {
            outDepth = viewDepth;
            outInstance = fragmentInstance;
            outSemantic = fragmentSemantic;
        }
        """;

    private const int VertexBytes = 20; // x, y, z float; instance uint; semantic uint

    private readonly EglContext _context;
    private readonly GL _gl;
    private uint _program;
    private uint _vertexArray;
    private uint _vertexBuffer;
    private int _originLocation, _rightLocation, _downLocation, _forwardLocation, _projectionLocation;
    private uint _framebuffer;
    private uint _depthColour, _instanceColour, _semanticColour, _depthBuffer;
    private int _width, _height;
    private nuint _bufferBytes;
    private byte[] _vertices = [];
    private byte[] _readback = [];
    private bool _disposed;

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

    /// <summary>Renders depth, instance and semantic images of <paramref name="scene"/>.</summary>
    public CameraFrame Render(PinholeCamera camera, Scene scene)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(scene);
        camera.Validate();
        ObjectDisposedException.ThrowIf(_disposed, this);
        CameraFrame? frame = null;
        WithContext(() => frame = RenderCurrent(camera, scene));
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
                _gl.DeleteVertexArray(_vertexArray);
                _gl.DeleteProgram(_program);
            });
        }
        catch (ObjectDisposedException)
        {
            // The context went first and took its objects with it.
        }
    }

    private void WithContext(Action action)
    {
        lock (_context)
        {
            bool wasCurrent = _context.IsCurrent;
            _context.MakeCurrent();
            try
            {
                action();
            }
            finally
            {
                if (!wasCurrent)
                {
                    _context.ReleaseCurrent();
                }
            }
        }
    }

    private void CreateProgram()
    {
        uint vertex = Compile(ShaderType.VertexShader, VertexShader);
        uint fragment = Compile(ShaderType.FragmentShader, FragmentShader);
        _program = _gl.CreateProgram();
        _gl.AttachShader(_program, vertex);
        _gl.AttachShader(_program, fragment);
        _gl.LinkProgram(_program);
        _gl.GetProgram(_program, ProgramPropertyARB.LinkStatus, out int linked);
        _gl.DetachShader(_program, vertex);
        _gl.DetachShader(_program, fragment);
        _gl.DeleteShader(vertex);
        _gl.DeleteShader(fragment);
        if (linked == 0)
        {
            string log = _gl.GetProgramInfoLog(_program);
            _gl.DeleteProgram(_program);
            throw new InvalidOperationException($"GL camera program did not link on {_context.Renderer}: {log}");
        }

        _originLocation = _gl.GetUniformLocation(_program, "origin");
        _rightLocation = _gl.GetUniformLocation(_program, "right");
        _downLocation = _gl.GetUniformLocation(_program, "down");
        _forwardLocation = _gl.GetUniformLocation(_program, "forward");
        _projectionLocation = _gl.GetUniformLocation(_program, "projection");

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
        _gl.BindVertexArray(0);
        CheckError("creating the program");
    }

    private uint Compile(ShaderType type, string source)
    {
        uint shader = _gl.CreateShader(type);
        _gl.ShaderSource(shader, source);
        _gl.CompileShader(shader);
        _gl.GetShader(shader, ShaderParameterName.CompileStatus, out int compiled);
        if (compiled == 0)
        {
            string log = _gl.GetShaderInfoLog(shader);
            _gl.DeleteShader(shader);
            throw new InvalidOperationException($"GL camera {type} did not compile on {_context.Renderer}: {log}");
        }

        return shader;
    }

    private void EnsureFramebuffer(int width, int height)
    {
        if (_framebuffer != 0 && width == _width && height == _height)
        {
            return;
        }

        DeleteFramebuffer();
        _framebuffer = _gl.GenFramebuffer();
        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, _framebuffer);
        _depthColour = Attach(FramebufferAttachment.ColorAttachment0, InternalFormat.R32f);
        _instanceColour = Attach(FramebufferAttachment.ColorAttachment1, InternalFormat.R32ui);
        _semanticColour = Attach(FramebufferAttachment.ColorAttachment2, InternalFormat.R8ui);
        _depthBuffer = Attach(FramebufferAttachment.DepthAttachment, InternalFormat.DepthComponent32f);
        GLEnum status = _gl.CheckFramebufferStatus(FramebufferTarget.Framebuffer);
        if (status != GLEnum.FramebufferComplete)
        {
            throw new InvalidOperationException($"GL camera framebuffer {width} × {height} is incomplete ({status}) on {_context.Renderer}.");
        }

        _width = width;
        _height = height;
        CheckError("creating the framebuffer");

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
        _framebuffer = 0;
    }

    private CameraFrame RenderCurrent(PinholeCamera camera, Scene scene)
    {
        int width = camera.Width, height = camera.Height;
        EnsureFramebuffer(width, height);
        int vertexCount = Upload(camera, scene);

        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, _framebuffer);
        _gl.Viewport(0, 0, (uint)width, (uint)height);
        GLEnum* buffers = stackalloc GLEnum[] { GLEnum.ColorAttachment0, GLEnum.ColorAttachment1, GLEnum.ColorAttachment2 };
        _gl.DrawBuffers(3, buffers);
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

        _gl.UseProgram(_program);
        (Vector3 right, Vector3 down, Vector3 forward) = camera.Axes();
        _gl.Uniform3(_originLocation, (float)camera.X, (float)camera.Y, (float)camera.Z);
        _gl.Uniform3(_rightLocation, right.X, right.Y, right.Z);
        _gl.Uniform3(_downLocation, down.X, down.Y, down.Z);
        _gl.Uniform3(_forwardLocation, forward.X, forward.Y, forward.Z);
        Matrix4x4 projection = Projection(camera.Fx, camera.Fy, camera.Cx, camera.Cy, width, height, camera.Near, camera.Far);
        _gl.UniformMatrix4(_projectionLocation, 1, true, (float*)&projection);

        _gl.BindVertexArray(_vertexArray);
        _gl.DrawArrays(PrimitiveType.Triangles, 0, (uint)vertexCount);
        _gl.BindVertexArray(0);
        CheckError("drawing");

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
        }

        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, 0);
        CheckError("reading back");
        return frame;
    }

    /// <summary>Fills the vertex buffer with the ground (two triangles) and the scene's triangles; returns the vertex
    /// count.</summary>
    private int Upload(PinholeCamera camera, Scene scene)
    {
        IReadOnlyList<Vector3> vertices = scene.Vertices;
        IReadOnlyList<int> owners = scene.Owners;
        int count = 6 + vertices.Count;
        int bytes = count * VertexBytes;
        if (_vertices.Length < bytes)
        {
            _vertices = new byte[Math.Max(bytes, _vertices.Length * 2)];
        }

        var semantics = new uint[scene.Instances.Count];
        for (int i = 0; i < semantics.Length; i++)
        {
            semantics[i] = (uint)scene.Instances[i].Semantic;
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

        fixed (byte* p = _vertices)
        {
            byte* q = p;
            void Put(Vector3 v, uint instance, uint semantic)
            {
                *(Vector3*)q = v;
                *(uint*)(q + 12) = instance;
                *(uint*)(q + 16) = semantic;
                q += VertexBytes;
            }

            uint road = (uint)scene.GroundClass;
            Put(a, 0, road);
            Put(b, 0, road);
            Put(c, 0, road);
            Put(a, 0, road);
            Put(c, 0, road);
            Put(d, 0, road);
            for (int i = 0; i < vertices.Count; i++)
            {
                int owner = owners[i / 3];
                Put(vertices[i], scene.Instances[owner].IsStuff ? 0 : (uint)owner + 1, semantics[owner]);
            }

            _gl.BindBuffer(BufferTargetARB.ArrayBuffer, _vertexBuffer);
            if ((nuint)bytes > _bufferBytes)
            {
                _bufferBytes = (nuint)_vertices.Length;
                _gl.BufferData(BufferTargetARB.ArrayBuffer, _bufferBytes, null, BufferUsageARB.StreamDraw);
            }

            _gl.BufferSubData(BufferTargetARB.ArrayBuffer, 0, (nuint)bytes, p);
        }

        return count;
    }

    private static void FlipInto<T>(ReadOnlySpan<T> bottomUp, T[] topDown, int width, int height)
    {
        for (int row = 0; row < height; row++)
        {
            bottomUp.Slice((height - 1 - row) * width, width).CopyTo(topDown.AsSpan(row * width, width));
        }
    }

    private void CheckError(string what)
    {
        GLEnum error = _gl.GetError();
        if (error != GLEnum.NoError)
        {
            throw new InvalidOperationException($"OpenGL error {error} while {what} on {_context.Renderer}.");
        }
    }
}
