using System.Numerics;
using Sim.Sensors.Camera;
using Sim.Sensors.Labels;

namespace Sim.Export.Kitti;

/// <summary>
/// One line of a KITTI object label file (<c>label_2/NNNNNN.txt</c>), field for field as the object devkit's readme
/// defines them. Frames: the (rectified) camera frame, x right, y down, z forward, m; pixels in KITTI's 0-based
/// convention, where integer coordinates are pixel centres (pixel (u, v) spans [u − ½, u + ½]).
/// </summary>
/// <param name="Type">One of <see cref="KittiClasses.All"/>.</param>
/// <param name="Truncated">Share of the object outside the image, 0 (none) to 1; −1 for DontCare.</param>
/// <param name="Occluded">0 fully visible, 1 partly occluded, 2 largely occluded, 3 unknown; −1 for DontCare.</param>
/// <param name="Alpha">Observation angle, rad in [−π, π]: <paramref name="RotationY"/> less the azimuth atan2(x, z) of
/// the object's centre; −10 for DontCare.</param>
/// <param name="Left">2D box left, px (0-based pixel-centre coordinates).</param>
/// <param name="Top">2D box top, px.</param>
/// <param name="Right">2D box right, px.</param>
/// <param name="Bottom">2D box bottom, px.</param>
/// <param name="Height">3D box height, m; −1 for DontCare.</param>
/// <param name="Width">3D box width, m; −1 for DontCare.</param>
/// <param name="Length">3D box length, m; −1 for DontCare.</param>
/// <param name="X">Centre of the 3D box's bottom face, camera x, m; −1000 for DontCare.</param>
/// <param name="Y">Bottom-face centre, camera y (down), m; −1000 for DontCare.</param>
/// <param name="Z">Bottom-face centre, camera z (forward), m; −1000 for DontCare.</param>
/// <param name="RotationY">Heading about the camera's y axis, rad in [−π, π]: 0 when the object's length points along
/// camera x, π/2 when it points at the camera (along −z); −10 for DontCare.</param>
/// <param name="Score">Detection confidence, only in result files (the 16th field); null in ground truth.</param>
public sealed record KittiObject(
    string Type,
    double Truncated,
    int Occluded,
    double Alpha,
    double Left,
    double Top,
    double Right,
    double Bottom,
    double Height,
    double Width,
    double Length,
    double X,
    double Y,
    double Z,
    double RotationY,
    double? Score = null)
{
    /// <summary>
    /// Objects whose 2D box is shorter than this (px) are written as DontCare regions rather than labelled. KITTI's
    /// benchmark ignores objects under 25 px and its annotators marked unlabelled far objects DontCare; 10 px keeps
    /// every object the benchmark scores (and the 10–25 px band it ignores but trains on) labelled in 3D, and marks as
    /// DontCare only those too small for their class and box to be told from the picture (a car 10 px tall is
    /// ~110 m from a KITTI camera, farther than KITTI's annotators labelled cars).
    /// </summary>
    public const double MinHeightPixels = 10;

    /// <summary>
    /// Objects with fewer visible pixels than this are written as DontCare regions: a glimpse of 19 pixels or fewer (a
    /// wheel under another car, a head behind a wall) says too little to be labelled, yet a detector that finds it must
    /// not be counted wrong.
    /// </summary>
    public const int MinVisiblePixels = 20;

    /// <summary>The value KITTI writes for an unknown angle (alpha, rotation_y).</summary>
    public const double InvalidAngle = -10;

    /// <summary>The value KITTI writes for an unknown dimension.</summary>
    public const double InvalidDimension = -1;

    /// <summary>The value KITTI writes for an unknown location coordinate.</summary>
    public const double InvalidLocation = -1000;

    /// <summary>Whether this is a DontCare region.</summary>
    public bool IsDontCare => Type == KittiClasses.DontCare;

    /// <summary>A DontCare region: the box, every other field at KITTI's invalid value.</summary>
    public static KittiObject DontCareRegion(double left, double top, double right, double bottom) =>
        new(KittiClasses.DontCare, -1, -1, InvalidAngle, left, top, right, bottom,
            InvalidDimension, InvalidDimension, InvalidDimension, InvalidLocation, InvalidLocation, InvalidLocation, InvalidAngle);

    /// <summary>
    /// The KITTI line for one labelled object seen by <paramref name="camera"/>, or null when it has none: nothing of
    /// it is visible (KITTI's occlusion 3), or its class is not one KITTI labels (<see cref="KittiClasses"/>). Objects
    /// that are visible but whose box is shorter than <see cref="MinHeightPixels"/>, or that show fewer than
    /// <see cref="MinVisiblePixels"/> pixels, become DontCare regions.
    /// </summary>
    /// <remarks>
    /// The 2D box is the amodal box — the projection of the whole 3D box, clipped to the image — not the tight box
    /// round the visible pixels: KITTI's boxes come from projecting its 3D boxes (so an occluded car's box reaches
    /// behind what hides it), and with the amodal box the 2D and 3D labels agree through P2. It moves to KITTI's
    /// pixel-centre coordinates (−½ px) and is clipped to the outermost pixel centres, [0, width − 1] ×
    /// [0, height − 1], as KITTI's truncated boxes read 0.00 and 1241.00 on its 1242 px images. The location is the
    /// centre of the box's bottom face; exact for any camera pose, while the box's extent follows KITTI's model of a
    /// box turned about the camera's y axis only, which holds for a camera with no pitch or roll to the ground.
    /// </remarks>
    /// <exception cref="ArgumentException">The label has visible pixels but neither a tight nor an amodal box.</exception>
    public static KittiObject? FromLabel(ObjectLabel label, PinholeCamera camera)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(camera);
        if (!label.IsVisible || KittiClasses.TypeOf(label.Class) is not { } type)
        {
            return null;
        }

        Box2 seen = label.Amodal ?? label.Tight ?? throw new ArgumentException($"Label {label.Id} has {label.VisiblePixels} visible pixels but no 2D box.", nameof(label));
        (double left, double top, double right, double bottom) = ToKittiBox(seen, camera.Width, camera.Height);
        if (seen.Bottom - seen.Top < MinHeightPixels || label.VisiblePixels < MinVisiblePixels || label.Amodal is null)
        {
            return DontCareRegion(left, top, right, bottom);
        }

        // World "down" in the optical frame, to step from the box's centre to its bottom face.
        (Vector3 right3, Vector3 down3, Vector3 forward3) = camera.Axes();
        double half = label.World.Height / 2;
        (double cx, double cy, double cz) = label.CameraCentre;
        double x = cx - (half * right3.Z), y = cy - (half * down3.Z), z = cz - (half * forward3.Z);
        double rotationY = WrapAngle(label.RotationY);
        double alpha = WrapAngle(rotationY - Math.Atan2(cx, cz));
        return new KittiObject(
            type, Math.Clamp(label.Truncation, 0, 1), Math.Clamp(label.Occlusion, 0, 3), alpha,
            left, top, right, bottom, label.World.Height, label.World.Width, label.World.Length, x, y, z, rotationY);
    }

    /// <summary>The lines of one frame's label file: the labelled objects in the order given, then the DontCare
    /// regions, as KITTI's files list them.</summary>
    public static IReadOnlyList<KittiObject> FromLabels(IEnumerable<ObjectLabel> labels, PinholeCamera camera) =>
        [.. InFileOrder(labels, camera).Select(x => x.Object)];

    /// <summary>Each written line with the label it came from, in file order (labelled objects, then DontCare regions):
    /// the one place that order is decided, for the object and the tracking files.</summary>
    public static IReadOnlyList<(ObjectLabel Label, KittiObject Object)> InFileOrder(IEnumerable<ObjectLabel> labels, PinholeCamera camera)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var objects = new List<(ObjectLabel, KittiObject)>();
        var dontCare = new List<(ObjectLabel, KittiObject)>();
        foreach (ObjectLabel label in labels)
        {
            if (FromLabel(label, camera) is { } o)
            {
                (o.IsDontCare ? dontCare : objects).Add((label, o));
            }
        }

        objects.AddRange(dontCare);
        return objects;
    }

    /// <summary>A box in Sim's continuous pixel coordinates (pixel (u, v) centred at (u + ½, v + ½)) in KITTI's 0-based
    /// pixel-centre coordinates, clipped to the outermost pixel centres of a <paramref name="width"/> ×
    /// <paramref name="height"/> image.</summary>
    public static (double Left, double Top, double Right, double Bottom) ToKittiBox(Box2 box, int width, int height) =>
        (Math.Clamp(box.Left - 0.5, 0, width - 1), Math.Clamp(box.Top - 0.5, 0, height - 1),
         Math.Clamp(box.Right - 0.5, 0, width - 1), Math.Clamp(box.Bottom - 0.5, 0, height - 1));

    /// <summary>
    /// The 3D box's eight corners in the camera frame, m, as the devkit builds them: in the object frame x along the
    /// length (±l/2), y from 0 at the bottom face up to −h, z along the width (±w/2), turned by <see cref="RotationY"/>
    /// about y and moved to the location. Order: bottom face (+x+z, +x−z, −x−z, −x+z), then the top face likewise.
    /// </summary>
    /// <exception cref="InvalidOperationException">A DontCare region, which has no 3D box.</exception>
    public (double X, double Y, double Z)[] Corners()
    {
        if (IsDontCare)
        {
            throw new InvalidOperationException("A DontCare region has no 3D box.");
        }

        (double sin, double cos) = Math.SinCos(RotationY);
        var corners = new (double X, double Y, double Z)[8];
        double[] xs = [Length / 2, Length / 2, -Length / 2, -Length / 2];
        double[] zs = [Width / 2, -Width / 2, -Width / 2, Width / 2];
        for (int i = 0; i < 8; i++)
        {
            double ox = xs[i % 4], oz = zs[i % 4], oy = i < 4 ? 0 : -Height;

            // R_y(ry) = [cos 0 sin; 0 1 0; −sin 0 cos], the devkit's rotation about the camera's y axis.
            corners[i] = ((cos * ox) + (sin * oz) + X, oy + Y, (-sin * ox) + (cos * oz) + Z);
        }

        return corners;
    }

    /// <summary>An angle wrapped into [−π, π].</summary>
    public static double WrapAngle(double angle)
    {
        double wrapped = Math.IEEERemainder(angle, 2 * Math.PI);
        return wrapped < -Math.PI ? wrapped + (2 * Math.PI) : wrapped > Math.PI ? wrapped - (2 * Math.PI) : wrapped;
    }
}
