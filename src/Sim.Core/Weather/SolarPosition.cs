namespace Sim.Core.Weather;

/// <summary>
/// Sun altitude and azimuth from latitude, day of year and local solar time, with the declination and hour-angle
/// formulas of the NOAA solar calculator (simplified: no equation of time, no refraction; within about 1° of the full
/// algorithm, enough for shading and headlight decisions).
/// </summary>
public static class SolarPosition
{
    /// <summary>The sun's (altitude, azimuth) in radians; azimuth counter-clockwise from east (x east, y north).</summary>
    /// <param name="latitude">Degrees north (−90 … 90).</param>
    /// <param name="dayOfYear">1 … 366.</param>
    /// <param name="solarHours">Local solar time, hours (12 = solar noon).</param>
    public static (double Altitude, double Azimuth) At(double latitude, double dayOfYear, double solarHours)
    {
        double phi = latitude * Math.PI / 180;
        double gamma = 2 * Math.PI / 365 * (dayOfYear - 1 + ((solarHours - 12) / 24));
        double declination = 0.006918 - (0.399912 * Math.Cos(gamma)) + (0.070257 * Math.Sin(gamma))
            - (0.006758 * Math.Cos(2 * gamma)) + (0.000907 * Math.Sin(2 * gamma))
            - (0.002697 * Math.Cos(3 * gamma)) + (0.00148 * Math.Sin(3 * gamma));
        double hourAngle = (solarHours - 12) * 15 * Math.PI / 180;
        double sinAltitude = (Math.Sin(phi) * Math.Sin(declination)) + (Math.Cos(phi) * Math.Cos(declination) * Math.Cos(hourAngle));
        double altitude = Math.Asin(Math.Clamp(sinAltitude, -1, 1));

        // Components of the sun direction in local east / north / up.
        double east = -Math.Cos(declination) * Math.Sin(hourAngle);
        double north = (Math.Cos(phi) * Math.Sin(declination)) - (Math.Sin(phi) * Math.Cos(declination) * Math.Cos(hourAngle));
        return (altitude, Math.Atan2(north, east));
    }
}
