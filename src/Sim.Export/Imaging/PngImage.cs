namespace Sim.Export.Imaging;

/// <summary>
/// A decoded PNG: its size, samples per pixel (1 grey, 2 grey + alpha, 3 RGB, 4 RGBA), bits per sample (8 or 16) and
/// every sample, row-major from the top-left pixel with a pixel's channels together. 16-bit samples hold their value
/// (the file's big-endian bytes already combined); 8-bit samples are 0–255.
/// </summary>
/// <param name="Width">Width, px.</param>
/// <param name="Height">Height, px.</param>
/// <param name="Channels">Samples per pixel.</param>
/// <param name="BitDepth">Bits per sample: 8 or 16.</param>
/// <param name="Samples">Width × height × channels samples.</param>
public sealed record PngImage(int Width, int Height, int Channels, int BitDepth, ushort[] Samples)
{
    /// <summary>The sample of channel <paramref name="channel"/> at pixel (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The pixel or channel is outside the image.</exception>
    public ushort Sample(int x, int y, int channel = 0)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height || (uint)channel >= (uint)Channels)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"Pixel ({x}, {y}) channel {channel} is outside a {Width} × {Height} image of {Channels} channels.");
        }

        return Samples[(((y * Width) + x) * Channels) + channel];
    }
}
