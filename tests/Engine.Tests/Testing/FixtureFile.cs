// Reader of the PyTorch fixture files written by tools/make_torch_fixtures.py: magic "ENGFIX01" (format version 01),
// then named float32 tensors with their shapes and named float64 scalar lists (the writer documents the layout).
namespace Engine.Tests.Testing;

using System.Text;
using NUnit.Framework;

/// <summary>One stored tensor: its dimensions and float32 values (row-major).</summary>
public sealed record FixtureTensor(string Name, int[] Dims, float[] Values)
{
    public Shape Shape => new(Dims);

    /// <summary>A new engine tensor with these values (on the default backend).</summary>
    public Tensor ToTensor(bool requiresGrad = false)
    {
        var t = Tensor.FromArray(Values, Shape);
        t.RequiresGrad = requiresGrad;
        return t;
    }
}

public sealed class FixtureFile
{
    public const string MagicPrefix = "ENGFIX";
    public const string Version = "01";
    private const byte TensorKind = 1, ScalarsKind = 2;

    private static readonly Dictionary<string, FixtureFile> s_cache = [];
    private readonly Dictionary<string, FixtureTensor> _tensors = [];
    private readonly Dictionary<string, double[]> _scalars = [];

    private FixtureFile(string source) => Source = source;

    /// <summary>Where the file came from (for messages).</summary>
    public string Source { get; }

    public IEnumerable<string> Names => _tensors.Keys.Concat(_scalars.Keys);

    /// <summary>A committed fixture from tests/Engine.Tests/Fixtures/torch (copied next to the test assembly), read once.</summary>
    public static FixtureFile Torch(string fileName)
    {
        lock (s_cache)
        {
            if (!s_cache.TryGetValue(fileName, out var file))
            {
                file = Load(TorchPath(fileName));
                s_cache[fileName] = file;
            }
            return file;
        }
    }

    /// <summary>The path of a committed file under tests/Engine.Tests/Fixtures/torch, as copied next to the test assembly.</summary>
    public static string TorchPath(string fileName) =>
        Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "torch", fileName);

    public static FixtureFile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Fixture '{path}' is missing. Regenerate it with /usr/bin/python3 tools/make_torch_fixtures.py.", path);
        }
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public static FixtureFile Read(Stream stream, string source)
    {
        var file = new FixtureFile(source);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        string entry = "the header";
        try
        {
            byte[] magic = reader.ReadBytes(8);
            string text = Encoding.ASCII.GetString(magic);
            if (magic.Length < 8 || !text.StartsWith(MagicPrefix, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{source}: not an engine fixture file (bad magic '{Printable(magic)}', " +
                    $"expected '{MagicPrefix}{Version}').");
            }
            if (text[MagicPrefix.Length..] != Version)
            {
                throw new InvalidDataException($"{source}: fixture format version '{text[MagicPrefix.Length..]}' is not " +
                    $"supported (this reader reads version '{Version}'); regenerate with tools/make_torch_fixtures.py.");
            }
            uint count = reader.ReadUInt32();
            for (uint i = 0; i < count; i++)
            {
                entry = $"entry {i}";
                int nameLength = reader.ReadUInt16();
                string name = Encoding.UTF8.GetString(ReadExactly(reader, nameLength));
                entry = $"entry {i} ('{name}')";
                byte kind = reader.ReadByte();
                if (kind == TensorKind)
                {
                    int rank = reader.ReadByte();
                    var dims = new int[rank];
                    long size = 1;
                    for (int d = 0; d < rank; d++)
                    {
                        dims[d] = reader.ReadInt32();
                        if (dims[d] < 0) throw new InvalidDataException($"{source}: {entry} has a negative dimension.");
                        size *= dims[d];
                    }
                    var values = new float[size];
                    Buffer.BlockCopy(ReadExactly(reader, checked((int)size * 4)), 0, values, 0, (int)size * 4);
                    file._tensors.Add(name, new FixtureTensor(name, dims, values));
                }
                else if (kind == ScalarsKind)
                {
                    int n = reader.ReadInt32();
                    var values = new double[n];
                    Buffer.BlockCopy(ReadExactly(reader, checked(n * 8)), 0, values, 0, n * 8);
                    file._scalars.Add(name, values);
                }
                else
                {
                    throw new InvalidDataException($"{source}: {entry} has unknown kind {kind}.");
                }
            }
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{source}: truncated while reading {entry}.");
        }
        if (stream.CanSeek && stream.Position != stream.Length)
        {
            throw new InvalidDataException($"{source}: {stream.Length - stream.Position} unexpected bytes after the last entry.");
        }
        return file;
    }

    public bool Contains(string name) => _tensors.ContainsKey(name) || _scalars.ContainsKey(name);

    public FixtureTensor GetTensor(string name) =>
        _tensors.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"{Source} has no tensor '{name}'.");

    public double[] GetScalars(string name) =>
        _scalars.TryGetValue(name, out var s) ? s : throw new KeyNotFoundException($"{Source} has no scalar list '{name}'.");

    private static byte[] ReadExactly(BinaryReader reader, int length)
    {
        byte[] bytes = reader.ReadBytes(length);
        if (bytes.Length != length) throw new EndOfStreamException();
        return bytes;
    }

    private static string Printable(byte[] bytes) =>
        new(bytes.Select(b => b is >= 32 and < 127 ? (char)b : '?').ToArray());
}
