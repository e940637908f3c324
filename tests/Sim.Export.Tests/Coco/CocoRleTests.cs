using CsCheck;
using Sim.Export.Coco;

namespace Sim.Export.Tests.Coco;

public class CocoRleTests
{
    /// <summary>A random mask: width, height and row-major pixels, from empty to full.</summary>
    private static readonly Gen<(int Width, int Height, bool[] Mask)> Masks =
        from width in Gen.Int[1, 14]
        from height in Gen.Int[1, 14]
        from density in Gen.Int[0, 100]
        from noise in Gen.Int[0, 99].Array[width * height]
        select (width, height, noise.Select(n => n < density).ToArray());

    [Theory]
    // 2 × 2, rows [0 1] [1 1]: column-major 0,1,1,1 → one 0, three 1.
    [InlineData(2, 2, "0111", new uint[] { 1, 3 }, "13")]
    // 4 wide × 3 high, rows [0 1 1 0] [0 1 0 0] [0 0 0 1]: columns 000 110 100 001. From the fourth count on, each is
    // stored as its difference from the count two before: 1−2 = −1 → 'O' (31 + 48), 4−1 = 3 → '3', 1−1 = 0 → '0'.
    [InlineData(4, 3, "011001000001", new uint[] { 3, 2, 1, 1, 4, 1 }, "321O30")]
    // A mask whose first pixel is set starts with a run of 0 zeros.
    [InlineData(2, 1, "10", new uint[] { 0, 1, 1 }, "011")]
    // Full: no run of 1 ends before the last pixel, so there is no trailing 0.
    [InlineData(3, 1, "111", new uint[] { 0, 3 }, "03")]
    public void Small_masks_encode_to_the_counts_and_string_worked_out_by_hand_with_pycocotools_rules(int width, int height, string rowMajor, uint[] counts, string text)
    {
        bool[] mask = [.. rowMajor.Select(c => c == '1')];
        Assert.Equal(counts, CocoRle.Encode(mask, width, height));
        Assert.Equal(text, CocoRle.ToCountsString(counts));
        Assert.Equal(counts, CocoRle.FromCountsString(text));
        Assert.Equal(mask, CocoRle.Decode(counts, width, height));
    }

    [Theory]
    // 100 = 3·32 + 4: low group 4 with the "more" bit (4 | 0x20 = 36 → 'T'), then 3 → '3'.
    [InlineData(new uint[] { 100 }, "T3")]
    // 16 has the sign bit (0x10) of a 5-bit group set, so a 0 group must follow to say it is positive.
    [InlineData(new uint[] { 16 }, "`0")]
    // The third count (index 2) is not yet a difference; the fourth and fifth are: 1−2 = −1 → 'O', 10−3 = 7 → '7'.
    [InlineData(new uint[] { 5, 2, 3, 1, 10 }, "523O7")]
    // An empty (0 × 0) image has the one count 0.
    [InlineData(new uint[] { 0 }, "0")]
    public void Counts_compress_to_the_strings_pycocotools_writes(uint[] counts, string text)
    {
        Assert.Equal(text, CocoRle.ToCountsString(counts));
        Assert.Equal(counts, CocoRle.FromCountsString(text));
    }

    [Fact]
    public void An_empty_image_encodes_as_the_single_count_zero()
    {
        Assert.Equal([0u], CocoRle.Encode(ReadOnlySpan<bool>.Empty, 0, 0));
        Assert.Equal([0u], CocoRle.Encode(ReadOnlySpan<uint>.Empty, 0, 0, 1, 0, 0, 0, 0));
    }

    [Fact]
    public void A_mask_written_by_pycocotools_decodes_to_its_published_area_and_box_and_encodes_back_to_the_same_string()
    {
        // An annotation exported by a labelling tool through pycocotools, as published in its documentation
        // (docs.cloudfactory.com, "COCO Dataset format"): size [2211, 2097], area 6718, bbox [504, 842, 117, 75].
        const string counts = "WRQR14oT20K?D5M0O7I6K3M005K3M004L0N4N001O02N001N2O0001O2N00001O02N0000N3O0000002N00001O000O1O1000000000001O00000N20000000O01000000000000N2000O10O1000N20O10000N200000O01000000N11000000000000N20000000000O3N00001O2N001O0N3O002M2O002M3L7J101H>A_SbS3";
        const int height = 2211, width = 2097;

        uint[] runs = CocoRle.FromCountsString(counts);
        Assert.Equal((long)width * height, CocoRle.Total(runs));
        Assert.Equal(6718, CocoRle.Area(runs));
        Assert.Equal(new CocoBox(504, 842, 117, 75), CocoRle.Bbox(runs, width, height));

        bool[] mask = CocoRle.Decode(runs, width, height);
        Assert.Equal(6718, mask.Count(m => m));
        (double x, double y, double w, double h) = CocoTestScenes.Extent(mask, width);
        Assert.Equal((504.0, 842.0, 117.0, 75.0), (x, y, w, h));
        uint[] again = CocoRle.Encode(mask, width, height);
        Assert.Equal(runs, again);
        Assert.Equal(counts, CocoRle.ToCountsString(again));
    }

    [Fact]
    public void Any_mask_round_trips_through_counts_and_string_with_area_the_pixel_count_and_box_its_extent()
    {
        Masks.Sample(m =>
        {
            uint[] counts = CocoRle.Encode(m.Mask, m.Width, m.Height);
            Assert.Equal((long)m.Width * m.Height, CocoRle.Total(counts));
            Assert.All(counts.Skip(1), c => Assert.True(c > 0, "only the first run may be empty"));

            uint[] decoded = CocoRle.FromCountsString(CocoRle.ToCountsString(counts));
            Assert.Equal(counts, decoded);
            Assert.Equal(m.Mask, CocoRle.Decode(decoded, m.Width, m.Height));
            Assert.Equal(m.Mask.Count(b => b), CocoRle.Area(decoded));
            (double x, double y, double w, double h) = CocoTestScenes.Extent(m.Mask, m.Width);
            Assert.Equal(new CocoBox(x, y, w, h), CocoRle.Bbox(decoded, m.Width, m.Height));
        }, iter: 2_000);
    }

    [Fact]
    public void Encoding_one_id_of_an_instance_image_inside_any_region_that_holds_it_equals_encoding_its_whole_mask()
    {
        Gen<(int Width, int Height, uint[] Image, uint Value, int[] Margins)> images =
            from width in Gen.Int[1, 12]
            from height in Gen.Int[1, 12]
            from image in Gen.UInt[0, 3].Array[width * height]
            from value in Gen.UInt[1, 3]
            from margins in Gen.Int[0, 12].Array[4]
            select (width, height, image, value, margins);

        images.Sample(c =>
        {
            bool[] mask = [.. c.Image.Select(id => id == c.Value)];
            (double x, double y, double w, double h) = CocoTestScenes.Extent(mask, c.Width);
            int left = Math.Max(0, (int)x - c.Margins[0]), top = Math.Max(0, (int)y - c.Margins[1]);
            int right = Math.Min(c.Width, (int)(x + w) + c.Margins[2]), bottom = Math.Min(c.Height, (int)(y + h) + c.Margins[3]);
            if (w == 0)
            {
                (left, top, right, bottom) = (0, 0, c.Margins[2] % (c.Width + 1), c.Margins[3] % (c.Height + 1));
            }

            Assert.Equal(CocoRle.Encode(mask, c.Width, c.Height), CocoRle.Encode(c.Image, c.Width, c.Height, c.Value, left, top, right, bottom));
        }, iter: 2_000);
    }

    [Theory]
    [InlineData("12p", "Character 'p' at position 2")]
    [InlineData("1 2", "Character ' ' at position 1")]
    [InlineData("1T", "ends inside the number that starts at character 1")]
    [InlineData("0O", "Count 1 (at character 1) of the RLE counts string is -1")]
    [InlineData("oooooooo0", "longer than 7 characters")]
    public void A_malformed_counts_string_is_an_error_that_says_where(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => CocoRle.FromCountsString(text));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decoding_counts_that_do_not_cover_the_image_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => CocoRle.Decode([1, 3], 3, 2));
        Assert.Contains("sum to 4 pixels, not 3 × 2", error.Message, StringComparison.Ordinal);
    }
}
