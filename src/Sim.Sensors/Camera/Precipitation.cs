using System.Buffers;
using System.Numerics;
using Sim.Core.Random;

namespace Sim.Sensors.Camera;

/// <summary>
/// A rain drop or snowflake as one exposure records it: a streak (a capsule) from <paramref name="Start"/> to
/// <paramref name="End"/>, continuous pixel coordinates (pixel u's centre is u + ½), <paramref name="Width"/> px wide,
/// at depth <paramref name="StartDepth"/> to <paramref name="EndDepth"/> (m along the optical axis), that blends a pixel
/// it covers towards <paramref name="Radiance"/> (linear RGB) by <paramref name="Alpha"/> × coverage.
/// </summary>
/// <param name="Start">Where the particle is when the shutter opens, px.</param>
/// <param name="End">Where it is when the shutter closes, px.</param>
/// <param name="StartDepth">Its depth at <paramref name="Start"/>, m.</param>
/// <param name="EndDepth">Its depth at <paramref name="End"/>, m.</param>
/// <param name="Width">Streak width, px (at least 1).</param>
/// <param name="Alpha">Blend weight of a fully covered pixel, 0–1.</param>
/// <param name="Radiance">The particle's radiance, linear RGB.</param>
public readonly record struct Particle(Vector2 Start, Vector2 End, float StartDepth, float EndDepth, float Width, float Alpha, Vector3 Radiance);

/// <summary>
/// Rain and snow in the RGB image: particles drawn from the counter-based RNG keyed by (<see cref="Shading.Seed"/>,
/// <see cref="Shading.Frame"/>), composited after shading over the finished 8-bit image, depth-tested against the
/// frame's depth. Both camera backends run the same pass on their own frames, so GL and CPU images differ only as
/// much as their shading does. Particles are not labelled objects: depth, instance and semantic images never see
/// them.
/// </summary>
/// <remarks>
/// <para>Where: uniform in the camera's view volume (the frustum widened by <see cref="Margin"/> each side so streaks
/// may enter the frame) between <see cref="NearestDepth"/> (or the camera's near limit) and
/// <see cref="FarthestDepth"/>; the count is the number density × that volume. Drops farther away are well under a
/// pixel and, in aggregate, a veil that the weather's visibility already stands for.</para>
/// <para>Rain: rate R = 50 mm/h × intensity; drops of diameter D ≥ 2 mm (up to 6 mm, where drops break up) from
/// Marshall and Palmer (1948): N(D) = 8000 e^(−ΛD) m⁻³ mm⁻¹, Λ = 4.1 R^−0.21 mm⁻¹; fall speed
/// v = 9.65 − 10.3 e^(−0.6 D) m/s (Atlas, Srivastava and Sekhon 1973). Snow: melted-water rate R = 5 mm/h ×
/// intensity; melted diameters D ≥ 2 mm from Gunn and Marshall (1958): N(D) = 3800 R^−0.87 e^(−ΛD),
/// Λ = 2.55 R^−0.48 mm⁻¹; a flake is 2.7 D across (snow aggregates of ≈ 0.05 g/cm³) and falls at
/// 0.8 · size^0.16 m/s (size in mm; Locatelli and Hobbs 1974, aggregates).</para>
/// <para>Appearance (Garg and Nayar, "Vision and rain", IJCV 2007): a particle moving during the exposure
/// (<see cref="Shading.Exposure"/>) at its velocity relative to the camera (fall, wind drift, minus the camera's
/// motion) draws a streak from its projected start to its projected end; it covers each streak pixel for only a
/// fraction of the exposure, so its image energy — its disc's area a = π/4 (f·size/z)² px — is spread over the
/// streak: α = min(1, a / ((ℓ + w) · w)) for streak length ℓ and width w = max(1 px, f·size/z). A pixel it covers
/// becomes (1 − α·coverage) · background + α·coverage · L, in linear light. Nearer particles are bigger, farther ones
/// fainter and shorter. The particle's radiance L = ρ · E: a drop shows roughly the light of the wide field of view
/// it refracts rather than what is behind it (Garg and Nayar), taken as ρ = 0.5 of the irradiance where it is; a
/// flake is white, ρ = 0.9. E = ½ sun + sky + the camera vehicle's headlights (beam and inverse square, and for the
/// air a dipped beam's cut-off: nothing above the camera's horizontal, a smoothstep over ±1.1°) + the street lights
/// (cone and inverse square), and fog dims L like a surface at its distance. A particle whose α · max(L) is
/// under <see cref="Invisible"/> is left out (it would change no 8-bit level).</para>
/// <para>Rain also dulls the image: each pixel's sRGB levels move 20 % × intensity towards their luma (BT.601) and
/// darken by 10 % × intensity (wet, overcast air), a contraction, so backends that agree within 2 levels still do.</para>
/// </remarks>
public static class Precipitation
{
    /// <summary>The RNG stream of camera particles ("prcp").</summary>
    public const uint Stream = 0x70726370;

    /// <summary>Particles are drawn from this depth (or the camera's near limit, if farther), m.</summary>
    public const float NearestDepth = 0.5f;

    /// <summary>… to this depth, m.</summary>
    public const float FarthestDepth = 10;

    /// <summary>The view volume is widened by this fraction of the image on each side.</summary>
    public const float Margin = 0.1f;

    /// <summary>Rain rate at intensity 1, mm/h.</summary>
    public const double RainRate = 50;

    /// <summary>Snowfall rate (melted water) at intensity 1, mm/h.</summary>
    public const double SnowRate = 5;

    /// <summary>Smallest and largest (melted) diameter drawn, mm.</summary>
    public const double MinDiameter = 2, MaxDiameter = 6;

    /// <summary>A flake's size over its melted diameter.</summary>
    public const float FlakeScale = 2.7f;

    /// <summary>Share of the irradiance a drop and a flake send back to the camera.</summary>
    public const float DropAlbedo = 0.5f, FlakeAlbedo = 0.9f;

    /// <summary>The most particles in one frame (bounds the cost; a cloudburst at 1280 × 720 and 90° draws ≈ 130,000).</summary>
    public const int MaxParticles = 250_000;

    /// <summary>Particles whose α × brightest channel of radiance is below this are left out.</summary>
    public const float Invisible = 1e-4f;

    // Sine of the half-width of the low beams' cut-off, round the camera's horizontal (≈ 1.1°).
    private const float CutOff = 0.02f;

    private const int PerCell = 8192; // particles per RNG cell: 5 values each, well inside a cell's 262,144
    private const ulong SnowCells = 1UL << 32;

    private static readonly float[] Linear = BuildLinear();

    /// <summary>Drops of 2–6 mm per m³ at rain <paramref name="rain"/> (0–1): Marshall–Palmer.</summary>
    public static double RainDensity(double rain)
    {
        if (!(rain > 0))
        {
            return 0;
        }

        double lambda = 4.1 * Math.Pow(RainRate * Math.Min(rain, 1), -0.21);
        return 8000 / lambda * (Math.Exp(-lambda * MinDiameter) - Math.Exp(-lambda * MaxDiameter));
    }

    /// <summary>Flakes of 2–6 mm melted diameter per m³ at snowfall <paramref name="snow"/> (0–1): Gunn–Marshall.</summary>
    public static double SnowDensity(double snow)
    {
        if (!(snow > 0))
        {
            return 0;
        }

        double rate = SnowRate * Math.Min(snow, 1);
        double lambda = 2.55 * Math.Pow(rate, -0.48);
        return 3800 * Math.Pow(rate, -0.87) / lambda * (Math.Exp(-lambda * MinDiameter) - Math.Exp(-lambda * MaxDiameter));
    }

    /// <summary>Dulls the image for rain, draws the particles and composites them (nothing when neither rain nor snow
    /// falls). <paramref name="lamps"/> are the street lights lighting the frame, as offsets from the camera. The result
    /// is the same on any number of <paramref name="threads"/>.</summary>
    public static void Apply(CameraFrame frame, PinholeCamera camera, Shading shading, ReadOnlySpan<Vector3> lamps, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!(shading.Rain > 0) && !(shading.Snow > 0))
        {
            return;
        }

        WetLook(frame, shading.Rain);
        Composite(frame, Particles(camera, shading, lamps, threads), threads);
    }

    /// <summary>The rain drops then snowflakes of one frame, in the order they are composited; the same on any number
    /// of <paramref name="threads"/> (each RNG cell of particles is drawn on its own and the cells joined in order).</summary>
    public static Particle[] Particles(PinholeCamera camera, Shading shading, ReadOnlySpan<Vector3> lamps, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(camera);
        Vector3[] lights = shading.StreetLights == Vector3.Zero ? [] : lamps.ToArray(); // by day their light is times zero
        List<Particle>[] rain = Draw(camera, shading, lights, snow: false, MaxParticles, threads);
        List<Particle>[] snow = Draw(camera, shading, lights, snow: true, MaxParticles - rain.Sum(c => c.Count), threads);
        var particles = new Particle[rain.Sum(c => c.Count) + snow.Sum(c => c.Count)];
        int n = 0;
        foreach (List<Particle> cell in rain.Concat(snow))
        {
            cell.CopyTo(particles, n);
            n += cell.Count;
        }

        return particles;
    }

    /// <summary>Rain's dull look: sRGB levels 20 % × <paramref name="rain"/> towards their BT.601 luma, then × (1 − 0.1 ×
    /// <paramref name="rain"/>), rounded.</summary>
    public static void WetLook(CameraFrame frame, float rain)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!(rain > 0))
        {
            return;
        }

        float grey = 0.2f * Math.Min(rain, 1), keep = 1 - (0.1f * Math.Min(rain, 1));
        byte[] rgb = frame.Rgb;
        for (int i = 0; i < rgb.Length; i += 3)
        {
            float r = rgb[i], g = rgb[i + 1], b = rgb[i + 2];
            float luma = (0.299f * r) + (0.587f * g) + (0.114f * b);
            rgb[i] = (byte)MathF.Round((((1 - grey) * r) + (grey * luma)) * keep);
            rgb[i + 1] = (byte)MathF.Round((((1 - grey) * g) + (grey * luma)) * keep);
            rgb[i + 2] = (byte)MathF.Round((((1 - grey) * b) + (grey * luma)) * keep);
        }
    }

    /// <summary>Blends <paramref name="particles"/>, in order, into the frame's RGB where each is nearer than the
    /// frame's depth; returns how many pixels changed. Bands of rows go to <paramref name="threads"/> workers, each
    /// taking every particle in order, so every pixel sees the same blends in the same order on any number of
    /// threads.</summary>
    public static int Composite(CameraFrame frame, ReadOnlySpan<Particle> particles, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(frame);
        int width = frame.Width, height = frame.Height, pixels = width * height;
        if (particles.IsEmpty)
        {
            return 0;
        }

        float[] linear = ArrayPool<float>.Shared.Rent(pixels * 3);
        bool[] touched = ArrayPool<bool>.Shared.Rent(pixels);
        Particle[] list = particles.ToArray();
        int bands = Math.Clamp(threads, 1, height);
        var changed = new int[bands];
        try
        {
            Array.Clear(touched, 0, pixels);
            void Band(int band)
            {
                int top = height * band / bands, bottom = (height * (band + 1) / bands) - 1;
                foreach (Particle p in list)
                {
                    Blend(frame, p, top, bottom, linear, touched);
                }

                changed[band] = Encode(frame, linear, touched, top * width, (bottom + 1) * width);
            }

            if (bands == 1)
            {
                Band(0);
            }
            else
            {
                Parallel.For(0, bands, new ParallelOptions { MaxDegreeOfParallelism = bands }, Band);
            }

            return changed.Sum();
        }
        finally
        {
            ArrayPool<float>.Shared.Return(linear);
            ArrayPool<bool>.Shared.Return(touched);
        }
    }

    /// <summary>Blends one particle into rows <paramref name="top"/>–<paramref name="bottom"/>: per row only the columns
    /// its capsule can reach.</summary>
    private static void Blend(CameraFrame frame, in Particle p, int top, int bottom, float[] linear, bool[] touched)
    {
        int width = frame.Width;
        float reach = (p.Width / 2) + 0.5f; // a pixel centre within this of the segment is (partly) covered
        Vector2 a = p.Start, ab = p.End - p.Start;
        float ab2 = ab.LengthSquared();
        int y0 = Math.Max(top, (int)MathF.Floor(MathF.Min(a.Y, p.End.Y) - reach));
        int y1 = Math.Min(bottom, (int)MathF.Floor(MathF.Max(a.Y, p.End.Y) + reach));
        byte[] rgb = frame.Rgb;
        float[] depth = frame.Depth;
        for (int y = y0; y <= y1; y++)
        {
            // The part of the segment within reach of this row's centres, then its columns.
            float yc = y + 0.5f, t0 = 0, t1 = 1;
            if (MathF.Abs(ab.Y) > 1e-6f)
            {
                float ta = (yc - reach - a.Y) / ab.Y, tb = (yc + reach - a.Y) / ab.Y;
                t0 = Math.Clamp(MathF.Min(ta, tb), 0, 1);
                t1 = Math.Clamp(MathF.Max(ta, tb), 0, 1);
            }

            float xa = a.X + (t0 * ab.X), xb = a.X + (t1 * ab.X);
            int x0 = Math.Max(0, (int)MathF.Floor(MathF.Min(xa, xb) - reach));
            int x1 = Math.Min(width - 1, (int)MathF.Floor(MathF.Max(xa, xb) + reach));
            for (int x = x0; x <= x1; x++)
            {
                var q = new Vector2(x + 0.5f, yc);
                float t = ab2 > 0 ? Math.Clamp(Vector2.Dot(q - a, ab) / ab2, 0, 1) : 0;
                float cover = Math.Clamp(reach - Vector2.Distance(q, a + (t * ab)), 0, 1);
                int i = (y * width) + x;
                if (cover <= 0 || !(p.StartDepth + (t * (p.EndDepth - p.StartDepth)) < depth[i]))
                {
                    continue;
                }

                if (!touched[i])
                {
                    touched[i] = true;
                    linear[3 * i] = Linear[rgb[3 * i]];
                    linear[(3 * i) + 1] = Linear[rgb[(3 * i) + 1]];
                    linear[(3 * i) + 2] = Linear[rgb[(3 * i) + 2]];
                }

                float w = p.Alpha * cover;
                linear[3 * i] += w * (p.Radiance.X - linear[3 * i]);
                linear[(3 * i) + 1] += w * (p.Radiance.Y - linear[(3 * i) + 1]);
                linear[(3 * i) + 2] += w * (p.Radiance.Z - linear[(3 * i) + 2]);
            }
        }
    }

    /// <summary>Writes the touched pixels in [<paramref name="from"/>, <paramref name="to"/>) back as sRGB; returns how
    /// many changed.</summary>
    private static int Encode(CameraFrame frame, float[] linear, bool[] touched, int from, int to)
    {
        byte[] rgb = frame.Rgb;
        int changed = 0;
        for (int i = from; i < to; i++)
        {
            if (!touched[i])
            {
                continue;
            }

            byte r = Shading.ToSrgb(linear[3 * i]), g = Shading.ToSrgb(linear[(3 * i) + 1]), b = Shading.ToSrgb(linear[(3 * i) + 2]);
            changed += r != rgb[3 * i] || g != rgb[(3 * i) + 1] || b != rgb[(3 * i) + 2] ? 1 : 0;
            rgb[3 * i] = r;
            rgb[(3 * i) + 1] = g;
            rgb[(3 * i) + 2] = b;
        }

        return changed;
    }

    /// <summary>Draws at most <paramref name="limit"/> particles of one kind, one list per RNG cell (cells in
    /// parallel; each cell's particles depend on its cell alone).</summary>
    private static List<Particle>[] Draw(PinholeCamera camera, Shading shading, Vector3[] lamps, bool snow, int limit, int threads)
    {
        double density = snow ? SnowDensity(shading.Snow) : RainDensity(shading.Rain);
        float near = MathF.Max(NearestDepth, (float)camera.Near), far = FarthestDepth;
        if (!(density > 0) || far <= near || limit <= 0)
        {
            return [];
        }

        // The widened frustum's cross-section at depth z is (spanU · z) × (spanV · z); its volume from near to far
        // is spanU · spanV · (far³ − near³) / 3.
        float wide = camera.Width * (1 + (2 * Margin)), tall = camera.Height * (1 + (2 * Margin));
        double spanU = wide / camera.Fx, spanV = tall / camera.Fy;
        double volume = spanU * spanV * (((double)far * far * far) - ((double)near * near * near)) / 3;
        int count = (int)Math.Min(limit, Math.Round(density * volume));
        var cells = new List<Particle>[(count + PerCell - 1) / PerCell];
        void Cell(int cell) => cells[cell] = DrawCell(camera, shading, lamps, snow, cell, Math.Min(PerCell, count - (cell * PerCell)), near, far);
        if (threads <= 1 || cells.Length <= 1)
        {
            for (int c = 0; c < cells.Length; c++)
            {
                Cell(c);
            }
        }
        else
        {
            Parallel.For(0, cells.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, Cell);
        }

        return cells;
    }

    private static List<Particle> DrawCell(PinholeCamera camera, Shading shading, Vector3[] lamps, bool snow, int cell, int count, float near, float far)
    {
        float left = -Margin * camera.Width, top = -Margin * camera.Height;
        float wide = camera.Width * (1 + (2 * Margin)), tall = camera.Height * (1 + (2 * Margin));
        float near3 = near * near * near, far3 = far * far * far;
        double rate = snow ? SnowRate * Math.Min(shading.Snow, 1) : RainRate * Math.Min(shading.Rain, 1);
        double lambda = snow ? 2.55 * Math.Pow(rate, -0.48) : 4.1 * Math.Pow(rate, -0.21);
        double truncated = 1 - Math.Exp(-lambda * (MaxDiameter - MinDiameter));
        float exposure = shading.Exposure, albedo = snow ? FlakeAlbedo : DropAlbedo;
        float fx = (float)camera.Fx, fy = (float)camera.Fy, cx = (float)camera.Cx, cy = (float)camera.Cy;
        (Vector3 right, Vector3 down, Vector3 forward) = camera.Axes();
        Vector3 drift = shading.Wind - shading.CameraVelocity;
        Vector3 lampColour = shading.StreetLights;
        RandomStream random = new CounterRng(shading.Seed).Stream((snow ? SnowCells : 0) + (ulong)cell, Stream, shading.Frame);
        var particles = new List<Particle>(count);
        for (int k = 0; k < count; k++)
        {
            float u = left + (random.NextSingle() * wide);
            float v = top + (random.NextSingle() * tall);
            float z = MathF.Cbrt(near3 + (random.NextSingle() * (far3 - near3)));
            double diameter = MinDiameter - (Math.Log(1 - (random.NextDouble() * truncated)) / lambda); // mm
            float size, fall;
            if (snow)
            {
                size = (float)(FlakeScale * diameter);
                fall = 0.8f * MathF.Pow(size, 0.16f);
            }
            else
            {
                size = (float)diameter;
                fall = (float)(9.65 - (10.3 * Math.Exp(-0.6 * diameter)));
            }

            // Mid-exposure position in the optical frame; velocity relative to the camera, in that frame.
            var middle = new Vector3((u - cx) / fx * z, (v - cy) / fy * z, z);
            Vector3 velocity = drift - new Vector3(0, 0, fall);
            Vector3 move = new Vector3(Vector3.Dot(velocity, right), Vector3.Dot(velocity, down), Vector3.Dot(velocity, forward)) * (exposure / 2);
            Vector3 from = middle - move, to = middle + move;
            if (from.Z < 0.05f || to.Z < 0.05f)
            {
                continue; // passing the lens
            }

            var start = new Vector2((fx * from.X / from.Z) + cx, (fy * from.Y / from.Z) + cy);
            var end = new Vector2((fx * to.X / to.Z) + cx, (fy * to.Y / to.Z) + cy);
            float disc = fx * size / 1000 / z;
            float width = MathF.Max(1, disc);
            float alpha = MathF.Min(1, MathF.PI / 4 * disc * disc / ((Vector2.Distance(start, end) + width) * width));

            // Light where the particle is (a sphere: no cosine), then fog over its distance.
            Vector3 offset = (right * middle.X) + (down * middle.Y) + (forward * middle.Z);
            float r2 = offset.LengthSquared(), r = MathF.Sqrt(r2);
            // Dipped beams have a cut-off: the air above the lamps' horizontal stays dark (surfaces keep the round beam).
            Vector3 toward = offset / r;
            float dipped = Math.Clamp((CutOff - toward.Z) / (2 * CutOff), 0, 1);
            float head = shading.Headlights * Shading.Beam(Vector3.Dot(toward, forward)) * dipped * dipped * (3 - (2 * dipped)) / MathF.Max(r2, 1);
            float white = (0.5f * shading.SunIrradiance) + shading.SkyIrradiance + head;
            float street = 0;
            foreach (Vector3 lamp in lamps)
            {
                Vector3 l = lamp - offset;
                float d2 = l.LengthSquared();
                street += Shading.LampCone(l.Z / MathF.Sqrt(d2)) / MathF.Max(d2, 1);
            }

            Vector3 radiance = shading.Fog(albedo * (new Vector3(white) + (lampColour * street)), r);
            if (alpha * MathF.Max(radiance.X, MathF.Max(radiance.Y, radiance.Z)) < Invisible)
            {
                continue;
            }

            particles.Add(new Particle(start, end, from.Z, to.Z, width, alpha, radiance));
        }

        return particles;
    }

    private static float[] BuildLinear()
    {
        var table = new float[256];
        for (int i = 0; i < 256; i++)
        {
            double s = i / 255.0;
            table[i] = (float)(s <= 0.04045 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4));
        }

        return table;
    }
}
