namespace Sim.Core.Random;

/// <content>The ziggurat normal: a standard normal deviate from one value of the stream nearly every time.</content>
public partial struct RandomStream
{
    /// <summary>
    /// Returns a standard normal deviate (mean 0, standard deviation 1) by the ziggurat method of Marsaglia and Tsang
    /// ("The Ziggurat Method for Generating Random Variables", J. Stat. Softw. 5(8), 2000) with their 128 layers.
    /// One 32-bit value gives the layer (its low 7 bits), the sign (bit 7) and a 24-bit position in the layer (the top
    /// 24 bits); 97.2 % of draws end there, with no logarithm, cosine or square root. The rest test the layer's
    /// wedge against the density (one more <see cref="NextDouble()"/>) or draw from the tail beyond 3.4426 by
    /// Marsaglia's exponential method (two <see cref="NextDouble()"/> a trial), and start again when rejected.
    /// Consumes one value, sometimes more (1.063 on average; the count depends on the values drawn).
    /// </summary>
    /// <remarks>The layer index and the position come from separate bits of the value: Marsaglia and Tsang's original
    /// reused the index bits in the position, a correlation later shown to fail tests of randomness (Doornik, "An
    /// Improved Ziggurat Method to Generate Normal Random Samples", 2005). Positions are multiples of 2⁻²⁴ of the
    /// layer's width: coarser than <see cref="StandardNormal()"/>'s 53 bits, far finer than an amount in cents needs.
    /// A different sequence from <see cref="StandardNormal()"/>'s; the ledger simulation draws its normals here.</remarks>
    /// <exception cref="InvalidOperationException">The cell is exhausted, or this is a default-initialised stream.</exception>
    public double ZigguratNormal()
    {
        double[] width = ZigguratTables.Width, density = ZigguratTables.Density;
        uint[] inside = ZigguratTables.Inside;
        while (true)
        {
            uint u = NextUInt();
            int layer = (int)(u & 127);
            uint position = u >> 8;
            double x = position * width[layer];
            bool negative = (u & 128) != 0;
            if (position < inside[layer])
            {
                return negative ? -x : x; // inside the layer's rectangle, under the curve
            }

            if (layer == 0)
            {
                // The tail beyond R (Marsaglia 1964): x = −ln U₁ / R, accepted when −2 ln U₂ > x².
                double tail, y;
                do
                {
                    tail = -Math.Log(1.0 - NextDouble()) / ZigguratTables.R;
                    y = -Math.Log(1.0 - NextDouble());
                }
                while (y + y < tail * tail);

                return negative ? -(ZigguratTables.R + tail) : ZigguratTables.R + tail;
            }

            // The wedge between the curve and the layer's rectangle: a height uniform in the layer, under f(x)?
            if (density[layer] + (NextDouble() * (density[layer - 1] - density[layer])) < Math.Exp(-0.5 * x * x))
            {
                return negative ? -x : x;
            }
        }
    }
}

/// <summary>The ziggurat's layers for the standard normal density f(x) = exp(−x²/2) (unnormalised), 128 of equal area
/// V: layer 0 is the base (the rectangle [0, R] × [0, f(R)] and the tail beyond R), layer 127 the widest rectangle
/// above it, layer 1 the top. Built once from R and V as Marsaglia and Tsang give them.</summary>
internal static class ZigguratTables
{
    /// <summary>The right edge of the base layer.</summary>
    public const double R = 3.442619855899;

    /// <summary>Each layer's area.</summary>
    public const double V = 9.91256303526217e-3;

    private const double Scale = 1 << 24;

    /// <summary>Layer width per unit of the 24-bit position.</summary>
    public static readonly double[] Width = new double[128];

    /// <summary>Positions below this lie wholly under the curve (x[i−1] / x[i] of the layer, in 24-bit units).</summary>
    public static readonly uint[] Inside = new uint[128];

    /// <summary>f(x[i]); Density[0] is f(0) = 1.</summary>
    public static readonly double[] Density = new double[128];

    static ZigguratTables()
    {
        // x[i]: the right edge of layer i (x[127] = R, decreasing upwards); the base's "width" V / f(R) makes its
        // rectangle-or-tail choice one comparison.
        double[] x = new double[128];
        x[127] = R;
        for (int i = 126; i >= 1; i--)
        {
            x[i] = Math.Sqrt(-2 * Math.Log((V / x[i + 1]) + F(x[i + 1])));
        }

        double baseWidth = V / F(R);
        Width[0] = baseWidth / Scale;
        Inside[0] = (uint)(R / baseWidth * Scale);
        Density[0] = 1; // f(0): the top of layer 1's wedge
        Inside[1] = 0; // the top layer has no rectangle wholly under the curve
        for (int i = 1; i < 128; i++)
        {
            Width[i] = x[i] / Scale;
            Density[i] = F(x[i]);
            if (i >= 2)
            {
                Inside[i] = (uint)(x[i - 1] / x[i] * Scale);
            }
        }
    }

    private static double F(double x) => Math.Exp(-0.5 * x * x);
}
