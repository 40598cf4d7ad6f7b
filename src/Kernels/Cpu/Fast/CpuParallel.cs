// Parallel loops for the fast CPU kernels: every parallel kernel takes the backend's thread count and
// runs inline when it is 1 or the work is too small to split; otherwise the process's ThreadTeam runs the loop.
namespace Engine.Kernels.Cpu.Fast;

internal static class CpuParallel
{
    /// <summary>
    /// Ranges per thread in <see cref="ForRanges"/>: 1 gives each thread one equal share; more lets a thread that runs
    /// slower (a busy core beside it) take fewer ranges from the team's shared counter. Engine.Bench step-ab times both.
    /// </summary>
    internal static int RangesPerThread { get; set; } = 1;

    /// <summary>Runs body(i) for i &lt; count on at most <paramref name="threads"/> threads.</summary>
    public static void For(int count, int threads, Action<int> body)
    {
        if (threads <= 1 || count <= 1)
        {
            for (int i = 0; i < count; i++)
            {
                body(i);
            }
            return;
        }
        ThreadTeam.Shared.For(count, threads, body);
    }

    /// <summary>
    /// Splits [0, length) into contiguous ranges (multiples of <paramref name="align"/>, at least
    /// <paramref name="minChunk"/> long) and runs body(start, end) on each.
    /// </summary>
    public static void ForRanges(int length, int threads, int minChunk, Action<int, int> body, int align = 64)
    {
        int chunks = Math.Min(threads <= 1 ? 1 : threads * RangesPerThread, Math.Max(1, length / Math.Max(minChunk, 1)));
        if (chunks <= 1)
        {
            body(0, length);
            return;
        }
        int size = (length + chunks - 1) / chunks;
        size = (size + align - 1) / align * align;
        chunks = (length + size - 1) / size;
        For(chunks, threads, i => body(i * size, Math.Min(length, (i + 1) * size)));
    }
}
