using Sim.Sensors.Geometry;

namespace Sim.Sensors.Labels;

/// <summary>A 2D box in pixels: [Left, Right) × [Top, Bottom), image origin at the top-left corner.</summary>
/// <param name="Left">Left edge, px.</param>
/// <param name="Top">Top edge, px.</param>
/// <param name="Right">Right edge, px.</param>
/// <param name="Bottom">Bottom edge, px.</param>
public readonly record struct Box2(double Left, double Top, double Right, double Bottom)
{
    /// <summary>Area, px² (0 when empty).</summary>
    public double Area => Math.Max(0, Right - Left) * Math.Max(0, Bottom - Top);
}

/// <summary>
/// What a camera frame says about one object, KITTI-style, from the instance image and the object's true 3D box:
/// </summary>
/// <param name="Instance">Scene instance index.</param>
/// <param name="Id">Stable id: the track id across frames.</param>
/// <param name="Class">Semantic class.</param>
/// <param name="World">The true 3D box in the world.</param>
/// <param name="CameraCentre">Box centre in the camera's optical frame (x right, y down, z forward), m.</param>
/// <param name="RotationY">KITTI rotation_y: heading about the camera's y axis, rad in [−π, π] (0: facing the camera's
/// x axis).</param>
/// <param name="Tight">The tight 2D box around the object's visible pixels (null when none are visible).</param>
/// <param name="Amodal">The projection of the whole 3D box, clipped to the image (null when it is not in front of the
/// camera or lies outside the image).</param>
/// <param name="VisiblePixels">Pixels where the object is the nearest surface.</param>
/// <param name="UnoccludedPixels">Pixels it would cover with nothing in front of it.</param>
/// <param name="Truncation">Fraction of the projected box outside the image, 0–1.</param>
/// <param name="Occlusion">KITTI occlusion level: 0 fully visible (visibility ≥ 0.95), 1 partly (≥ 0.5), 2 largely (&gt; 0),
/// 3 not visible at all.</param>
public sealed record ObjectLabel(
    int Instance,
    ulong Id,
    SemanticClass Class,
    Box3 World,
    (double X, double Y, double Z) CameraCentre,
    double RotationY,
    Box2? Tight,
    Box2? Amodal,
    int VisiblePixels,
    int UnoccludedPixels,
    double Truncation,
    int Occlusion)
{
    /// <summary>Visible over unoccluded pixels, 0–1 (0 when it covers none).</summary>
    public double Visibility => UnoccludedPixels == 0 ? 0 : VisiblePixels / (double)UnoccludedPixels;

    /// <summary>Whether any of it is seen.</summary>
    public bool IsVisible => VisiblePixels > 0;
}
