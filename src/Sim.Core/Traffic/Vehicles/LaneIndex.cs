namespace Sim.Core.Traffic.Vehicles;

/// <summary>
/// Per-step snapshot of everything on the lanes — vehicles and lane occupants (pedestrians, animals) — as rows, and
/// for every lane its rows sorted by s (one compressed array, <see cref="LaneStart"/> / <see cref="LaneCount"/>).
/// A vehicle in the middle of a lane change, or whose body still reaches into a neighbouring lane, is listed in both
/// lanes, so followers there see it.
/// </summary>
/// <remarks>
/// Rebuilt every step in O(N): rows are bucketed by lane in the previous step's order, so each lane's list is
/// already almost sorted and an insertion sort finishes it. Only when the set of rows changed (spawns, despawns)
/// does it fall back to a full sort. No allocation once the arrays have grown to the traffic's size.
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
    private double[] _keys = new double[512];
    private bool[] _placed = [];

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
            Array.Resize(ref _keys, Order.Length);
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
            // Previous order first (almost sorted already), each row once per lane it is in now.
            if (_placed.Length < Rows)
            {
                _placed = new bool[Entity.Length];
            }

            Span<bool> placed = _placed.AsSpan(0, Rows);
            placed.Clear();
            for (int k = 0; k < _previousOrderCount; k++)
            {
                int r = _previousOrder[k];
                if (!placed[r])
                {
                    placed[r] = true;
                    Place(r);
                }
            }
        }
        else
        {
            for (int r = 0; r < Rows; r++)
            {
                Place(r);
            }
        }

        for (int l = 0; l < lanes; l++)
        {
            SortLane(LaneStart[l], LaneCount[l], fullSort: !sameRows);
        }

        for (int k = 0; k < entries; k++)
        {
            int r = Order[k];
            if (k >= LaneStart[Lane[r]] && k < LaneStart[Lane[r]] + LaneCount[Lane[r]])
            {
                Position[r] = k;
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
        }

        Order.AsSpan(0, entries).CopyTo(_previousOrder);
        _previousOrderCount = entries;

        void Place(int r)
        {
            Order[_fill[Lane[r]]++] = r;
            if (SecondLane[r] != Lane[r])
            {
                Order[_fill[SecondLane[r]]++] = r;
            }
        }
    }

    private void SortLane(int start, int count, bool fullSort)
    {
        if (count < 2)
        {
            return;
        }

        Span<int> rows = Order.AsSpan(start, count);
        if (fullSort)
        {
            Span<double> keys = _keys.AsSpan(0, count);
            for (int i = 0; i < count; i++)
            {
                keys[i] = S[rows[i]] + (rows[i] * 1e-9); // ties broken by row, so the order is total and deterministic
            }

            keys.Sort(rows);
            return;
        }

        for (int i = 1; i < count; i++)
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

    /// <summary>The first row in <paramref name="lane"/> with s &gt; <paramref name="s"/> (excluding <paramref name="self"/>), or −1.</summary>
    public int FirstAhead(int lane, double s, int self)
    {
        int lo = LaneStart[lane], hi = lo + LaneCount[lane];
        int a = lo, b = hi;
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

        for (int k = a; k < hi; k++)
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
        int lo = LaneStart[lane], hi = lo + LaneCount[lane];
        int a = lo, b = hi;
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

        for (int k = a - 1; k >= lo; k--)
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
