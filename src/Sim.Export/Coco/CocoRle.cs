namespace Sim.Export.Coco;

/// <summary>
/// COCO's run-length encoding of binary masks, as pycocotools (Dollár and Lin, <c>common/maskApi.c</c>) defines it, so
/// that its <c>mask.decode</c>, <c>area</c> and <c>toBbox</c> read what this writes:
/// <list type="bullet">
/// <item>Pixels are visited in column-major (Fortran) order — down the first column, then the next — and the counts
/// alternate runs of 0 and 1 starting with a run of 0 (which is 0 long when the first pixel is set); the last run ends
/// at the last pixel, so the counts always sum to width × height.</item>
/// <item>The compressed string form stores each count, from the fourth on, as its difference from the count two
/// before it (so equal-length runs in successive columns cost one character), split into 5-bit groups, least
/// significant first, each written as a character <c>'0'</c> + (group | 0x20 when more groups follow); the last
/// group's 0x10 bit is the sign.</item>
/// </list>
/// Masks in this API are row-major (<c>mask[v × width + u]</c>, pixel (u, v) from the top-left), as Sim's images are.
/// </summary>
public static class CocoRle
{
    /// <summary>The counts of a row-major mask of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    /// <exception cref="ArgumentException">The mask is not width × height long.</exception>
    public static uint[] Encode(ReadOnlySpan<bool> mask, int width, int height)
    {
        CheckSize(mask.Length, width, height);
        var runs = new RunBuilder((long)width * height);
        for (int u = 0; u < width; u++)
        {
            for (int v = 0; v < height; v++)
            {
                runs.Visit(((long)u * height) + v, mask[(v * width) + u]);
            }
        }

        return runs.Finish();
    }

    /// <summary>The counts of the mask of pixels equal to <paramref name="value"/> in a row-major image of ids, looking
    /// only inside the region [<paramref name="left"/>, <paramref name="right"/>) × [<paramref name="top"/>,
    /// <paramref name="bottom"/>): pixels outside it count as 0. With the region the object's box, the cost is the box's
    /// area, not the image's.</summary>
    /// <exception cref="ArgumentException">The image is not width × height long, or the region leaves it.</exception>
    public static uint[] Encode(ReadOnlySpan<uint> image, int width, int height, uint value, int left, int top, int right, int bottom)
    {
        CheckSize(image.Length, width, height);
        if (left < 0 || top < 0 || right > width || bottom > height || left > right || top > bottom)
        {
            throw new ArgumentException($"Region [{left}, {right}) × [{top}, {bottom}) is not inside the {width} × {height} image.");
        }

        var runs = new RunBuilder((long)width * height);
        for (int u = left; u < right; u++)
        {
            for (int v = top; v < bottom; v++)
            {
                runs.Visit(((long)u * height) + v, image[(v * width) + u] == value);
            }
        }

        return runs.Finish();
    }

    /// <summary>The compressed string form of <paramref name="counts"/> (pycocotools' <c>rleToString</c>).</summary>
    public static string ToCountsString(ReadOnlySpan<uint> counts)
    {
        var text = new System.Text.StringBuilder(counts.Length * 2);
        for (int i = 0; i < counts.Length; i++)
        {
            long x = counts[i];
            if (i > 2)
            {
                x -= counts[i - 2];
            }

            bool more = true;
            while (more)
            {
                int c = (int)(x & 0x1f);
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more)
                {
                    c |= 0x20;
                }

                text.Append((char)(c + 48));
            }
        }

        return text.ToString();
    }

    /// <summary>The counts a compressed string stands for (pycocotools' <c>rleFrString</c>, checked).</summary>
    /// <exception cref="FormatException">A character is outside '0'–'o', the string ends inside a number, or a count
    /// leaves 0–2³²−1; the message gives the character position.</exception>
    public static uint[] FromCountsString(string counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var result = new List<uint>(counts.Length);
        int p = 0;
        while (p < counts.Length)
        {
            int start = p;
            long x = 0;
            int k = 0;
            bool more = true;
            while (more)
            {
                if (p == counts.Length)
                {
                    throw new FormatException($"The RLE counts string ends inside the number that starts at character {start}.");
                }

                int c = counts[p] - 48;
                if ((uint)c > 63)
                {
                    throw new FormatException($"Character '{counts[p]}' at position {p} of the RLE counts string is outside '0'–'o'.");
                }

                if (k == 7)
                {
                    throw new FormatException($"The number that starts at character {start} of the RLE counts string is longer than 7 characters.");
                }

                x |= (long)(c & 0x1f) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0)
                {
                    x |= -1L << (5 * k);
                }
            }

            if (result.Count > 2)
            {
                x += result[^2];
            }

            if (x is < 0 or > uint.MaxValue)
            {
                throw new FormatException($"Count {result.Count} (at character {start}) of the RLE counts string is {x}, outside 0–{uint.MaxValue}.");
            }

            result.Add((uint)x);
        }

        return [.. result];
    }

    /// <summary>The row-major mask that <paramref name="counts"/> encode.</summary>
    /// <exception cref="ArgumentException">The counts do not sum to width × height.</exception>
    public static bool[] Decode(ReadOnlySpan<uint> counts, int width, int height)
    {
        long total = Total(counts);
        if (width < 0 || height < 0 || total != (long)width * height)
        {
            throw new ArgumentException($"The RLE counts sum to {total} pixels, not {width} × {height}.", nameof(counts));
        }

        var mask = new bool[width * height];
        long k = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            if ((i & 1) == 1)
            {
                for (long j = k; j < k + counts[i]; j++)
                {
                    int u = (int)(j / height), v = (int)(j % height);
                    mask[(v * width) + u] = true;
                }
            }

            k += counts[i];
        }

        return mask;
    }

    /// <summary>The number of pixels set (pycocotools' <c>area</c>): the sum of the runs of 1.</summary>
    public static long Area(ReadOnlySpan<uint> counts)
    {
        long area = 0;
        for (int i = 1; i < counts.Length; i += 2)
        {
            area += counts[i];
        }

        return area;
    }

    /// <summary>The number of pixels the counts cover (width × height for a valid mask).</summary>
    public static long Total(ReadOnlySpan<uint> counts)
    {
        long total = 0;
        foreach (uint c in counts)
        {
            total += c;
        }

        return total;
    }

    /// <summary>The box around the set pixels, [x, y, width, height] in whole pixels, as pycocotools' <c>toBbox</c>
    /// computes it (all zero for an empty mask).</summary>
    public static CocoBox Bbox(ReadOnlySpan<uint> counts, int width, int height)
    {
        int m = counts.Length / 2 * 2;
        if (m == 0 || height <= 0)
        {
            return default;
        }

        long xs = width, ys = height, xe = 0, ye = 0, cc = 0, xp = 0;
        for (int j = 0; j < m; j++)
        {
            cc += counts[j];
            long t = cc - (j % 2);
            long y = t % height, x = (t - y) / height;
            if (j % 2 == 0)
            {
                xp = x;
            }
            else if (xp < x)
            {
                // The run wraps from one column into the next, so it covers the full height.
                ys = 0;
                ye = height - 1;
            }

            (xs, xe, ys, ye) = (Math.Min(xs, x), Math.Max(xe, x), Math.Min(ys, y), Math.Max(ye, y));
        }

        return new CocoBox(xs, ys, xe - xs + 1, ye - ys + 1);
    }

    private static void CheckSize(int length, int width, int height)
    {
        if (width < 0 || height < 0 || (long)width * height != length)
        {
            throw new ArgumentException($"A {width} × {height} mask has {(long)width * height} pixels, not {length}.");
        }
    }

    /// <summary>Builds counts from set pixels visited in increasing column-major order; unvisited pixels are 0.</summary>
    private struct RunBuilder(long total)
    {
        private readonly List<uint> _counts = [];
        private long _runStart;
        private long _next;
        private bool _on;

        public void Visit(long index, bool set)
        {
            if (_on && index != _next)
            {
                // Pixels were skipped while in a run of 1: they are 0, so the run ended where the skip began.
                Close(_next);
            }

            if (set != _on)
            {
                Close(index);
            }

            _next = index + 1;
        }

        public uint[] Finish()
        {
            if (_on)
            {
                Close(_next);
            }

            // pycocotools always ends with the run that reaches the last pixel, and an empty image has the one count 0.
            if (_runStart < total || _counts.Count == 0)
            {
                _counts.Add((uint)(total - _runStart));
            }

            return [.. _counts];
        }

        private void Close(long at)
        {
            _counts.Add((uint)(at - _runStart));
            _runStart = at;
            _on = !_on;
        }
    }
}
