// PNG files in and out: Png.Write(path, image) and Png.Read(path), plus in-memory Encode and Decode.
namespace Engine.Imaging;

public static class Png
{
    /// <summary>Writes an 8-bit gray, RGB or RGBA PNG, creating the folder if needed.</summary>
    public static void Write(string path, Image image)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }
        File.WriteAllBytes(path, Encode(image));
    }

    /// <summary>Reads a PNG; throws <see cref="ImageFormatException"/> naming the file and the problem if it is unreadable.</summary>
    public static Image Read(string path) => PngDecoder.Decode(File.ReadAllBytes(path), path);

    public static byte[] Encode(Image image) => PngEncoder.Encode(image);

    public static Image Decode(ReadOnlySpan<byte> data, string name = "PNG data") => PngDecoder.Decode(data, name);
}
