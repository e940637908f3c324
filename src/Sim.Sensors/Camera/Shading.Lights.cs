using System.Numerics;

namespace Sim.Sensors.Camera;

/// <content>Street lights: the lamps' intensity, colour and cone, their irradiance on a surface, and the glow of their
/// luminaires (<see cref="Geometry.StreetLights"/> places them).</content>
public readonly partial record struct Shading
{
    /// <summary>A street light's irradiance at 1 m straight under it, at full darkness.</summary>
    public const float StreetLightIntensity = 25;

    /// <summary>Cosines of a street light's cone round straight down: full within 55°, none beyond 75° (a full
    /// cut-off luminaire sends nothing above the horizontal and little above 75°).</summary>
    public const float LampOuterCos = 0.25881904f, LampInnerCos = 0.57357644f;

    /// <summary>The colour of street lights (warm-white LED, about 3000 K), linear RGB, 1 in red.</summary>
    public static Vector3 StreetLightColour => new(1f, 0.8f, 0.6f);

    /// <summary>Street lights now, as the colour they multiply an irradiance sum by:
    /// <see cref="StreetLightColour"/> × <see cref="StreetLightIntensity"/> × <see cref="Darkness"/>.</summary>
    public Vector3 StreetLights => StreetLightColour * (StreetLightIntensity * Darkness);

    /// <summary>Radiance of a street light's luminaire (its underside) now, linear RGB: 3 × <see cref="StreetLightColour"/>
    /// × <see cref="Darkness"/> — it saturates the camera at night.</summary>
    public Vector3 Luminaire => StreetLightColour * (3 * Darkness);

    /// <summary>
    /// The irradiance (linear RGB) that <paramref name="lamps"/> — lamp positions as offsets from the camera, m — give a
    /// surface at <paramref name="offset"/> from the camera with unit <paramref name="normal"/> (facing the camera):
    /// Σ cone · max(0, n·l) / max(r², 1 m²) × <see cref="StreetLights"/>, with l the unit vector to the lamp, r its
    /// distance (inverse-square law) and cone a smoothstep of the angle from straight down between 75° and 55°. No
    /// shadows: a lamp lights through whatever stands between.
    /// </summary>
    public Vector3 StreetLighting(ReadOnlySpan<Vector3> lamps, Vector3 offset, Vector3 normal)
    {
        if (StreetLights == Vector3.Zero)
        {
            return Vector3.Zero; // by day: the sum below times zero
        }

        float e = 0;
        foreach (Vector3 lamp in lamps)
        {
            Vector3 l = lamp - offset;
            float r2 = Vector3.Dot(l, l);
            Vector3 d = l / MathF.Sqrt(r2);
            e += LampCone(d.Z) * MathF.Max(0, Vector3.Dot(normal, d)) / MathF.Max(r2, 1);
        }

        return StreetLights * e;
    }

    /// <summary>The street lights' cone: <paramref name="upness"/> is the cosine of the angle from straight down
    /// (the lamp seen from the lit point: its direction's z).</summary>
    public static float LampCone(float upness)
    {
        float t = Math.Clamp((upness - LampOuterCos) / (LampInnerCos - LampOuterCos), 0, 1);
        return t * t * (3 - (2 * t));
    }
}
