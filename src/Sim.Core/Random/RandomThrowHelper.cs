using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Sim.Core.Random;

/// <summary>The rare, out-of-line throw paths of the random number generators.</summary>
internal static class RandomThrowHelper
{
    [DoesNotReturn]
    internal static void ThrowTickOutOfRange(long tick) =>
        throw new ArgumentOutOfRangeException(
            nameof(tick),
            tick,
            string.Create(
                CultureInfo.InvariantCulture,
                $"A tick must lie in [0, 2^48) = [0, {CounterRng.MaxTickExclusive}) to fit the Philox counter; got {tick}."));

    [DoesNotReturn]
    internal static void ThrowDefaultStream() =>
        throw new InvalidOperationException(
            "This RandomStream is default-initialised and belongs to no cell; obtain one from CounterRng.Stream(stableId, stream, tick).");

    [DoesNotReturn]
    internal static void ThrowCellExhausted(ulong stableId, uint stream, long tick) =>
        throw new InvalidOperationException(
            string.Create(
                CultureInfo.InvariantCulture,
                $"The random cell (stable id {stableId}, stream {stream}, tick {tick}) has used all its {CounterRng.BlocksPerCell} Philox blocks ({CounterRng.ValuesPerCell} 32-bit values). Draw the excess from another stream or tick instead."));

    [DoesNotReturn]
    internal static void ThrowOutOfRange<T>(string paramName, T actualValue, string requirement) =>
        throw new ArgumentOutOfRangeException(
            paramName,
            actualValue,
            string.Create(CultureInfo.InvariantCulture, $"{paramName} must be {requirement}; got {actualValue}."));
}
