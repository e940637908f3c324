using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Sim.Core.Traffic.Safety;

/// <summary>Rare failure paths of the safety systems, out of line so that the hot loops stay small.</summary>
internal static class SafetyThrowHelper
{
    [DoesNotReturn]
    public static void NotFinite(double x, double y, double heading) =>
        throw new ArgumentOutOfRangeException(
            null, string.Create(CultureInfo.InvariantCulture, $"A box needs a finite centre and heading; got ({x}, {y}) m, heading {heading} rad."));

    [DoesNotReturn]
    public static void BadExtents(double halfLength, double halfWidth) =>
        throw new ArgumentOutOfRangeException(
            null, string.Create(CultureInfo.InvariantCulture, $"A box needs finite, non-negative half extents; got {halfLength} × {halfWidth} m."));

    [DoesNotReturn]
    public static void BadActor(ulong stableId, in ActorPose pose, in ActorBody body, string system, Exception inner) =>
        throw new InvalidOperationException(
            string.Create(CultureInfo.InvariantCulture, $"{system}: actor with StableId {stableId} has no valid bounding box (pose x = {pose.X}, y = {pose.Y}, heading = {pose.Heading}; body {body}): {inner.Message}"),
            inner);

    [DoesNotReturn]
    public static void FarAway(ulong stableId, double x, double y, double limit) =>
        throw new InvalidOperationException(
            string.Create(CultureInfo.InvariantCulture, $"CollisionSystem: actor with StableId {stableId} is at ({x}, {y}) m, beyond the ±{limit} m the collision grid covers."));

    [DoesNotReturn]
    public static void DuplicateStableId(ulong stableId) =>
        throw new InvalidOperationException(
            string.Create(CultureInfo.InvariantCulture, $"CollisionSystem: two overlapping actors share StableId {stableId}; stable ids must be unique within a world."));

    [DoesNotReturn]
    public static void SeveralEgos(ulong first, ulong second) =>
        throw new InvalidOperationException(
            string.Create(CultureInfo.InvariantCulture, $"EgoMetricsSystem: the entities with StableId {first} and {second} are both tagged Ego; tag exactly one."));

    [DoesNotReturn]
    public static void IncompleteEgo(int tagged) =>
        throw new InvalidOperationException(
            string.Create(CultureInfo.InvariantCulture, $"EgoMetricsSystem: {tagged} entity(ies) tagged Ego lack ActorPose, ActorBody or StableId; the ego needs all three."));
}
