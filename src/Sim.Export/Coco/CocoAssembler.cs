using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sim.Export.Files;

namespace Sim.Export.Coco;

/// <summary>
/// Joins a dataset's frame fragments (<see cref="CocoFragment"/>) into one COCO instances file:
/// <c>{"info", "licenses": [], "images", "annotations", "categories"}</c>, images in frame order with id = frame index
/// + 1, annotations in frame order then label order with ids 1, 2, 3 … given here, and Sim's fixed category table
/// (<see cref="CocoCategories"/>). The output is a function of the fragments alone, so a run resumed after a kill
/// assembles the same bytes as one that never stopped.
/// </summary>
/// <remarks>
/// Memory stays bounded by one fragment whatever the dataset's size: the fragments are streamed twice (once for the
/// images, once for the annotations) through a <see cref="Utf8JsonWriter"/> that is flushed after each, into a
/// temporary file renamed into place at the end (<see cref="AtomicFile"/>).
/// </remarks>
public static partial class CocoAssembler
{
    /// <summary>Writes the instances file <paramref name="outputPath"/> from every fragment in
    /// <paramref name="fragmentDirectory"/> (files named <c>frame-N.json</c>; temporary files and others are
    /// ignored).</summary>
    /// <exception cref="CocoFormatException">A fragment is malformed, or its frame index is not the one in its name;
    /// the message names the file and the JSON path. Nothing is written then.</exception>
    /// <exception cref="DirectoryNotFoundException">The fragment folder does not exist.</exception>
    public static CocoAssembly Assemble(string fragmentDirectory, string outputPath, CocoInfo info)
    {
        ArgumentException.ThrowIfNullOrEmpty(fragmentDirectory);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        ArgumentNullException.ThrowIfNull(info);
        if (!Directory.Exists(fragmentDirectory))
        {
            throw new DirectoryNotFoundException($"No COCO fragment folder {fragmentDirectory}.");
        }

        (int Frame, string Path)[] fragments = Fragments(fragmentDirectory);
        long annotations = 0;

        // One pass over the fragments, each read (and checked) once: the image entries go straight to the output, the
        // annotations to a work file beside it, appended after the images array.
        string annotationsPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outputPath))!, $".{Path.GetFileName(outputPath)}.{Environment.ProcessId}.annotations{AtomicFile.TempSuffix}");
        try
        {
            AtomicFile.Write(outputPath, stream =>
            {
                using var side = new FileStream(annotationsPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
                using var w = new Utf8JsonWriter(stream, CocoJson.WriterOptions);
                using (var a = new Utf8JsonWriter(side, CocoJson.WriterOptions))
                {
                    w.WriteStartObject();
                    w.WritePropertyName("info");
                    CocoJson.WriteInfo(w, info);
                    w.WriteStartArray("licenses");
                    w.WriteEndArray();
                    w.WriteStartArray("images");
                    a.WriteStartArray();
                    foreach ((int frame, string path) in fragments)
                    {
                        CocoFrame fragment = Read(path, frame);
                        CocoJson.WriteImage(w, fragment.Image);
                        foreach (CocoAnnotation annotation in fragment.Annotations)
                        {
                            CocoJson.WriteAnnotation(a, annotation with { Id = ++annotations }, withIds: true);
                        }

                        w.Flush();
                        a.Flush();
                    }

                    w.WriteEndArray();
                    a.WriteEndArray();
                }

                // The side file holds a complete JSON array: its bytes are the value of "annotations" as they are. The
                // writer, flushed, carries on after them as after the images array.
                w.Flush();
                stream.Write(",\"annotations\":"u8);
                side.Position = 0;
                side.CopyTo(stream);
                w.WriteStartArray("categories");
                foreach (CocoCategory category in CocoCategories.All)
                {
                    CocoJson.WriteCategory(w, category);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }
        finally
        {
            File.Delete(annotationsPath);
        }

        return new CocoAssembly(outputPath, fragments.Length, annotations);
    }

    private static CocoFrame Read(string path, int frame)
    {
        CocoFrame fragment = CocoFragment.Read(path);
        int inside = fragment.Image.Sim!.Frame;
        return inside == frame
            ? fragment
            : throw new CocoFormatException(path, "$.image.sim.frame", $"the fragment of frame {frame} (by its name) says it is frame {inside}.");
    }

    private static (int Frame, string Path)[] Fragments(string directory)
    {
        var found = new SortedDictionary<int, string>();
        foreach (string path in Directory.EnumerateFiles(directory))
        {
            Match match = FragmentName().Match(Path.GetFileName(path));
            if (!match.Success)
            {
                continue;
            }

            if (!int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int frame))
            {
                throw new CocoFormatException(path, "$", "the frame index in the file name is too large.");
            }

            if (!found.TryAdd(frame, path))
            {
                throw new CocoFormatException(path, "$", $"a second fragment of frame {frame}, beside {found[frame]}.");
            }
        }

        return [.. found.Select(f => (f.Key, f.Value))];
    }

    [GeneratedRegex(@"^frame-([0-9]+)\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex FragmentName();
}
