namespace Sim.Export.Dataset;

/// <summary>The output formats a dataset can be written in, by the names <c>--formats</c> takes.</summary>
public static class DatasetFormats
{
    /// <summary>KITTI object layout (image_2, label_2, calib, velodyne) plus tracking labels for the sequence
    /// (label_02/0000.txt, frames numbered as in image_2).</summary>
    public const string Kitti = "kitti";

    /// <summary>COCO instances JSON (coco/instances.json) over image_2's images, with RLE masks.</summary>
    public const string Coco = "coco";

    /// <summary>PCD v0.7 binary point clouds (pcd/NNNNNN.pcd).</summary>
    public const string Pcd = "pcd";

    /// <summary>PLY binary little-endian point clouds (ply/NNNNNN.ply).</summary>
    public const string Ply = "ply";

    /// <summary>The MessagePack frame stream (frames.msgpack).</summary>
    public const string MessagePack = "msgpack";

    /// <summary>16-bit depth PNGs in the KITTI depth convention (depth/NNNNNN.png).</summary>
    public const string Depth = "depth";

    /// <summary>Every format, in the order they are listed.</summary>
    public static IReadOnlyList<string> All { get; } = [Kitti, Coco, Pcd, Ply, MessagePack, Depth];

    /// <summary>What a run writes when not told: KITTI, COCO, PCD, the frame stream and depth.</summary>
    public static IReadOnlyList<string> Default { get; } = [Kitti, Coco, Pcd, MessagePack, Depth];

    /// <summary>Parses a comma-separated list (case-insensitive, duplicates removed, put in <see cref="All"/>'s order).</summary>
    /// <exception cref="ArgumentException">An unknown name (the known ones are listed) or an empty list.</exception>
    public static IReadOnlyList<string> Parse(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        string[] names = [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.ToLowerInvariant())];
        string? unknown = names.FirstOrDefault(n => !All.Contains(n, StringComparer.Ordinal));
        if (unknown is not null || names.Length == 0)
        {
            throw new ArgumentException(unknown is null
                ? $"--formats lists no format; expected some of {string.Join(", ", All)}"
                : $"--formats: unknown format '{unknown}'; expected some of {string.Join(", ", All)}");
        }

        return [.. All.Where(names.Contains)];
    }
}
