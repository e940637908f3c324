using Silk.NET.OpenGL;

namespace Sim.Sensors.Gl;

/// <summary>Shader compiling, program linking and error checks shared by the GL camera and the GL LiDAR: failures become
/// exceptions that name what was being built and the renderer, with the driver's log.</summary>
internal static class GlPrograms
{
    /// <summary>Compiles one shader stage.</summary>
    /// <exception cref="InvalidOperationException">It did not compile (the driver's log is in the message).</exception>
    public static uint Compile(GL gl, ShaderType type, string source, string what, string renderer)
    {
        uint shader = gl.CreateShader(type);
        gl.ShaderSource(shader, source);
        gl.CompileShader(shader);
        gl.GetShader(shader, ShaderParameterName.CompileStatus, out int compiled);
        if (compiled == 0)
        {
            string log = gl.GetShaderInfoLog(shader);
            gl.DeleteShader(shader);
            throw new InvalidOperationException($"{what} {type} did not compile on {renderer}: {log}");
        }

        return shader;
    }

    /// <summary>Links compiled stages into a program; the stages are deleted either way.</summary>
    /// <exception cref="InvalidOperationException">It did not link (the driver's log is in the message).</exception>
    public static uint Link(GL gl, string what, string renderer, params uint[] shaders)
    {
        uint program = gl.CreateProgram();
        foreach (uint shader in shaders)
        {
            gl.AttachShader(program, shader);
        }

        gl.LinkProgram(program);
        gl.GetProgram(program, ProgramPropertyARB.LinkStatus, out int linked);
        foreach (uint shader in shaders)
        {
            gl.DetachShader(program, shader);
            gl.DeleteShader(shader);
        }

        if (linked == 0)
        {
            string log = gl.GetProgramInfoLog(program);
            gl.DeleteProgram(program);
            throw new InvalidOperationException($"{what} program did not link on {renderer}: {log}");
        }

        return program;
    }

    /// <summary>Throws when GL reports an error.</summary>
    /// <exception cref="InvalidOperationException">Names the error, what was being done and the renderer.</exception>
    public static void CheckError(GL gl, string what, string renderer)
    {
        GLEnum error = gl.GetError();
        if (error != GLEnum.NoError)
        {
            throw new InvalidOperationException($"OpenGL error {error} while {what} on {renderer}.");
        }
    }
}
