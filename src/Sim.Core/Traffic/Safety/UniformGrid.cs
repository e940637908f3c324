using System.Runtime.CompilerServices;

namespace Sim.Core.Traffic.Safety;

/// <summary>
/// A uniform grid over the plane for the collision broad phase, rebuilt every step with its arrays reused. Each actor
/// is entered in every cell its axis-aligned bounding box touches; cells are hashed into buckets (a table of at least
/// twice as many buckets as entries) and the entries are counting-sorted by bucket, in actor order, so building is
/// O(N) and deterministic. A pair sharing several cells is reported only in its home cell: the one holding the
/// lower-left corner of the intersection of the two bounding boxes, a point both boxes cover.
/// </summary>
internal sealed class UniformGrid
{
    /// <summary>An actor entered in more cells than this makes the grid refuse the step: the cell size is far too small.</summary>
    public const int MaxCellsPerActor = 1 << 16;

    private int[] _bucketStart = [];
    private Entry[] _entries = [];
    private Entry[] _scratch = [];
    private int _bits;

    /// <summary>Number of hash buckets of the current build.</summary>
    public int BucketCount { get; private set; }

    /// <summary>Number of (actor, cell) entries of the current build.</summary>
    public int EntryCount { get; private set; }

    /// <summary>Cells per metre.</summary>
    public double InverseCellSize { get; private set; }

    /// <summary>Enters the actors' bounding boxes into cells of <paramref name="cellSize"/> metres.</summary>
    /// <exception cref="InvalidOperationException">An actor covers more than <see cref="MaxCellsPerActor"/> cells.</exception>
    public void Build(ActorBoxes actors, double cellSize)
    {
        double inverse = 1 / cellSize;
        InverseCellSize = inverse;
        int n = actors.Count;
        double[] minX = actors.MinX, minY = actors.MinY, maxX = actors.MaxX, maxY = actors.MaxY;

        long entries = 0;
        for (int i = 0; i < n; i++)
        {
            long cells = (long)(Cell(maxX[i], inverse) - Cell(minX[i], inverse) + 1) * (Cell(maxY[i], inverse) - Cell(minY[i], inverse) + 1);
            if (cells > MaxCellsPerActor)
            {
                TooManyCells(actors.Ids[i], cells, cellSize);
            }

            entries += cells;
        }

        if (entries > int.MaxValue / 4)
        {
            TooManyCells(actors.Ids[0], entries, cellSize);
        }

        EntryCount = (int)entries;
        int bits = 4;
        while ((1L << bits) < 2 * entries)
        {
            bits++;
        }

        _bits = bits;
        BucketCount = 1 << bits;
        Ensure(ref _bucketStart, BucketCount + 1);
        Ensure(ref _entries, EntryCount);
        Ensure(ref _scratch, EntryCount);

        // Pass 1: list the entries in actor order and count them per bucket.
        Span<int> start = _bucketStart.AsSpan(0, BucketCount + 1);
        start.Clear();
        int e = 0;
        for (int i = 0; i < n; i++)
        {
            int x0 = Cell(minX[i], inverse), x1 = Cell(maxX[i], inverse), y0 = Cell(minY[i], inverse), y1 = Cell(maxY[i], inverse);
            for (int cx = x0; cx <= x1; cx++)
            {
                for (int cy = y0; cy <= y1; cy++, e++)
                {
                    int bucket = Bucket(cx, cy);
                    _scratch[e] = new Entry
                    {
                        MinX = minX[i], MinY = minY[i], MaxX = maxX[i], MaxY = maxY[i], Actor = i, CellX = cx, CellY = cy, Bucket = bucket,
                    };
                    start[bucket + 1]++;
                }
            }
        }

        // Pass 2: prefix sums, then a stable scatter into bucket order.
        for (int b = 0; b < BucketCount; b++)
        {
            start[b + 1] += start[b];
        }

        for (int k = 0; k < EntryCount; k++)
        {
            _entries[start[_scratch[k].Bucket]++] = _scratch[k];
        }

        // The scatter advanced each start to the next bucket's start: shift back by one bucket.
        for (int b = BucketCount; b > 0; b--)
        {
            start[b] = start[b - 1];
        }

        start[0] = 0;
    }

    /// <summary>
    /// Appends to <paramref name="output"/> every pair of actors (i &lt; j in gather order is not implied) whose boxes
    /// overlap and whose classes <paramref name="record"/> allows, among the buckets [<paramref name="firstBucket"/>,
    /// <paramref name="endBucket"/>). Each overlapping pair is found in exactly one bucket.
    /// </summary>
    public void FindOverlaps(ActorBoxes actors, bool[] record, int classCount, int firstBucket, int endBucket, OverlapBuffer output)
    {
        double inverse = InverseCellSize;
        int[] bucketStart = _bucketStart;
        Entry[] entries = _entries;
        OrientedBox[] boxes = actors.Boxes;
        ActorClass[] classes = actors.Classes;
        ulong[] ids = actors.Ids;
        for (int b = firstBucket; b < endBucket; b++)
        {
            int end = bucketStart[b + 1];
            for (int p = bucketStart[b]; p < end; p++)
            {
                ref Entry ep = ref entries[p];
                for (int q = p + 1; q < end; q++)
                {
                    // The boxes travel with the entries, so this loop reads a bucket's entries in sequence.
                    ref Entry eq = ref entries[q];
                    if (ep.MaxX < eq.MinX || eq.MaxX < ep.MinX || ep.MaxY < eq.MinY || eq.MaxY < ep.MinY
                        || eq.CellX != ep.CellX || eq.CellY != ep.CellY)
                    {
                        continue; // apart, or another cell that hashed to the same bucket
                    }

                    if (Cell(Math.Max(ep.MinX, eq.MinX), inverse) != ep.CellX || Cell(Math.Max(ep.MinY, eq.MinY), inverse) != ep.CellY)
                    {
                        continue; // the pair's home cell is another one they share
                    }

                    int i = ep.Actor, j = eq.Actor;
                    if (!record[((int)classes[i] * classCount) + (int)classes[j]] || !OrientedBox.Overlap(boxes[i], boxes[j]))
                    {
                        continue;
                    }

                    if (ids[i] == ids[j])
                    {
                        SafetyThrowHelper.DuplicateStableId(ids[i]);
                    }

                    output.Add(ids[i], ids[j], i, j);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Cell(double coordinate, double inverse) => (int)Math.Floor(coordinate * inverse);

    /// <summary>Fibonacci hashing of the packed cell coordinates (Knuth, TAOCP vol. 3, §6.4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Bucket(int cx, int cy) => (int)(((((ulong)(uint)cx) << 32) | (uint)cy) * 0x9E3779B97F4A7C15UL >> (64 - _bits));

    private static void Ensure<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            array = new T[Math.Max(length, 2 * array.Length)];
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void TooManyCells(ulong id, long cells, double cellSize) =>
        throw new InvalidOperationException(
            $"CollisionSystem: the actor with StableId {id} brings the grid to {cells} cell entries of {cellSize} m (at most {MaxCellsPerActor} per actor); raise CollisionOptions.CellSize.");

    /// <summary>An actor entered in a cell, with its bounding box.</summary>
    private struct Entry
    {
        public double MinX;
        public double MinY;
        public double MaxX;
        public double MaxY;
        public int Actor;
        public int CellX;
        public int CellY;
        public int Bucket;
    }
}
