using System.Runtime.CompilerServices;
using Sim.Core.Ecs;
using Sim.Core.Kernel;

namespace Sim.Core.Traffic.Safety;

/// <summary>
/// The bounding boxes of every actor (<see cref="ActorPose"/> + <see cref="ActorBody"/> + <see cref="StableId"/>) in
/// one step, gathered into flat arrays in query order: a cache of the <see cref="CollisionSystem"/>, reused from step
/// to step (it only grows).
/// </summary>
internal sealed class ActorBoxes
{
    /// <summary>Coordinates beyond this many metres from the origin are refused: far enough for any scenario, near
    /// enough that grid cell indices fit an int.</summary>
    public const double CoordinateLimit = 1e7;

    /// <summary>AABBs are widened by this much so that rounding never makes them reject a pair the exact test accepts.</summary>
    private const double AabbMargin = 1e-6;

    internal static readonly QueryDescription Query = new QueryDescription().WithAll<ActorPose, ActorBody, StableId>();

    public int Count { get; private set; }

    public OrientedBox[] Boxes { get; private set; } = [];

    public double[] MinX { get; private set; } = [];

    public double[] MinY { get; private set; } = [];

    public double[] MaxX { get; private set; } = [];

    public double[] MaxY { get; private set; } = [];

    public ulong[] Ids { get; private set; } = [];

    public ActorClass[] Classes { get; private set; } = [];

    public double[] Vx { get; private set; } = [];

    public double[] Vy { get; private set; } = [];

    /// <summary>Reads every actor of <paramref name="world"/>.</summary>
    /// <exception cref="InvalidOperationException">An actor has a non-finite pose, a bad body, or lies too far away.</exception>
    public void Gather(World world)
    {
        Query query = world.Query(Query);
        int count = query.Count;
        if (Boxes.Length < count)
        {
            Grow(count);
        }

        int n = 0;
        foreach (Chunk chunk in query.GetChunks())
        {
            Span<ActorPose> poses = chunk.GetSpan<ActorPose>();
            Span<ActorBody> bodies = chunk.GetSpan<ActorBody>();
            Span<StableId> ids = chunk.GetSpan<StableId>();
            for (int r = 0; r < poses.Length; r++, n++)
            {
                ref ActorPose pose = ref poses[r];
                ref ActorBody body = ref bodies[r];
                Check(ids[r].Value, pose, body);
                var box = new OrientedBox(pose.X, pose.Y, 0.5 * body.Length, 0.5 * body.Width, pose.Heading);
                Boxes[n] = box;
                double ex = box.ExtentX + AabbMargin, ey = box.ExtentY + AabbMargin;
                MinX[n] = pose.X - ex;
                MaxX[n] = pose.X + ex;
                MinY[n] = pose.Y - ey;
                MaxY[n] = pose.Y + ey;
                Ids[n] = ids[r].Value;
                Classes[n] = body.Class;
                Vx[n] = pose.Vx;
                Vy[n] = pose.Vy;
            }
        }

        Count = n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Check(ulong id, in ActorPose pose, in ActorBody body)
    {
        if (!(Math.Abs(pose.X) <= CoordinateLimit && Math.Abs(pose.Y) <= CoordinateLimit && double.IsFinite(pose.Heading)
              && body.Length >= 0 && body.Width >= 0 && body.Length < 1e4 && body.Width < 1e4
              && (uint)body.Class < (uint)CollisionOptions.ClassCount))
        {
            Refuse(id, pose, body);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Refuse(ulong id, in ActorPose pose, in ActorBody body)
    {
        if (double.IsFinite(pose.X) && double.IsFinite(pose.Y) && double.IsFinite(pose.Heading) && (Math.Abs(pose.X) > CoordinateLimit || Math.Abs(pose.Y) > CoordinateLimit))
        {
            SafetyThrowHelper.FarAway(id, pose.X, pose.Y, CoordinateLimit);
        }

        string why = (uint)body.Class >= (uint)CollisionOptions.ClassCount
            ? $"unknown actor class {(int)body.Class}"
            : "the pose must be finite and the body's length and width in [0, 10 km)";
        SafetyThrowHelper.BadActor(id, pose, body, nameof(CollisionSystem), new ArgumentOutOfRangeException(null, why));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int count)
    {
        int size = Math.Max(count, 2 * Boxes.Length);
        Boxes = new OrientedBox[size];
        MinX = new double[size];
        MinY = new double[size];
        MaxX = new double[size];
        MaxY = new double[size];
        Ids = new ulong[size];
        Classes = new ActorClass[size];
        Vx = new double[size];
        Vy = new double[size];
    }
}
