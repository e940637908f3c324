namespace Sim.Core.Traffic.Vehicles;

/// <summary>
/// Per-step snapshot of everything on the lanes — vehicles and lane occupants (pedestrians, animals) — as rows, and
/// for every lane its rows sorted by s (one compressed array, <see cref="LaneStart"/> / <see cref="LaneCount"/>).
/// A vehicle in the middle of a lane change, or whose body still reaches into a neighbouring lane, is listed in both
/// lanes, so followers there see it.
/// </summary>
/// <remarks>
/// Rebuilt every step in O(N + k log k) for k lane changes: rows that stay in a lane keep the previous step's order
/// (an insertion sort finishes it), rows new to a lane are sorted apart and merged in. Only when the set of rows
/// changed (spawns, despawns) does it fall back to a full sort. Either way the order is exactly by (s, row), so a run
/// resumed from a snapshot (which starts with a full sort) continues identically. No allocation once the arrays have
/// grown to the traffic's size.
/// </remarks>
internal sealed class LaneIndex
{
    public int Rows;
    public int VehicleRows;
    public Ecs.Entity[] Entity = new Ecs.Entity[256];
    public int[] Lane = new int[256];
    public int[] TargetLane = new int[256];

    /// <summary>A second lane the row is listed in: its target lane during a change, else the neighbouring lane its
    /// body reaches into (a car that stopped just after crossing the line), else its own lane.</summary>
    public int[] SecondLane = new int[256];
    public int[] NextLane = new int[256];
    public int[] AfterNextLane = new int[256];
    public double[] S = new double[256];
    public double[] Speed = new double[256];
    public double[] HalfLength = new double[256];

    /// <summary>Lateral position of the centre from the road's reference line, m (left positive).</summary>
    public double[] Lateral = new double[256];

    /// <summary>Half the body's width, m (+∞ for lane occupants: pedestrians and obstacles block the whole lane).</summary>
    public double[] HalfWidth = new double[256];

    /// <summary>Whether the vehicle is held off its lane's centre (<see cref="VehicleControl.LaneOffset"/>) and passes
    /// vehicles on the same lane that leave it room beside them.</summary>
    public bool[] Filtering = new bool[256];
    public IdmParameters[] Idm = new IdmParameters[256];

    /// <summary>Each row's effective desired speed (m/s): its IDM v0, the lane's limit or a scripted target.</summary>
    public double[] DesiredSpeed = new double[256];

    /// <summary>Each row's advisory speed for curves and lower limits ahead, m/s.</summary>
    public double[] Advisory = new double[256];

    /// <summary>Where each row sits in its own lane's list (index into <see cref="Order"/>).</summary>
    public int[] Position = new int[256];

    public int[] Order = new int[512];
    public int[] LaneStart = [];
    public int[] LaneCount = [];

    private Ecs.Entity[] _previousEntity = [];
    private int _previousRows = -1;
    private int[] _previousOrder = [];
    private int _previousOrderCount;
    private int[] _fill = [];
    private byte[] _placed = [];
    private int[] _entryLane = new int[512];
    private int[] _previousEntryLane = [];
    private (int Lane, double S, int Row)[] _changers = new (int, double, int)[512];

    public void Begin(int rows, int lanes)
    {
        if (Entity.Length < rows)
        {
            int n = Math.Max(rows, Entity.Length * 2);
            Array.Resize(ref Entity, n);
            Array.Resize(ref Lane, n);
            Array.Resize(ref TargetLane, n);
            Array.Resize(ref SecondLane, n);
            Array.Resize(ref NextLane, n);
            Array.Resize(ref AfterNextLane, n);
            Array.Resize(ref S, n);
            Array.Resize(ref Speed, n);
            Array.Resize(ref HalfLength, n);
            Array.Resize(ref Lateral, n);
            Array.Resize(ref HalfWidth, n);
            Array.Resize(ref Filtering, n);
            Array.Resize(ref Idm, n);
            Array.Resize(ref DesiredSpeed, n);
            Array.Resize(ref Advisory, n);
            Array.Resize(ref Position, n);
        }

        if (LaneStart.Length != lanes + 1)
        {
            LaneStart = new int[lanes + 1];
            LaneCount = new int[lanes];
            _fill = new int[lanes];
        }

        Rows = rows;
    }

    /// <summary>Sorts the rows into per-lane lists by s.</summary>
    public void Build()
    {
        int lanes = LaneCount.Length;
        Array.Clear(LaneCount);
        int entries = 0;
        for (int r = 0; r < Rows; r++)
        {
            LaneCount[Lane[r]]++;
            entries++;
            if (SecondLane[r] != Lane[r])
            {
                LaneCount[SecondLane[r]]++;
                entries++;
            }
        }

        if (Order.Length < entries)
        {
            Array.Resize(ref Order, Math.Max(entries, Order.Length * 2));
        }

        if (_entryLane.Length < Order.Length)
        {
            Array.Resize(ref _entryLane, Order.Length);
            Array.Resize(ref _changers, Order.Length);
        }

        LaneStart[0] = 0;
        for (int l = 0; l < lanes; l++)
        {
            LaneStart[l + 1] = LaneStart[l] + LaneCount[l];
            _fill[l] = LaneStart[l];
        }

        bool sameRows = Rows == _previousRows && Entity.AsSpan(0, Rows).SequenceEqual(_previousEntity.AsSpan(0, Rows));
        if (sameRows)
        {
            // Stayers — rows still in a lane they were listed in — go first, in the previous order: already almost
            // sorted. Rows new to a lane (lane changes) are sorted apart and merged in, so k changers cost
            // O(k log k + n), not O(k n) as placing them at the end of an insertion sort would.
            if (_placed.Length < Rows)
            {
                _placed = new byte[Entity.Length];
            }

            Span<byte> placed = _placed.AsSpan(0, Rows); // bit 1: listed in Lane, bit 2: listed in SecondLane
            placed.Clear();
            for (int k = 0; k < _previousOrderCount; k++)
            {
                int r = _previousOrder[k], lane = _previousEntryLane[k];
                if (lane == Lane[r] && (placed[r] & 1) == 0)
                {
                    placed[r] |= 1;
                    Order[_fill[lane]++] = r;
                }
                else if (lane == SecondLane[r] && lane != Lane[r] && (placed[r] & 2) == 0)
                {
                    placed[r] |= 2;
                    Order[_fill[lane]++] = r;
                }
            }

            for (int l = 0; l < lanes; l++)
            {
                InsertionSort(Order.AsSpan(LaneStart[l], _fill[l] - LaneStart[l]));
            }

            int changers = 0;
            for (int r = 0; r < Rows; r++)
            {
                if ((placed[r] & 1) == 0)
                {
                    _changers[changers++] = (Lane[r], S[r], r);
                }

                if (SecondLane[r] != Lane[r] && (placed[r] & 2) == 0)
                {
                    _changers[changers++] = (SecondLane[r], S[r], r);
                }
            }

            Span<(int Lane, double S, int Row)> moved = _changers.AsSpan(0, changers);
            moved.Sort(static (a, b) => a.Lane != b.Lane ? a.Lane.CompareTo(b.Lane) : a.S != b.S ? a.S.CompareTo(b.S) : a.Row.CompareTo(b.Row));
            for (int c = 0; c < changers;)
            {
                int lane = moved[c].Lane, first = c;
                while (c < changers && moved[c].Lane == lane)
                {
                    c++;
                }

                MergeInto(lane, moved[first..c]);
            }
        }
        else
        {
            for (int r = 0; r < Rows; r++)
            {
                Order[_fill[Lane[r]]++] = r;
                if (SecondLane[r] != Lane[r])
                {
                    Order[_fill[SecondLane[r]]++] = r;
                }
            }

            for (int l = 0; l < lanes; l++)
            {
                Span<int> rows = Order.AsSpan(LaneStart[l], LaneCount[l]);
                rows.Sort(Compare); // exactly the order the insertion sort keeps: by s, ties by row
            }
        }

        for (int l = 0; l < lanes; l++)
        {
            for (int k = LaneStart[l]; k < LaneStart[l + 1]; k++)
            {
                _entryLane[k] = l;
                if (Lane[Order[k]] == l)
                {
                    Position[Order[k]] = k;
                }
            }
        }

        if (_previousEntity.Length < Rows)
        {
            Array.Resize(ref _previousEntity, Entity.Length);
        }

        Entity.AsSpan(0, Rows).CopyTo(_previousEntity);
        _previousRows = Rows;
        if (_previousOrder.Length < entries)
        {
            Array.Resize(ref _previousOrder, Order.Length);
            Array.Resize(ref _previousEntryLane, Order.Length);
        }

        Order.AsSpan(0, entries).CopyTo(_previousOrder);
        _entryLane.AsSpan(0, entries).CopyTo(_previousEntryLane);
        _previousOrderCount = entries;
    }

    private int Compare(int a, int b) => S[a] != S[b] ? S[a].CompareTo(S[b]) : a.CompareTo(b);

    /// <summary>Sorts an almost sorted run by (s, row) in place.</summary>
    private void InsertionSort(Span<int> rows)
    {
        for (int i = 1; i < rows.Length; i++)
        {
            int row = rows[i];
            double s = S[row];
            int j = i - 1;
            while (j >= 0 && (S[rows[j]] > s || (S[rows[j]] == s && rows[j] > row)))
            {
                rows[j + 1] = rows[j];
                j--;
            }

            rows[j + 1] = row;
        }
    }

    /// <summary>Merges sorted newcomers into a lane whose stayers fill the start of its segment, from the back.</summary>
    private void MergeInto(int lane, ReadOnlySpan<(int Lane, double S, int Row)> newcomers)
    {
        int write = LaneStart[lane + 1] - 1;
        int stay = _fill[lane] - 1;
        int add = newcomers.Length - 1;
        while (add >= 0)
        {
            (_, double s, int row) = newcomers[add];
            if (stay >= LaneStart[lane] && (S[Order[stay]] > s || (S[Order[stay]] == s && Order[stay] > row)))
            {
                Order[write--] = Order[stay--];
            }
            else
            {
                Order[write--] = row;
                add--;
            }
        }

        _fill[lane] = LaneStart[lane + 1];
    }

    /// <summary>Index into <see cref="Order"/> of the first entry of <paramref name="lane"/> with s &gt; <paramref name="s"/>
    /// (the lane's end index when there is none): a binary search over the sorted lane.</summary>
    public int UpperBound(int lane, double s)
    {
        int a = LaneStart[lane], b = a + LaneCount[lane];
        while (a < b)
        {
            int mid = (a + b) >>> 1;
            if (S[Order[mid]] <= s)
            {
                a = mid + 1;
            }
            else
            {
                b = mid;
            }
        }

        return a;
    }

    /// <summary>The first row in <paramref name="lane"/> with s &gt; <paramref name="s"/> (excluding <paramref name="self"/>), or −1.</summary>
    public int FirstAhead(int lane, double s, int self)
    {
        int end = LaneStart[lane] + LaneCount[lane];
        for (int k = UpperBound(lane, s); k < end; k++)
        {
            if (Order[k] != self)
            {
                return Order[k];
            }
        }

        return -1;
    }

    /// <summary>The last row in <paramref name="lane"/> with s ≤ <paramref name="s"/> (excluding <paramref name="self"/>), or −1.</summary>
    public int LastBehind(int lane, double s, int self)
    {
        for (int k = UpperBound(lane, s) - 1; k >= LaneStart[lane]; k--)
        {
            if (Order[k] != self)
            {
                return Order[k];
            }
        }

        return -1;
    }

    /// <summary>The first row of a lane (smallest s), or −1.</summary>
    public int First(int lane) => LaneCount[lane] == 0 ? -1 : Order[LaneStart[lane]];

    /// <summary>The last row of a lane (largest s), or −1.</summary>
    public int Last(int lane) => LaneCount[lane] == 0 ? -1 : Order[LaneStart[lane] + LaneCount[lane] - 1];
}
