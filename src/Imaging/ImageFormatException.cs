// The one exception thrown for unreadable image files: it names the file, the part that is wrong and why.
namespace Engine.Imaging;

public sealed class ImageFormatException : IOException
{
    public ImageFormatException(string message) : base(message)
    {
    }

    public ImageFormatException(string message, Exception inner) : base(message, inner)
    {
    }
}
