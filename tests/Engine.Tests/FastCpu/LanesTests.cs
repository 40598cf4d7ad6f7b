// Lanes' interleave and de-interleave (the phase split's even/odd columns) against the element-by-element rule, at every
// length around the vector steps, with even and odd counts, and nothing written past the end.
namespace Engine.Tests.FastCpu;

using Engine.Kernels.Cpu.Simd;
using NUnit.Framework;

public sealed class LanesTests
{
    private const float Untouched = -12345f;

    [Test]
    public void InterleavePutsEvenAndOddColumnsInPlace([Range(0, 13)] int evens, [Values(0, 1)] int fewerOdds)
    {
        int odds = Math.Max(0, evens - fewerOdds);
        float[] even = Values(evens, 1f), odd = Values(odds, 100f), dst = Filled(evens + odds + 8);
        Lanes.Interleave(even, odd, dst);
        for (int v = 0; v < evens; v++)
        {
            Assert.That(dst[2 * v], Is.EqualTo(even[v]), $"dst[{2 * v}]");
        }
        for (int v = 0; v < odds; v++)
        {
            Assert.That(dst[2 * v + 1], Is.EqualTo(odd[v]), $"dst[{2 * v + 1}]");
        }
        Assert.That(dst.Skip(evens + odds), Is.All.EqualTo(Untouched), "written past the last column");
    }

    [Test]
    public void DeinterleaveSplitsEvenAndOddColumns([Range(0, 13)] int evens, [Values(0, 1)] int fewerOdds)
    {
        int odds = Math.Max(0, evens - fewerOdds);
        float[] src = Values(evens + odds, 1f), even = Filled(evens + 4), odd = Filled(odds + 4);
        Lanes.Deinterleave(src, even.AsSpan(0, evens), odd.AsSpan(0, odds));
        Assert.That(even.Take(evens), Is.EqualTo(Enumerable.Range(0, evens).Select(x => src[2 * x])));
        Assert.That(odd.Take(odds), Is.EqualTo(Enumerable.Range(0, odds).Select(x => src[2 * x + 1])));
        Assert.That(even.Skip(evens).Concat(odd.Skip(odds)), Is.All.EqualTo(Untouched), "written past the last column");
    }

    private static float[] Values(int count, float start) => Enumerable.Range(0, count).Select(i => start + i).ToArray();

    private static float[] Filled(int count) => Enumerable.Repeat(Untouched, count).ToArray();
}
