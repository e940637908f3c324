using System.Runtime.Intrinsics;
using Sim.Core.Random;

namespace Sim.Core.Tests.Random;

/// <summary>
/// Philox4x32-10 against the known-answer vectors published with the Random123 reference library
/// (Salmon et al., SC'11; file <c>tests/kat_vectors</c>, lines "philox4x32 10 ctr[4] key[2] out[4]").
/// </summary>
public sealed class PhiloxKnownAnswerTests
{
    [Theory]
    // All-zero counter and key.
    [InlineData(0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    // All-ones counter and key.
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    // Counter and key from the hexadecimal digits of pi.
    [InlineData(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void Block_matches_the_Random123_known_answer_vector(
        uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint o0, uint o1, uint o2, uint o3)
    {
        Vector128<uint> output = Philox4x32.Block(Vector128.Create(c0, c1, c2, c3), k0, k1);

        Assert.Equal(Vector128.Create(o0, o1, o2, o3), output);
    }

    [Fact]
    public void Scalar_and_vector_forms_agree()
    {
        uint x0 = 0x243f6a88, x1 = 0x85a308d3, x2 = 0x13198a2e, x3 = 0x03707344;

        Philox4x32.Block(ref x0, ref x1, ref x2, ref x3, 0xa4093822, 0x299f31d0);

        Assert.Equal(Vector128.Create(0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u), Vector128.Create(x0, x1, x2, x3));
    }
}
