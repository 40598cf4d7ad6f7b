// Reads back what the tests need from a GIF file: the logical screen size and the number of frames (image descriptors),
// walking the block structure (GIF89a spec, sections 17-27) so the LZW data of a frame is never mistaken for a block.
namespace Engine.Tests.Imaging;

internal static class GifFile
{
    public static (int Width, int Height) Size(byte[] gif)
    {
        Assert.That(System.Text.Encoding.ASCII.GetString(gif, 0, 6), Is.EqualTo("GIF89a").Or.EqualTo("GIF87a"));
        return (gif[6] | gif[7] << 8, gif[8] | gif[9] << 8);
    }

    public static int FrameCount(byte[] gif)
    {
        Size(gif);
        int position = 13 + ColorTableSize(gif[10]);
        int frames = 0;
        while (position < gif.Length)
        {
            switch (gif[position])
            {
                case 0x21:                                           // extension: label, then sub-blocks
                    position = SkipSubBlocks(gif, position + 2);
                    break;
                case 0x2C:                                           // image descriptor, local table, LZW code size, data
                    frames++;
                    position = SkipSubBlocks(gif, position + 10 + ColorTableSize(gif[position + 9]) + 1);
                    break;
                case 0x3B:                                           // trailer
                    return frames;
                default:
                    throw new InvalidDataException($"Unexpected GIF block 0x{gif[position]:X2} at byte {position}.");
            }
        }
        throw new InvalidDataException("The GIF has no trailer.");
    }

    private static int ColorTableSize(byte packed) => (packed & 0x80) != 0 ? 3 << ((packed & 0x07) + 1) : 0;

    private static int SkipSubBlocks(byte[] gif, int position)
    {
        while (gif[position] != 0) position += gif[position] + 1;
        return position + 1;
    }
}
