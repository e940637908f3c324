using System.Runtime.InteropServices;

namespace Sim.Core.Tests.Ecs;

[StructLayout(LayoutKind.Sequential)]
public struct Position
{
    public float X;
    public float Y;
    public float Z;
}

[StructLayout(LayoutKind.Sequential)]
public struct Velocity
{
    public float X;
    public float Y;
    public float Z;
}

public struct Health
{
    public int Value;
}

public struct Tag
{
    public long Value;
}

public struct Marker
{
    public int Value;
}
