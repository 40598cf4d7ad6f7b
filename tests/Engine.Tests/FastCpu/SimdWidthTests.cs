// The vector width the fast kernels run at, checked against what the run meant to test. CI runs the CPU suites again
// under the runtime's switches with ENGINE_EXPECT_SIMD naming the width that switch must leave (128 under
// DOTNET_EnableAVX2=0, 256 or narrower under DOTNET_PreferredVectorBitWidth=256): if the switch did not take, the
// narrower kernels were not tested and this fails. A switch that changes nothing on this machine (256 on an AVX2-only
// CPU) passes and says so.
namespace Engine.Tests.FastCpu;

using Engine.Kernels.Cpu;
using Engine.Kernels.Cpu.Simd;
using NUnit.Framework;

public sealed class SimdWidthTests
{
    [Test]
    public void TheWidthMeantIsTheWidthThatRuns()
    {
        string? expected = Environment.GetEnvironmentVariable("ENGINE_EXPECT_SIMD");
        if (string.IsNullOrEmpty(expected))
        {
            Assert.Pass($"no width expected (ENGINE_EXPECT_SIMD unset); running at {SimdWidths.Summary()}");
        }
        int bits = int.Parse(expected);
        int widest = Bits(SimdWidths.Widest);
        Assert.That(widest, Is.LessThanOrEqualTo(bits),
            $"ENGINE_EXPECT_SIMD={bits} but the kernels run at {SimdWidths.Summary()}: the runtime switch did not take");
        using var backend = new CpuBackend();
        Assert.That(Bits(backend.Simd), Is.EqualTo(widest), "the backend's default width is the widest accelerated");
        if (widest < bits)
        {
            Assert.Pass($"expected {bits} bits; this machine's widest under the switch is {widest} ({SimdWidths.Summary()})");
        }
        if (bits == 128)
        {
            Assert.That(widest, Is.EqualTo(128), "the 128-bit path must still be vectorised (SSE or NEON), not scalar");
        }
    }

    [Test]
    public void EveryAcceleratedWidthUpToTheWidestIsAvailable()
    {
        int widest = Bits(SimdWidths.Widest);
        foreach (var level in new[] { SimdLevel.Vector128, SimdLevel.Vector256, SimdLevel.Vector512 })
        {
            Assert.That(SimdWidths.IsAccelerated(level), Is.EqualTo(Bits(level) <= widest), $"{level} on {SimdWidths.Summary()}");
        }
        Assert.That(() => SimdWidths.Resolve(SimdLevel.Auto), Throws.Nothing);
        if (widest < 512)
        {
            Assert.That(() => new CpuBackend(simd: SimdLevel.Vector512), Throws.TypeOf<PlatformNotSupportedException>()
                .With.Message.Contains("not accelerated on this machine"));
        }
    }

    private static int Bits(SimdLevel level) => level switch
    {
        SimdLevel.Vector512 => 512,
        SimdLevel.Vector256 => 256,
        SimdLevel.Vector128 => 128,
        _ => 0,
    };
}
