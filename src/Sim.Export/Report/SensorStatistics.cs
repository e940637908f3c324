using Sim.Core.Random;
using Sim.Export.Coco;
using Sim.Export.Frames;
using Sim.Export.Manifest;

namespace Sim.Export.Report;

/// <summary>One labelled object in the LiDAR-points-against-distance sample.</summary>
/// <param name="Distance">Distance from the camera to the object's box centre, m.</param>
/// <param name="Points">LiDAR returns on the object.</param>
/// <param name="Class">The object's class.</param>
public readonly record struct PointsSample(double Distance, int Points, string Class);

/// <summary>
/// The numbers behind a report's sensor plots, summed over every sensor dataset added, in the order added. Labels come
/// from the frame stream (<c>frames.msgpack</c>, read without its point columns) when the dataset has one, else from
/// COCO's <c>instances.json</c> (which has no LiDAR count per object); a dataset with neither (KITTI only) contributes
/// its manifest's numbers. Memory is fixed: histograms of fixed bins, per-distance-bin sums and a bounded sample.
/// </summary>
public sealed class SensorStatistics
{
    /// <summary>Distance bins: 5 m wide from 0 to <see cref="MaxDistance"/>.</summary>
    public const int DistanceBins = 40;

    /// <summary>The upper end of the distance bins, m (farther objects count above the range).</summary>
    public const double MaxDistance = 200;

    /// <summary>The most objects kept for the points-against-distance scatter.</summary>
    public const int SampleSize = 2000;

    private readonly PriorityQueue<(PointsSample Sample, double Key), double> _sample = new(Comparer<double>.Create((a, b) => b.CompareTo(a)));
    private readonly long[] _occlusion = new long[4];
    private readonly long[] _objectsByDistance = new long[DistanceBins + 1];
    private readonly long[] _pointsByDistance = new long[DistanceBins + 1];
    private readonly long[] _emptyByDistance = new long[DistanceBins + 1];
    private readonly SortedDictionary<string, long> _manifestLabels = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _labels = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _labelSources = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, List<double>> _numericWeather = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, SortedDictionary<string, long>> _textWeather = new(StringComparer.Ordinal);

    /// <summary>Sensor datasets added.</summary>
    public int Datasets { get; private set; }

    /// <summary>Frames over every dataset (their manifests).</summary>
    public long Frames { get; private set; }

    /// <summary>LiDAR points over every dataset (their manifests).</summary>
    public long LidarPoints { get; private set; }

    /// <summary>Camera labels per class, summed from the manifests' <c>labels_per_class</c>.</summary>
    public IReadOnlyDictionary<string, long> ManifestLabelsPerClass => _manifestLabels;

    /// <summary>Labelled objects per class counted in the labels read (frame stream or COCO).</summary>
    public IReadOnlyDictionary<string, long> LabelsPerClass => _labels;

    /// <summary>How many datasets' labels came from each source: <c>frames.msgpack</c>, <c>coco</c> or <c>manifest</c>.</summary>
    public IReadOnlyDictionary<string, long> LabelSources => _labelSources;

    /// <summary>Frames by their number of labelled objects, 0 to 99 (more count above).</summary>
    public Histogram BoxesPerFrame { get; } = new(0, 100, 100);

    /// <summary>Objects by visible fraction of their pixels, ten bins of 0.1.</summary>
    public Histogram Visibility { get; } = new(0, 1, 10);

    /// <summary>Objects by KITTI occlusion level 0 (fully visible) to 3 (unknown).</summary>
    public IReadOnlyList<long> Occlusion => _occlusion;

    /// <summary>Objects by distance from the camera, <see cref="DistanceBins"/> bins to <see cref="MaxDistance"/> m.</summary>
    public Histogram Distance { get; } = new(0, MaxDistance, DistanceBins);

    /// <summary>Objects whose LiDAR count is known (read from a frame stream), per distance bin (the last: beyond the range).</summary>
    public IReadOnlyList<long> ObjectsByDistance => _objectsByDistance;

    /// <summary>LiDAR points on those objects, per distance bin.</summary>
    public IReadOnlyList<long> PointsByDistance => _pointsByDistance;

    /// <summary>Those objects with no LiDAR point on them, per distance bin.</summary>
    public IReadOnlyList<long> ObjectsWithoutPointsByDistance => _emptyByDistance;

    /// <summary>A uniform sample of at most <see cref="SampleSize"/> objects (the same objects on every rerun: each is
    /// kept by a hash of its dataset, frame and id), ordered by distance then points then class.</summary>
    public IReadOnlyList<PointsSample> Sample => [.. _sample.UnorderedItems.Select(e => e.Element.Sample)
        .OrderBy(s => s.Distance).ThenBy(s => s.Points).ThenBy(s => s.Class, StringComparer.Ordinal)];

    /// <summary>Each numeric weather parameter the variations drew (path without <c>weather.</c>), its values in the order
    /// the datasets were added.</summary>
    public IReadOnlyDictionary<string, List<double>> NumericWeather => _numericWeather;

    /// <summary>Each worded weather parameter the variations drew, its values' counts.</summary>
    public IReadOnlyDictionary<string, SortedDictionary<string, long>> TextWeather => _textWeather;

    /// <summary>Adds the dataset in <paramref name="folder"/>.</summary>
    /// <exception cref="ReportInputException">Its manifest, frame stream or COCO file does not read; the message names it.</exception>
    public void Add(string folder)
    {
        string manifestPath = Path.Combine(folder, DatasetManifest.FileName);
        DatasetManifest manifest;
        try
        {
            manifest = DatasetManifest.Read(manifestPath);
        }
        catch (InvalidDataException e)
        {
            throw new ReportInputException(e.Message, e);
        }

        int dataset = Datasets++;
        Frames += manifest.Frames;
        LidarPoints += manifest.LidarPoints;
        foreach ((string name, int count) in manifest.LabelsPerClass)
        {
            _manifestLabels[name] = _manifestLabels.GetValueOrDefault(name) + count;
        }

        foreach (SampledParameter p in manifest.Scenario.Parameters.Where(p => p.Path.StartsWith("weather.", StringComparison.Ordinal)))
        {
            string name = p.Path["weather.".Length..];
            if (p.Number is double number)
            {
                (_numericWeather.TryGetValue(name, out List<double>? values) ? values : _numericWeather[name] = []).Add(number);
            }
            else if (p.Text is string text)
            {
                SortedDictionary<string, long> counts = _textWeather.TryGetValue(name, out var c) ? c : _textWeather[name] = new(StringComparer.Ordinal);
                counts[text] = counts.GetValueOrDefault(text) + 1;
            }
        }

        string stream = Path.Combine(folder, "frames.msgpack");
        string coco = Path.Combine(folder, "coco", "instances.json");
        string source = File.Exists(stream) ? "frames.msgpack" : File.Exists(coco) ? "coco" : "manifest";
        _labelSources[source] = _labelSources.GetValueOrDefault(source) + 1;
        try
        {
            if (source == "frames.msgpack")
            {
                AddFrameStream(stream, dataset);
            }
            else if (source == "coco")
            {
                AddCoco(coco);
            }
        }
        catch (Exception e) when (e is InvalidDataException or CocoFormatException or IOException)
        {
            throw new ReportInputException(e.Message.StartsWith(folder, StringComparison.Ordinal) ? e.Message : $"{(source == "coco" ? coco : stream)}: {e.Message}", e);
        }
    }

    private void AddFrameStream(string path, int dataset)
    {
        using var reader = new FrameStreamReader(path);
        foreach (FrameRecord frame in reader.Frames(withPoints: false))
        {
            // Only objects with a visible pixel are labels (what the manifest's labels_per_class and COCO count); the
            // stream also lists the ones the camera could not see.
            BoxesPerFrame.Add(frame.Objects.Count(o => o.VisiblePixels > 0));
            foreach (ObjectRecord o in frame.Objects.Where(o => o.VisiblePixels > 0))
            {
                double distance = Math.Sqrt((o.CameraCentre[0] * o.CameraCentre[0]) + (o.CameraCentre[1] * o.CameraCentre[1]) + (o.CameraCentre[2] * o.CameraCentre[2]));
                AddObject(o.Class, o.Visibility, o.Occlusion, distance);
                int bin = DistanceBin(distance);
                _objectsByDistance[bin]++;
                _pointsByDistance[bin] += o.LidarPoints;
                _emptyByDistance[bin] += o.LidarPoints == 0 ? 1 : 0;
                Keep(new PointsSample(distance, o.LidarPoints, o.Class), KeyedHash.Uniform(((ulong)dataset << 32) | (uint)frame.Frame, o.Id));
            }
        }
    }

    private void AddCoco(string path)
    {
        CocoDataset coco = CocoReader.Read(path);
        var names = coco.Categories.ToDictionary(c => c.Id, c => c.Name);
        var perImage = coco.Images.ToDictionary(i => i.Id, _ => 0);
        foreach (CocoAnnotation a in coco.Annotations)
        {
            perImage[a.ImageId] = perImage.GetValueOrDefault(a.ImageId) + 1;
            string name = names.TryGetValue(a.CategoryId, out string? n) ? n : $"category {a.CategoryId}";
            AddObject(name, a.Sim?.Visibility ?? double.NaN, a.Sim?.Occlusion ?? 3, a.Sim?.Distance ?? double.NaN);
        }

        foreach (int count in perImage.Values)
        {
            BoxesPerFrame.Add(count);
        }
    }

    private void AddObject(string name, double visibility, int occlusion, double distance)
    {
        _labels[name] = _labels.GetValueOrDefault(name) + 1;
        if (!double.IsNaN(visibility))
        {
            Visibility.Add(Math.Min(visibility, Math.BitDecrement(1.0)));
        }

        _occlusion[Math.Clamp(occlusion, 0, 3)]++;
        if (!double.IsNaN(distance))
        {
            Distance.Add(distance);
        }
    }

    private static int DistanceBin(double distance) => distance >= MaxDistance ? DistanceBins : Math.Max(0, (int)(distance / (MaxDistance / DistanceBins)));

    /// <summary>Bottom-k sampling: keeps the <see cref="SampleSize"/> objects of smallest key, so the sample is uniform
    /// and the same whatever order the objects come in.</summary>
    private void Keep(PointsSample sample, double key)
    {
        if (_sample.Count < SampleSize)
        {
            _sample.Enqueue((sample, key), key);
        }
        else if (_sample.TryPeek(out _, out double largest) && key < largest)
        {
            _sample.DequeueEnqueue((sample, key), key);
        }
    }
}
