using Sim.Scenarios.Yaml;
using Sim.Sensors.Camera;
using Sim.Sensors.Rig;

namespace Sim.Scenarios.Model;

/// <summary><c>sensors.camera</c>: image size, intrinsics, clip range and mount.</summary>
public static partial class SensorsSection
{
    /// <summary>The most pixels an image may have (2^25: 8,192 × 4,096, or 5,792 × 5,792).</summary>
    public const int MaxPixels = 33_554_432;

    /// <summary>The narrowest field of view across or down the image, degrees.</summary>
    public const double MinFieldOfView = 1;

    /// <summary>The widest field of view across or down the image, degrees (a pinhole cannot reach 180°).</summary>
    public const double MaxFieldOfView = 179;

    /// <summary>The keys of <c>sensors.camera</c>.</summary>
    public static readonly IReadOnlyList<string> CameraKeys = ["width", "height", "fov", "fx", "fy", "cx", "cy", "near", "far", "mount"];

    /// <summary>Smallest and largest focal length a file may write, px (the field-of-view rule bounds it further).</summary>
    private const double MinFocal = 0.001, MaxFocal = 1_000_000;

    /// <summary>
    /// Reads <c>sensors.camera</c>: <c>width</c>, <c>height</c> (px, fixed; each 1–<see cref="PinholeCamera.MaxSide"/>,
    /// at most <see cref="MaxPixels"/> in all); the intrinsics as <c>fov</c> (horizontal, degrees; square pixels,
    /// principal point at the centre) or as <c>fx</c>, <c>fy</c> (default fx), <c>cx</c>, <c>cy</c> (px, default the
    /// image centre), not both — by default KITTI's focal length scaled to the width; <c>near</c>, <c>far</c> (m); and
    /// <c>mount</c>. The field of view across and down must each be 1–179°. The camera's pose fields stay 0: the mount
    /// places it.
    /// </summary>
    private static (PinholeCamera Intrinsics, RigidTransform Mount)? ReadCamera(YamlMapping sensors, SectionReader reader)
    {
        SensorRig kitti = SensorRig.KittiLike;
        YamlMapping? camera = reader.Mapping(sensors, "camera", required: false);
        if (camera is null)
        {
            return sensors["camera"] is null ? (kitti.Camera, kitti.CameraMount) : null;
        }

        int errors = reader.Diagnostics.Count;
        reader.CheckKeys(camera, [.. CameraKeys]);
        PinholeCamera k = kitti.Camera;
        int? width = OrDefault(camera, "width", reader.Whole(camera, "width", 1, PinholeCamera.MaxSide, required: false, "px"), k.Width);
        int? height = OrDefault(camera, "height", reader.Whole(camera, "height", 1, PinholeCamera.MaxSide, required: false, "px"), k.Height);
        if (width is { } w0 && height is { } h0 && (long)w0 * h0 > MaxPixels)
        {
            reader.Error(FirstWritten(camera, "height", "width"), FormattableString.Invariant(
                $"{w0:N0} × {h0:N0} px is {(long)w0 * h0:N0} pixels; an image may have at most {MaxPixels:N0} (e.g. 8,192 × 4,096)"));
        }

        string[] explicitIntrinsics = [.. new[] { "fx", "fy", "cx", "cy" }.Where(key => camera[key] is not null)];
        bool conflict = camera["fov"] is not null && explicitIntrinsics.Length > 0;
        if (conflict)
        {
            reader.Error(camera["fov"]!, $"give either fov or fx, fy, cx, cy, not both (this camera also has {string.Join(", ", explicitIntrinsics)})");
        }

        if (camera["fy"] is { } fyAlone && camera["fx"] is null)
        {
            conflict = true;
            reader.Error(fyAlone, "fy goes with fx (it defaults to fx); give fx too");
        }

        double? fov = reader.Number(camera, "fov", MinFieldOfView, MaxFieldOfView, "°", false, true);
        double? fx = reader.Number(camera, "fx", MinFocal, MaxFocal, "px", false, true);
        double? fy = reader.Number(camera, "fy", MinFocal, MaxFocal, "px", false, true);
        double? cx = reader.Number(camera, "cx", 0, width ?? PinholeCamera.MaxSide, "px", false, true);
        double? cy = reader.Number(camera, "cy", 0, height ?? PinholeCamera.MaxSide, "px", false, true);
        double? near = OrDefault(camera, "near", reader.Number(camera, "near", 0.01, 100, "m", false, true), k.Near);
        double? far = OrDefault(camera, "far", reader.Number(camera, "far", 1, 100_000, "m", false, true), k.Far);
        if (near is { } n && far is { } f)
        {
            Ordered(camera, reader, "near", n, "far", f, "m");
        }

        RigidTransform? mount = ReadMount(camera, reader, kitti.CameraMount, pitches: true, "camera");
        bool intrinsicsRead = !conflict && width is not null && height is not null
            && (fov is not null || camera["fov"] is null) && (fx is not null || camera["fx"] is null) && (fy is not null || camera["fy"] is null)
            && (cx is not null || camera["cx"] is null) && (cy is not null || camera["cy"] is null);
        if (!intrinsicsRead)
        {
            return null;
        }

        int w = width!.Value, h = height!.Value;
        PinholeCamera intrinsics;
        if (fov is { } degrees)
        {
            intrinsics = PinholeCamera.WithFov(w, h, degrees, 0, 0, 0, 0) with { Near = near ?? k.Near, Far = far ?? k.Far };
        }
        else
        {
            double focal = fx ?? (k.Fx * (w / (double)k.Width)); // KITTI's field of view at any width
            intrinsics = new PinholeCamera(focal, fy ?? focal, cx ?? (w / 2.0), cy ?? (h / 2.0), w, h, 0, 0, 0, 0, 0, near ?? k.Near, far ?? k.Far);
        }

        CheckFieldOfView(camera, reader, intrinsics);
        return reader.Diagnostics.Count > errors || mount is null ? null : (intrinsics, mount);
    }

    /// <summary>Reports an image that spans less than <see cref="MinFieldOfView"/> or more than
    /// <see cref="MaxFieldOfView"/> across or down, at the key that sets it.</summary>
    private static void CheckFieldOfView(YamlMapping camera, SectionReader reader, PinholeCamera c)
    {
        double across = Span(c.Cx, c.Width, c.Fx), down = Span(c.Cy, c.Height, c.Fy);
        const string Rule = "a camera's field of view must be 1–179° across and down";
        if (!(across >= MinFieldOfView - 1e-9 && across <= MaxFieldOfView + 1e-9))
        {
            reader.Error(FirstWritten(camera, "fx", "fov", "cx", "width"), FormattableString.Invariant(
                $"the image spans {across:0.###}° across ({c.Width:N0} px at fx {MessageText.Number(c.Fx)} px); {Rule}"));
        }

        if (!(down >= MinFieldOfView - 1e-9 && down <= MaxFieldOfView + 1e-9))
        {
            reader.Error(FirstWritten(camera, "fy", "fx", "fov", "cy", "height"), FormattableString.Invariant(
                $"the image spans {down:0.###}° down ({c.Height:N0} px at fy {MessageText.Number(c.Fy)} px); {Rule}"));
        }
    }

    /// <summary>The angle, degrees, that <paramref name="size"/> pixels span at focal length <paramref name="focal"/>
    /// with the principal point at <paramref name="principal"/>.</summary>
    private static double Span(double principal, int size, double focal) =>
        (Math.Atan(principal / focal) + Math.Atan((size - principal) / focal)) * 180 / Math.PI;
}
