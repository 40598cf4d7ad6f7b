// Seeded property runs with CsCheck generators: the same inputs every CI run (a fixed PCG seed per property), and a
// failure names the seed, the iteration and the input so it can be replayed. Mutations damage valid files at random.
namespace Engine.Tests.Properties;

using CsCheck;

internal static class Property
{
    /// <summary>Draws <paramref name="count"/> inputs from <paramref name="gen"/> with a fixed seed and checks each.</summary>
    public static void ForAll<T>(Gen<T> gen, int count, ulong seed, Action<T> check, Func<T, string>? describe = null)
    {
        var pcg = new PCG(1, seed);
        for (int i = 0; i < count; i++)
        {
            T input = gen.Generate(pcg, null, out _);
            try
            {
                check(input);
            }
            catch (Exception e) when (e is not SuccessException)
            {
                string shown = describe?.Invoke(input) ?? input?.ToString() ?? "null";
                Assert.Fail($"Property failed (seed {seed}, iteration {i}) on {Cut(shown)}:\n{e}");
            }
        }
    }

    /// <summary>
    /// Random damage to a valid file: flipped bytes, overwritten runs, truncation, inserted or deleted bytes, and big-endian
    /// or little-endian 32/64-bit fields overwritten with extreme values (lengths and sizes are where parsers break).
    /// </summary>
    public static Gen<byte[]> Mutations(byte[] valid) =>
        Gen.Int[1, 4].SelectMany(steps => Step(valid.Length).Array[steps], (_, ops) => Apply(valid, ops));

    public static string Hex(byte[] bytes) => Convert.ToHexString(bytes);

    private static readonly ulong[] Extremes = [0, 1, 0x7F, 0xFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, long.MaxValue, ulong.MaxValue];

    private sealed record Op(int Kind, double Where, int Size, ulong Value);

    private static Gen<Op> Step(int length) =>
        Gen.Select(Gen.Int[0, 6], Gen.Double[0, 1], Gen.Int[1, 16], Gen.Int[0, Extremes.Length - 1], Gen.ULong,
            (kind, where, size, extreme, random) => new Op(kind, where, size, kind == 6 ? random : Extremes[extreme]));

    private static byte[] Apply(byte[] valid, Op[] ops)
    {
        var bytes = new List<byte>(valid);
        foreach (var op in ops)
        {
            int at = (int)(op.Where * bytes.Count);
            switch (op.Kind)
            {
                case 0 when bytes.Count > 0: // flip one bit
                    at = Math.Min(at, bytes.Count - 1);
                    bytes[at] ^= (byte)(1 << (op.Size % 8));
                    break;
                case 1: // truncate
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 2: // insert bytes
                    bytes.InsertRange(at, Enumerable.Range(0, op.Size).Select(i => (byte)(op.Value >> (8 * (i % 8)))));
                    break;
                case 3: // delete bytes
                    bytes.RemoveRange(at, Math.Min(op.Size, bytes.Count - at));
                    break;
                case 4 or 6: // a 32-bit big-endian field (PNG, IDX), or random
                    Overwrite(bytes, at, 4, op.Value, bigEndian: true);
                    break;
                default: // a 64-bit little-endian field (safetensors)
                    Overwrite(bytes, at, 8, op.Value, bigEndian: false);
                    break;
            }
        }
        return [.. bytes];
    }

    private static void Overwrite(List<byte> bytes, int at, int width, ulong value, bool bigEndian)
    {
        for (int i = 0; i < width && at + i < bytes.Count; i++)
        {
            int shift = 8 * (bigEndian ? width - 1 - i : i);
            bytes[at + i] = (byte)(value >> shift);
        }
    }

    private static string Cut(string text) => text.Length <= 4000 ? text : text[..4000] + "...";
}
