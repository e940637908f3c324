namespace Sim.Export.Coco;

/// <summary>A COCO instances file: the dataset's info, its images, their object annotations and the categories.</summary>
/// <param name="Info">The <c>info</c> block (null when the file has none).</param>
/// <param name="Images">Every image, in file order.</param>
/// <param name="Annotations">Every annotation, in file order.</param>
/// <param name="Categories">Every category, in file order.</param>
public sealed record CocoDataset(CocoInfo? Info, IReadOnlyList<CocoImage> Images, IReadOnlyList<CocoAnnotation> Annotations, IReadOnlyList<CocoCategory> Categories);

/// <summary>
/// The <c>info</c> block of a COCO file. Sim takes it from the caller rather than the clock, so that a rerun or a
/// resumed run writes the same bytes.
/// </summary>
/// <param name="Description">What the dataset is (e.g. the scenario's name and variation).</param>
/// <param name="Version">The dataset's version.</param>
/// <param name="Year">The year it belongs to.</param>
/// <param name="Contributor">Who made it.</param>
/// <param name="Url">Where it lives (may be empty).</param>
/// <param name="DateCreated">When it was made, as text (ISO 8601 recommended; may be empty).</param>
public sealed record CocoInfo(string Description, string Version, int Year, string Contributor, string Url, string DateCreated);

/// <summary>An entry of the <c>images</c> array.</summary>
/// <param name="Id">Image id; Sim's is the frame index + 1.</param>
/// <param name="FileName">The image file, relative to the dataset's image folder.</param>
/// <param name="Width">Width, px.</param>
/// <param name="Height">Height, px.</param>
/// <param name="Sim">Sim's extra key <c>sim</c> (null in files from elsewhere).</param>
public sealed record CocoImage(long Id, string FileName, int Width, int Height, CocoImageSim? Sim);

/// <summary>Sim's extras for an image (the key <c>sim</c>, which COCO readers ignore).</summary>
/// <param name="Frame">Frame index within the dataset, from 0.</param>
/// <param name="Time">Simulation time of the frame, s.</param>
public sealed record CocoImageSim(int Frame, double Time);

/// <summary>An entry of the <c>annotations</c> array: one object in one image.</summary>
/// <param name="Id">Annotation id, from 1 (0 in a frame fragment: ids are given at assembly).</param>
/// <param name="ImageId">The image's id.</param>
/// <param name="CategoryId">The category's id (<see cref="CocoCategories"/>).</param>
/// <param name="Segmentation">The object's visible pixels as compressed RLE.</param>
/// <param name="Area">Pixels in the segmentation.</param>
/// <param name="Bbox">The box around the segmentation, [x, y, width, height] px from the top-left corner.</param>
/// <param name="IsCrowd">Whether the annotation covers a crowd (<c>iscrowd</c> 1); Sim's never do.</param>
/// <param name="Sim">Sim's extra key <c>sim</c> (null in files from elsewhere).</param>
public sealed record CocoAnnotation(long Id, long ImageId, int CategoryId, CocoRleMask Segmentation, double Area, CocoBox Bbox, bool IsCrowd, CocoObjectSim? Sim);

/// <summary>A segmentation as compressed RLE: <c>{"size": [height, width], "counts": "…"}</c> (<see cref="CocoRle"/>).</summary>
/// <param name="Height">Image height, px (first in <c>size</c>).</param>
/// <param name="Width">Image width, px.</param>
/// <param name="Counts">The compressed counts string.</param>
public sealed record CocoRleMask(int Height, int Width, string Counts);

/// <summary>A COCO box: [x, y, width, height] in pixels, x and y of the top-left corner, continuous coordinates (pixel
/// (u, v) spans [u, u + 1) × [v, v + 1)).</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width.</param>
/// <param name="Height">Height.</param>
public readonly record struct CocoBox(double X, double Y, double Width, double Height);

/// <summary>
/// Sim's extras for an object (the key <c>sim</c>, which COCO readers ignore): what the camera saw of it and its true
/// 3D box.
/// </summary>
/// <param name="TrackId">Stable id, the same in every frame and in the LiDAR's instance field.</param>
/// <param name="Visibility">Visible over unoccluded pixels, 0–1.</param>
/// <param name="Occlusion">KITTI occlusion level: 0 fully visible, 1 partly, 2 largely, 3 not visible.</param>
/// <param name="Truncation">Fraction of the projected 3D box outside the image, 0–1.</param>
/// <param name="Amodal">The projection of the whole 3D box clipped to the image, [x, y, w, h] px (null when none).</param>
/// <param name="Distance">Distance from the camera to the box centre, m.</param>
/// <param name="Camera">The 3D box in the camera's optical frame (x right, y down, z forward), its yaw KITTI's
/// rotation_y.</param>
/// <param name="World">The 3D box in the world frame (x east, y north, z up), its yaw CCW from east.</param>
public sealed record CocoObjectSim(ulong TrackId, double Visibility, int Occlusion, double Truncation, CocoBox? Amodal, double Distance, CocoBox3 Camera, CocoBox3 World);

/// <summary>A 3D box: centre (m), size (m: length along the heading, width across it, height) and heading (rad).</summary>
/// <param name="X">Centre x.</param>
/// <param name="Y">Centre y.</param>
/// <param name="Z">Centre z.</param>
/// <param name="Length">Length.</param>
/// <param name="Width">Width.</param>
/// <param name="Height">Height.</param>
/// <param name="Yaw">Heading.</param>
public readonly record struct CocoBox3(double X, double Y, double Z, double Length, double Width, double Height, double Yaw);

/// <summary>One frame's part of a COCO dataset, as a fragment file holds it until assembly.</summary>
/// <param name="Image">The frame's image entry.</param>
/// <param name="Annotations">Its objects, in label order, with <see cref="CocoAnnotation.Id"/> 0.</param>
public sealed record CocoFrame(CocoImage Image, IReadOnlyList<CocoAnnotation> Annotations);

/// <summary>What an assembly wrote.</summary>
/// <param name="Path">The instances file.</param>
/// <param name="Images">Images (frames) in it.</param>
/// <param name="Annotations">Annotations in it.</param>
public sealed record CocoAssembly(string Path, int Images, long Annotations);
