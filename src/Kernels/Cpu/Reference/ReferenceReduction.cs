// Reference reductions over a (outer, middle, inner) view.
namespace Engine.Kernels.Cpu.Reference;

public static class ReferenceReduction
{
    /// <summary>output[o * inner + i] = sum_m input[(o * middle + m) * inner + i]. Writes (=).</summary>
    public static void Sum<T>(ReadOnlySpan<T> input, int outer, int middle, int inner, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                T sum = T.Zero;
                for (int m = 0; m < middle; m++)
                {
                    sum += input[(o * middle + m) * inner + i];
                }
                output[o * inner + i] = sum;
            }
        }
    }

    /// <summary>output[m] = sum_{o,i} input[(o * middle + m) * inner + i]. Writes (=).</summary>
    public static void SumToMiddle<T>(ReadOnlySpan<T> input, int outer, int middle, int inner, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        for (int m = 0; m < middle; m++)
        {
            T sum = T.Zero;
            for (int o = 0; o < outer; o++)
            {
                for (int i = 0; i < inner; i++)
                {
                    sum += input[(o * middle + m) * inner + i];
                }
            }
            output[m] = sum;
        }
    }
}
