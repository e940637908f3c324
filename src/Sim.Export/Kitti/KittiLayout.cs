namespace Sim.Export.Kitti;

/// <summary>
/// The folders of a KITTI dataset as the devkits name them. Object layout, one file per frame (six digits):
/// <c>image_2/NNNNNN.png</c>, <c>label_2/NNNNNN.txt</c>, <c>calib/NNNNNN.txt</c>, <c>velodyne/NNNNNN.bin</c>, and
/// Sim's <c>depth/NNNNNN.png</c> in the depth benchmark's encoding (the benchmark itself files its maps under
/// <c>proj_depth/…/image_02/</c>, a layout of the raw-data drives). Tracking layout, per sequence (four digits):
/// <c>image_02/SSSS/NNNNNN.png</c>, <c>label_02/SSSS.txt</c>, <c>calib/SSSS.txt</c>, <c>velodyne/SSSS/NNNNNN.bin</c>.
/// </summary>
public static class KittiLayout
{
    /// <summary>Left colour images, object layout.</summary>
    public const string Images = "image_2";

    /// <summary>Object label files.</summary>
    public const string Labels = "label_2";

    /// <summary>Calibration files (both layouts).</summary>
    public const string Calib = "calib";

    /// <summary>Velodyne scans (both layouts).</summary>
    public const string Velodyne = "velodyne";

    /// <summary>Depth maps (16-bit PNG, <see cref="KittiDepth"/>), Sim's folder name.</summary>
    public const string Depth = "depth";

    /// <summary>Left colour image sequences, tracking layout.</summary>
    public const string TrackingImages = "image_02";

    /// <summary>Tracking label files, one per sequence.</summary>
    public const string TrackingLabels = "label_02";
}
