using Sim.Sensors.Camera;
using Sim.Sensors.Labels;

namespace Sim.Export.Kitti;

/// <summary>
/// One line of a KITTI tracking label file (<c>label_02/SSSS.txt</c>, one per sequence): the frame, the track id and
/// an object as in <see cref="KittiObject"/>, except that truncation is a level, as the tracking devkit defines it,
/// rather than a share: 0 not truncated, 1 truncated, 2 mostly outside the image (−1 for DontCare).
/// </summary>
/// <param name="Frame">0-based frame index within the sequence.</param>
/// <param name="TrackId">The object's id, the same in every frame it appears in; −1 for DontCare regions.</param>
/// <param name="TruncationLevel">0, 1 or 2 (see above); −1 for DontCare.</param>
/// <param name="Object">The rest of the line; its <see cref="KittiObject.Truncated"/> share is not written (read back, it is
/// −1, "not given").</param>
public sealed record KittiTrackingObject(int Frame, int TrackId, int TruncationLevel, KittiObject Object)
{
    /// <summary>The share of an object outside the image from which it is level 2, "mostly outside".</summary>
    public const double MostlyTruncated = 0.5;

    /// <summary>
    /// The tracking level of a truncation share: 0 when the share prints as 0.00 in an object label (under 0.005),
    /// 2 from <see cref="MostlyTruncated"/> on, else 1. The KITTI raw data's tracklets name the levels in-image,
    /// truncated and out-of-image; an object Sim labels is always partly in the image, so 2 is given to those mostly
    /// out of it. (KITTI's tracking benchmark evaluates level 0 only.)
    /// </summary>
    public static int LevelOf(double truncation) => truncation < 0.005 ? 0 : truncation < MostlyTruncated ? 1 : 2;

    /// <summary>The line of one object in frame <paramref name="frame"/>: DontCare regions get track id −1 and levels −1,
    /// the rest their <see cref="KittiObject.Truncated"/> share as a level.</summary>
    public static KittiTrackingObject From(int frame, int trackId, KittiObject o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return o.IsDontCare ? new KittiTrackingObject(frame, -1, -1, o) : new KittiTrackingObject(frame, trackId, LevelOf(o.Truncated), o);
    }

    /// <summary>
    /// The lines of frame <paramref name="frame"/> from its labels, as <see cref="KittiObject.FromLabels"/> chooses and
    /// orders them, each labelled object with the track id <paramref name="trackId"/> gives its stable
    /// <see cref="ObjectLabel.Id"/> (by default the stable id itself, which must then fit a 32-bit integer); DontCare
    /// regions get −1.
    /// </summary>
    /// <exception cref="ArgumentException">With the default mapping, an id larger than a KITTI track id holds.</exception>
    public static IReadOnlyList<KittiTrackingObject> FromLabels(int frame, IEnumerable<ObjectLabel> labels, PinholeCamera camera, Func<ulong, int>? trackId = null)
    {
        trackId ??= id => id <= int.MaxValue ? (int)id : throw new ArgumentException($"Object id {id} does not fit a KITTI track id (at most {int.MaxValue}).", nameof(labels));
        return [.. KittiObject.InFileOrder(labels, camera).Select(x => From(frame, x.Object.IsDontCare ? -1 : trackId(x.Label.Id), x.Object))];
    }
}
