// Which vector width the fast CPU kernels run at: the one place that asks the runtime what the machine accelerates.
// The runtime's switches narrow it for tests and comparisons on any machine: DOTNET_PreferredVectorBitWidth=256 (or
// DOTNET_EnableAVX512F=0) leaves AVX2, DOTNET_EnableAVX2=0 leaves the 128-bit path (SSE on x86, as NEON on ARM64).
namespace Engine.Kernels.Cpu.Simd;

using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

/// <summary>The vector width a fast CPU kernel runs at; <see cref="Auto"/> is the widest the machine accelerates.</summary>
public enum SimdLevel
{
    Auto,
    Scalar,
    Vector128,
    Vector256,
    Vector512,
}

/// <summary>The widths this process accelerates, and the one rule that picks among them.</summary>
public static class SimdWidths
{
    /// <summary>The widest vector the runtime accelerates here (Scalar where none is).</summary>
    public static SimdLevel Widest { get; } =
        IsAccelerated(SimdLevel.Vector512) ? SimdLevel.Vector512
        : IsAccelerated(SimdLevel.Vector256) ? SimdLevel.Vector256
        : IsAccelerated(SimdLevel.Vector128) ? SimdLevel.Vector128
        : SimdLevel.Scalar;

    /// <summary>Auto becomes <see cref="Widest"/>; a width the machine does not accelerate is refused.</summary>
    public static SimdLevel Resolve(SimdLevel level)
    {
        if (level == SimdLevel.Auto)
        {
            return Widest;
        }
        if (!IsAccelerated(level))
        {
            throw new PlatformNotSupportedException(
                $"{Describe(level)} is not accelerated on this machine (widest here: {Describe(Widest)}); pick a narrower SimdLevel or Auto.");
        }
        return level;
    }

    /// <summary>
    /// Whether this process runs vectors of that width in hardware (Scalar always). The 256- and 512-bit paths also
    /// need fused multiply-add (FMA3, AVX-512F: every AVX2 and AVX-512 CPU has them), so their kernels use it directly.
    /// </summary>
    public static bool IsAccelerated(SimdLevel level) => level switch
    {
        SimdLevel.Auto or SimdLevel.Scalar => true,
        SimdLevel.Vector128 => Vector128.IsHardwareAccelerated,
        SimdLevel.Vector256 => Vector256.IsHardwareAccelerated && Fma.IsSupported,
        SimdLevel.Vector512 => Vector512.IsHardwareAccelerated && Avx512F.IsSupported,
        _ => false,
    };

    /// <summary>
    /// Whether multiply-adds are one fused instruction (FMA3, AVX-512, NEON) or a multiply and an add. For reports only:
    /// a kernel must not branch on it. The JIT folds a property only after inlining, by which time the dead branch's
    /// software FusedMultiplyAdd has already pushed the loop's vector locals onto the stack; kernels test the ISA
    /// classes themselves (`Fma.IsSupported || AdvSimd.IsSupported`, constants while importing), as V128 does.
    /// </summary>
    public static bool HasFusedMultiplyAdd => Fma.IsSupported || Avx512F.IsSupported || AdvSimd.IsSupported;

    /// <summary>The CPU's model name (/proc/cpuinfo on Linux), else the process architecture.</summary>
    public static string CpuName { get; } = ReadCpuName();

    /// <summary>A width in words, e.g. "256-bit (AVX2)".</summary>
    public static string Describe(SimdLevel level) => (level == SimdLevel.Auto ? Widest : level) switch
    {
        SimdLevel.Vector512 => "512-bit (AVX-512)",
        SimdLevel.Vector256 => "256-bit (AVX2)",
        SimdLevel.Vector128 => AdvSimd.IsSupported ? "128-bit (NEON)" : "128-bit (SSE)",
        _ => "scalar",
    };

    /// <summary>One line for `engine devices` and the benchmarks: the width in use, FMA, and what the runtime turned off.</summary>
    public static string Summary()
    {
        string fma = HasFusedMultiplyAdd ? "fused multiply-add" : "multiply + add (no FMA)";
        string narrowed = Widest switch
        {
            SimdLevel.Vector256 when Avx512F.IsSupported => "; AVX-512 present but not used (DOTNET_PreferredVectorBitWidth or the runtime's choice)",
            SimdLevel.Vector128 when Avx2.IsSupported || Avx.IsSupported => "; AVX present but turned off",
            _ => "",
        };
        return $"SIMD {Describe(Widest)}, {fma}, {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}{narrowed}";
    }

    private static string ReadCpuName()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                foreach (string line in File.ReadLines("/proc/cpuinfo"))
                {
                    // x86: "model name : AMD EPYC ..."; ARM64 kernels name no model, only "CPU part" numbers.
                    if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':') is int colon and > 0)
                    {
                        return line[(colon + 1)..].Trim();
                    }
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
    }
}
