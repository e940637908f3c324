using System.Numerics;
using Sim.Sensors.Geometry;

namespace Sim.Sensors.Camera;

/// <summary>
/// Other vehicles' head and tail lamps: rectangles on the front and rear faces of a vehicle's shape
/// (<see cref="Shapes"/>) that glow at night — emitted radiance × <see cref="Shading.Darkness"/>, added to what the
/// face reflects, in the RGB image only (labels see the vehicle). They light nothing else. A lamp is where a face whose
/// normal is the box's heading (±) lies at the layout's <see cref="Layout.Face"/> (a fraction of the box length from
/// its centre) and the point's lateral and vertical fractions of the box fall in the lamp's <see cref="Window"/>.
/// </summary>
public static class VehicleLamps
{
    /// <summary>A pair of lamps, mirror images across the vehicle's centre line, as fractions of its box: |lateral|
    /// from <paramref name="YInner"/> to <paramref name="YOuter"/> of the width, height from <paramref name="Z0"/> to
    /// <paramref name="Z1"/> of the height above the box's bottom.</summary>
    /// <param name="YInner">Inner edge, fraction of the width from the centre line.</param>
    /// <param name="YOuter">Outer edge.</param>
    /// <param name="Z0">Bottom, fraction of the height.</param>
    /// <param name="Z1">Top.</param>
    public readonly record struct Window(float YInner, float YOuter, float Z0, float Z1)
    {
        /// <summary>Whether a point at lateral fraction <paramref name="y"/> and height fraction <paramref name="z"/>
        /// is on a lamp.</summary>
        public bool Contains(float y, float z) => MathF.Abs(y) >= YInner && MathF.Abs(y) <= YOuter && z >= Z0 && z <= Z1;
    }

    /// <summary>Where a class's lamps are: the front and rear faces at ± <paramref name="Face"/> of the length, and
    /// the head and tail lamp windows on them.</summary>
    /// <param name="Face">Distance of the front and rear faces from the box centre, fraction of the length.</param>
    /// <param name="Head">Headlamps, on the front face.</param>
    /// <param name="Tail">Tail lamps, on the rear face.</param>
    public readonly record struct Layout(float Face, Window Head, Window Tail);

    /// <summary>Radiance of a headlamp seen from the front at full darkness, linear RGB (saturates the camera).</summary>
    public static Vector3 HeadRadiance => new(4f, 3.8f, 3.4f);

    /// <summary>Radiance of a tail lamp at full darkness, linear RGB (red).</summary>
    public static Vector3 TailRadiance => new(1.5f, 0.03f, 0.02f);

    /// <summary>A face is a lamp face when its unit normal is within this cosine of the heading (±).</summary>
    public const float FaceCos = 0.99f;

    /// <summary>How close (fraction of the length) a point must be to the face's plane.</summary>
    public const float FaceTolerance = 0.005f;

    /// <summary>The lamp layout of <paramref name="cls"/>'s shape, or null for classes without lamps.</summary>
    public static Layout? Of(SemanticClass cls) => cls switch
    {
        SemanticClass.Car => new Layout(0.5f, new Window(0.28f, 0.45f, 0.36f, 0.47f), new Window(0.3f, 0.46f, 0.4f, 0.5f)),
        SemanticClass.Van => new Layout(0.5f, new Window(0.28f, 0.45f, 0.35f, 0.47f), new Window(0.38f, 0.48f, 0.25f, 0.5f)),
        SemanticClass.Truck => new Layout(0.5f, new Window(0.3f, 0.45f, 0.14f, 0.24f), new Window(0.35f, 0.47f, 0.27f, 0.34f)),
        SemanticClass.Bus => new Layout(0.5f, new Window(0.3f, 0.45f, 0.12f, 0.2f), new Window(0.35f, 0.47f, 0.15f, 0.3f)),
        SemanticClass.Motorcycle => new Layout(0.45f, new Window(0, 0.12f, 0.3f, 0.42f), new Window(0, 0.12f, 0.32f, 0.42f)),
        _ => null,
    };

    /// <summary>
    /// Which lamp face a surface of a <paramref name="layout"/> vehicle in <paramref name="box"/> lies on: +1 the front
    /// (headlamps), −1 the rear (tail lamps), 0 neither. <paramref name="fromCentre"/> is a point of the surface minus
    /// the box centre, m; <paramref name="normal"/> its unit normal (either sign).
    /// </summary>
    public static int FaceOf(Layout layout, Box3 box, Vector3 fromCentre, Vector3 normal)
    {
        (float sin, float cos) = MathF.SinCos((float)box.Yaw);
        var forward = new Vector3(cos, sin, 0);
        if (MathF.Abs(Vector3.Dot(normal, forward)) < FaceCos)
        {
            return 0;
        }

        float x = Vector3.Dot(fromCentre, forward) / (float)box.Length;
        return MathF.Abs(x - layout.Face) <= FaceTolerance ? 1 : MathF.Abs(x + layout.Face) <= FaceTolerance ? -1 : 0;
    }

    /// <summary>A point's lateral (left positive) and vertical (from the bottom) fractions of <paramref name="box"/>,
    /// given as the point minus the box centre, m.</summary>
    public static Vector2 Local(Box3 box, Vector3 fromCentre)
    {
        (float sin, float cos) = MathF.SinCos((float)box.Yaw);
        float y = ((fromCentre.Y * cos) - (fromCentre.X * sin)) / (float)box.Width;
        float z = (fromCentre.Z / (float)box.Height) + 0.5f;
        return new Vector2(y, z);
    }

    /// <summary>
    /// The radiance a point of a <paramref name="cls"/> vehicle in <paramref name="box"/> emits at
    /// <paramref name="darkness"/> (zero off its lamps, by day and for classes without lamps); <paramref name="fromCentre"/>
    /// is the point minus the box centre, m, and <paramref name="normal"/> the surface's unit normal.
    /// </summary>
    public static Vector3 Emission(SemanticClass cls, Box3 box, Vector3 fromCentre, Vector3 normal, float darkness)
    {
        if (darkness <= 0 || Of(cls) is not { } layout)
        {
            return Vector3.Zero;
        }

        int face = FaceOf(layout, box, fromCentre, normal);
        if (face == 0)
        {
            return Vector3.Zero;
        }

        Vector2 local = Local(box, fromCentre);
        Window window = face > 0 ? layout.Head : layout.Tail;
        return window.Contains(local.X, local.Y) ? (face > 0 ? HeadRadiance : TailRadiance) * darkness : Vector3.Zero;
    }
}
