namespace Sim.Core.Traffic.Safety;

public readonly partial struct OrientedBox
{
    /// <summary>
    /// The centroid of the region the two boxes share (world frame, m) and its area (m²), by clipping one box with
    /// the other's four edge half-planes (Sutherland and Hodgman, "Reentrant polygon clipping", CACM 17(1), 1974).
    /// When the shared region has no area (boxes that only touch) the centroid is the mean of its vertices.
    /// False, with the midpoint of the two centres and area 0, when the boxes do not overlap.
    /// </summary>
    public static bool OverlapCentroid(in OrientedBox a, in OrientedBox b, out double x, out double y, out double area)
    {
        // Work in b's frame, where b is the axis-aligned rectangle [−HL, HL] × [−HW, HW]. Each clip adds at most one
        // vertex to a's four corners, so eight is enough.
        Span<double> px = stackalloc double[8], py = stackalloc double[8], qx = stackalloc double[8], qy = stackalloc double[8];
        for (int k = 0; k < 4; k++)
        {
            (double wx, double wy) = a.Corner(k);
            (px[k], py[k]) = b.ToLocal(wx, wy);
        }

        int n = 4;
        n = Clip(px, py, n, qx, qy, 1, 0, b.HalfLength);
        n = Clip(qx, qy, n, px, py, -1, 0, b.HalfLength);
        n = Clip(px, py, n, qx, qy, 0, 1, b.HalfWidth);
        n = Clip(qx, qy, n, px, py, 0, -1, b.HalfWidth);
        if (n == 0 || !Overlap(a, b))
        {
            x = 0.5 * (a.X + b.X);
            y = 0.5 * (a.Y + b.Y);
            area = 0;
            return false;
        }

        // Shoelace centroid about the first vertex, which keeps the products small.
        double twiceArea = 0, cx = 0, cy = 0, mx = 0, my = 0;
        for (int i = 0; i < n; i++)
        {
            mx += px[i];
            my += py[i];
            int j = i + 1 == n ? 0 : i + 1;
            double x0 = px[i] - px[0], y0 = py[i] - py[0], x1 = px[j] - px[0], y1 = py[j] - py[0];
            double cross = (x0 * y1) - (x1 * y0);
            twiceArea += cross;
            cx += (x0 + x1) * cross;
            cy += (y0 + y1) * cross;
        }

        area = Math.Abs(0.5 * twiceArea);
        double lx, ly;
        if (area > 1e-12 * (((b.HalfLength + 1) * (b.HalfWidth + 1)) + ((a.HalfLength + 1) * (a.HalfWidth + 1))))
        {
            lx = px[0] + (cx / (3 * twiceArea));
            ly = py[0] + (cy / (3 * twiceArea));
        }
        else
        {
            lx = mx / n;
            ly = my / n;
        }

        (x, y) = b.ToWorld(lx, ly);
        return true;
    }

    /// <summary>Clips polygon (x, y, n) to the half-plane nx·X + ny·Y ≤ limit; returns the new vertex count.</summary>
    private static int Clip(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int n, Span<double> ox, Span<double> oy, double nx, double ny, double limit)
    {
        int m = 0;
        for (int i = 0; i < n; i++)
        {
            int j = i + 1 == n ? 0 : i + 1;
            double di = (nx * x[i]) + (ny * y[i]) - limit, dj = (nx * x[j]) + (ny * y[j]) - limit;
            if (di <= 0)
            {
                Emit(ox, oy, ref m, x[i], y[i]);
            }

            if ((di < 0 && dj > 0) || (di > 0 && dj < 0))
            {
                double t = di / (di - dj);
                Emit(ox, oy, ref m, x[i] + (t * (x[j] - x[i])), y[i] + (t * (y[j] - y[i])));
            }
        }

        return m;
    }

    private static void Emit(Span<double> ox, Span<double> oy, ref int m, double x, double y)
    {
        // A convex quadrilateral clipped by four half-planes has at most eight vertices; rounding can only merge them.
        if (m < ox.Length)
        {
            ox[m] = x;
            oy[m] = y;
            m++;
        }
    }
}
