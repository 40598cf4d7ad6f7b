// Animated GIF writer (GIF89a): one global palette, LZW-compressed frames, a per-frame delay and a
// NETSCAPE2.0 loop block so browsers repeat the animation forever (or loopCount times).
using System.Text;

namespace Engine.Imaging;

/// <summary>Writes animated GIFs (GIF89a): one global palette, LZW-compressed frames, a frame delay and a loop block.</summary>
public static class Gif
{
    /// <summary>
    /// Writes frames (all the same size; gray, RGB or RGBA, alpha ignored) as an animation shown
    /// <paramref name="delayMs"/> per frame (GIF stores hundredths; browsers treat under 20 ms as 100 ms).
    /// <paramref name="loopCount"/> 0 loops forever.
    /// </summary>
    public static void Write(string path, IReadOnlyList<Image> frames, int delayMs = 50, int loopCount = 0)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }
        File.WriteAllBytes(path, Encode(frames, delayMs, loopCount));
    }

    public static byte[] Encode(IReadOnlyList<Image> frames, int delayMs = 50, int loopCount = 0)
    {
        if (frames.Count == 0)
        {
            throw new ArgumentException("A GIF needs at least one frame.", nameof(frames));
        }
        int width = frames[0].Width, height = frames[0].Height;
        if (frames.Any(f => f.Width != width || f.Height != height))
        {
            throw new ArgumentException($"All GIF frames must be {width}x{height}, like the first.", nameof(frames));
        }
        if (width > ushort.MaxValue || height > ushort.MaxValue)
        {
            throw new ArgumentException($"GIF size {width}x{height} exceeds 65535.", nameof(frames));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(delayMs);
        ArgumentOutOfRangeException.ThrowIfNegative(loopCount);

        GifPalette palette = GifPalette.Build(frames);
        int tableBits = Math.Max(1, (int)Math.Ceiling(Math.Log2(Math.Max(2, palette.Colors.Length))));
        using var output = new MemoryStream();
        output.Write(Encoding.ASCII.GetBytes("GIF89a"));
        WriteUInt16(output, width);
        WriteUInt16(output, height);
        output.WriteByte((byte)(0x80 | (7 << 4) | (tableBits - 1))); // global table, 8-bit colour resolution
        output.WriteByte(0); // background colour index
        output.WriteByte(0); // pixel aspect ratio: unspecified
        for (int i = 0; i < 1 << tableBits; i++)
        {
            Rgb c = i < palette.Colors.Length ? palette.Colors[i] : Rgb.Black;
            output.Write([c.R, c.G, c.B]);
        }

        output.Write([0x21, 0xFF, 11]);
        output.Write(Encoding.ASCII.GetBytes("NETSCAPE2.0"));
        output.Write([3, 1]);
        WriteUInt16(output, loopCount);
        output.WriteByte(0);

        int delay = (int)Math.Round(delayMs / 10.0);
        foreach (Image frame in frames)
        {
            output.Write([0x21, 0xF9, 4, 1 << 2]); // graphic control: disposal 1 (leave in place), no transparency
            WriteUInt16(output, delay);
            output.Write([0, 0]);
            output.WriteByte(0x2C); // image descriptor: full frame, no local table, not interlaced
            WriteUInt16(output, 0);
            WriteUInt16(output, 0);
            WriteUInt16(output, width);
            WriteUInt16(output, height);
            output.WriteByte(0);
            GifLzw.Encode(palette.Map(frame), Math.Max(2, tableBits), output);
        }
        output.WriteByte(0x3B);
        return output.ToArray();
    }

    private static void WriteUInt16(Stream output, int value)
    {
        output.WriteByte((byte)value);
        output.WriteByte((byte)(value >> 8));
    }
}
