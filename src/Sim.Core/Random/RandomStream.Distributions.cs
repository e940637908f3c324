using MathNet.Numerics;

namespace Sim.Core.Random;

/// <content>Continuous and discrete distributions drawn from the cell's uniform values.</content>
public partial struct RandomStream
{
    /// <summary>Largest λ that <see cref="Poisson(double)"/> accepts: 2^30, so that every sample fits an <see cref="int"/>.</summary>
    public const double MaxPoissonLambda = 1 << 30;

    /// <summary>Below this λ, <see cref="Poisson(double)"/> uses Knuth's multiplication method; from it on, Hörmann's PTRS.</summary>
    internal const double PoissonKnuthLimit = 10.0;

    /// <summary>
    /// Returns a double uniform on [<paramref name="minInclusive"/>, <paramref name="maxExclusive"/>):
    /// <c>a + (b − a)·U</c> with <c>U = </c><see cref="NextDouble()"/>, and never <c>b</c> itself (a result that
    /// rounds up to <c>b</c> is replaced by the largest double below it). Returns <c>a</c> when <c>a = b</c>.
    /// Consumes two values, also when <c>a = b</c>.
    /// </summary>
    /// <param name="minInclusive">Lower bound <c>a</c>, in the caller's unit; finite.</param>
    /// <param name="maxExclusive">Upper bound <c>b</c>, same unit; finite, ≥ <c>a</c>, and <c>b − a</c> finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">A bound is NaN or infinite, <c>b &lt; a</c>, or <c>b − a</c> overflows.</exception>
    /// <exception cref="InvalidOperationException">The cell is exhausted, or this is a default-initialised stream.</exception>
    public double Uniform(double minInclusive, double maxExclusive)
    {
        if (!double.IsFinite(minInclusive))
        {
            RandomThrowHelper.ThrowOutOfRange(nameof(minInclusive), minInclusive, "finite");
        }

        if (!double.IsFinite(maxExclusive) || maxExclusive < minInclusive || !double.IsFinite(maxExclusive - minInclusive))
        {
            RandomThrowHelper.ThrowOutOfRange(nameof(maxExclusive), maxExclusive, "finite, at least minInclusive, and at a finite distance from it");
        }

        double value = minInclusive + ((maxExclusive - minInclusive) * NextDouble());
        return value >= maxExclusive && maxExclusive > minInclusive ? Math.BitDecrement(maxExclusive) : value;
    }

    /// <summary>
    /// Returns a standard normal deviate (mean 0, standard deviation 1) by the Box–Muller transform
    /// (Box and Muller, "A note on the generation of random normal deviates", Ann. Math. Statist. 29, 1958):
    /// <c>√(−2 ln U₁) · cos(2π U₂)</c> with <c>U₁ = 1 − </c><see cref="NextDouble()"/> ∈ (0, 1] and
    /// <c>U₂ = </c><see cref="NextDouble()"/>. Only the cosine deviate is used, so no spare value is carried from
    /// one call to the next. Consumes four values.
    /// </summary>
    /// <exception cref="InvalidOperationException">The cell is exhausted, or this is a default-initialised stream.</exception>
    public double StandardNormal()
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>
    /// Returns a normal deviate <c>mean + stdDev·Z</c>, with <c>Z</c> from <see cref="StandardNormal()"/>.
    /// Consumes four values.
    /// </summary>
    /// <param name="mean">The mean, in the caller's unit; finite.</param>
    /// <param name="stdDev">The standard deviation, same unit; finite and ≥ 0 (0 returns <paramref name="mean"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mean"/> is NaN or infinite, or <paramref name="stdDev"/> is NaN, infinite or negative.</exception>
    /// <exception cref="InvalidOperationException">The cell is exhausted, or this is a default-initialised stream.</exception>
    public double Normal(double mean, double stdDev)
    {
        if (!double.IsFinite(mean))
        {
            RandomThrowHelper.ThrowOutOfRange(nameof(mean), mean, "finite");
        }

        if (!double.IsFinite(stdDev) || stdDev < 0)
        {
            RandomThrowHelper.ThrowOutOfRange(nameof(stdDev), stdDev, "finite and non-negative");
        }

        return mean + (stdDev * StandardNormal());
    }

    /// <summary>
    /// Returns an exponential deviate with the given rate (mean 1/rate) by inversion:
    /// <c>−ln(1 − U) / rate</c> with <c>U = </c><see cref="NextDouble()"/>, so <c>1 − U ∈ (0, 1]</c> and the result
    /// is finite and ≥ 0. Consumes two values.
    /// </summary>
    /// <param name="rate">Events per unit of time (or length); finite and &gt; 0. The result is in the reciprocal unit.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> is NaN, infinite, zero or negative.</exception>
    /// <exception cref="InvalidOperationException">The cell is exhausted, or this is a default-initialised stream.</exception>
    public double Exponential(double rate)
    {
        if (!double.IsFinite(rate) || rate <= 0)
        {
            RandomThrowHelper.ThrowOutOfRange(nameof(rate), rate, "finite and positive");
        }

        return -Math.Log(1.0 - NextDouble()) / rate;
    }

    /// <summary>
    /// Returns <see langword="true"/> with probability <paramref name="probability"/>: <c>U &lt; p</c> with
    /// <c>U = </c><see cref="NextDouble()"/> (so p = 0 is never and p = 1 always true). Consumes two values.
    /// </summary>
    /// <param name="probability">The success probability, in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is NaN or outside [0, 1].</exception>
    /// <exception cref="InvalidOperationException">The cell is exhausted, or this is a default-initialised stream.</exception>
    public bool Bernoulli(double probability)
    {
        if (!(probability >= 0 && probability <= 1))
        {
            RandomThrowHelper.ThrowOutOfRange(nameof(probability), probability, "in [0, 1]");
        }

        return NextDouble() < probability;
    }

    /// <summary>
    /// Returns a Poisson deviate with mean <paramref name="lambda"/> (for example, the number of events in one
    /// tick for a rate of λ events per tick). Exact methods only:
    /// for λ &lt; 10, Knuth's multiplication of uniforms until the product drops to e^−λ (The Art of Computer
    /// Programming, vol. 2, 3rd ed., §3.4.1; λ + 1 uniforms on average, two values each);
    /// for λ ≥ 10, Hörmann's transformed rejection with squeeze, PTRS (W. Hörmann, "The transformed rejection
    /// method for generating Poisson random variables", Insurance: Mathematics and Economics 12, 1993, 39–45),
    /// two uniforms (four values) per trial, with an expected number of trials bounded independently of λ.
    /// </summary>
    /// <param name="lambda">The mean, a count per the caller's interval; finite, in [0, <see cref="MaxPoissonLambda"/>].</param>
    /// <returns>A count ≥ 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lambda"/> is NaN, negative, or above <see cref="MaxPoissonLambda"/>.</exception>
    /// <exception cref="InvalidOperationException">The cell is exhausted, or this is a default-initialised stream.</exception>
    public int Poisson(double lambda)
    {
        if (!(lambda >= 0 && lambda <= MaxPoissonLambda))
        {
            RandomThrowHelper.ThrowOutOfRange(nameof(lambda), lambda, "in [0, 2^30]");
        }

        return lambda < PoissonKnuthLimit ? PoissonByMultiplication(lambda) : PoissonByTransformedRejection(lambda);
    }

    /// <summary>
    /// Returns a Poisson deviate with mean <paramref name="lambda"/> from a single uniform for λ &lt; 10: inversion by
    /// sequential search (Devroye, Non-Uniform Random Variate Generation, 1986, §X.3.2), the least k whose cumulative
    /// probability e^−λ·Σ λʲ/j! reaches <c>U = </c><see cref="NextDouble()"/>, so two values whatever the count, where
    /// <see cref="Poisson(double)"/>'s multiplication takes λ + 1 uniforms. For λ ≥ 10 it is <see cref="Poisson(double)"/>
    /// (Hörmann's PTRS). A different sequence from <see cref="Poisson(double)"/>'s; the ledger simulation draws its daily
    /// counts here.
    /// </summary>
    /// <param name="lambda">The mean; finite, in [0, <see cref="MaxPoissonLambda"/>].</param>
    /// <returns>A count ≥ 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lambda"/> is NaN, negative, or above <see cref="MaxPoissonLambda"/>.</exception>
    /// <exception cref="InvalidOperationException">The cell is exhausted, or this is a default-initialised stream.</exception>
    public int PoissonByInversion(double lambda)
    {
        if (!(lambda >= 0 && lambda <= MaxPoissonLambda))
        {
            RandomThrowHelper.ThrowOutOfRange(nameof(lambda), lambda, "in [0, 2^30]");
        }

        if (lambda >= PoissonKnuthLimit)
        {
            return PoissonByTransformedRejection(lambda);
        }

        double u = NextDouble();
        double probability = Math.Exp(-lambda), cumulative = probability;
        int count = 0;
        // The search stops where the terms underflow (a U within rounding of 1): at most a few hundred steps for λ < 10.
        while (u >= cumulative && probability > 0)
        {
            count++;
            probability *= lambda / count;
            cumulative += probability;
        }

        return count;
    }

    private int PoissonByMultiplication(double lambda)
    {
        // Knuth, TAOCP vol. 2, §3.4.1: the count of uniforms whose running product stays above e^-λ.
        double limit = Math.Exp(-lambda);
        double product = NextDouble();
        int count = 0;
        while (product > limit)
        {
            count++;
            product *= NextDouble();
        }

        return count;
    }

    private int PoissonByTransformedRejection(double lambda)
    {
        // Hörmann 1993, algorithm PTRS with the constants of its section 3.
        double sqrtLambda = Math.Sqrt(lambda);
        double logLambda = Math.Log(lambda);
        double b = 0.931 + (2.53 * sqrtLambda);
        double a = -0.059 + (0.02483 * b);
        double logInverseAlpha = Math.Log(1.1239 + (1.1328 / (b - 3.4)));
        double vr = 0.9277 - (3.6224 / (b - 2));

        while (true)
        {
            double u = NextDouble() - 0.5;
            double v = NextDouble();
            double us = 0.5 - Math.Abs(u);
            double k = Math.Floor((((2 * a) / us) + b) * u + lambda + 0.43);

            // Squeeze: the central region is accepted without evaluating the density.
            if (us >= 0.07 && v <= vr)
            {
                return (int)k;
            }

            // k < 0 is outside the support; us < 0.013 with v > us is the tail the hat rejects outright.
            // k beyond int is astronomically unlikely to be accepted for λ ≤ 2^30 and is rejected so the cast is safe.
            if (k < 0 || k > int.MaxValue || (us < 0.013 && v > us))
            {
                continue;
            }

            // Exact acceptance: log(v·α⁻¹ / (a/us² + b)) ≤ log p(k) = −λ + k·ln λ − ln k!.
            if (Math.Log(v) + logInverseAlpha - Math.Log((a / (us * us)) + b) <= -lambda + (k * logLambda) - SpecialFunctions.FactorialLn((int)k))
            {
                return (int)k;
            }
        }
    }
}
