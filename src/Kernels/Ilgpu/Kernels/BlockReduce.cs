// Deterministic sums and maxima inside a warp and a group: butterfly shuffles (every lane ends with the same,
// order-fixed total) and one shared-memory slot per warp. No float atomics anywhere, so a kernel gives the same
// bits run after run. Group sizes are multiples of the warp size; every thread of the group must call.
namespace Engine.Kernels.Ilgpu.Kernels;

using ILGPU;

internal static class BlockReduce
{
    /// <summary>Slots a group needs in its <c>scratch</c> (one per warp of a group of at most 1024 threads).</summary>
    public const int ScratchLength = 32;

    public static float WarpSum(float value)
    {
        for (int offset = Warp.WarpSize / 2; offset > 0; offset >>= 1)
        {
            value += Warp.ShuffleXor(value, offset);
        }
        return value;
    }

    public static float WarpMax(float value)
    {
        for (int offset = Warp.WarpSize / 2; offset > 0; offset >>= 1)
        {
            value = DeviceMath.Max(value, Warp.ShuffleXor(value, offset));
        }
        return value;
    }

    /// <summary>
    /// The group's total, returned to every thread: warp sums go to scratch[warp]; after a barrier every thread adds
    /// the slots in the same order (broadcast reads, no shuffles: identical bits everywhere, and cheap on the CPU
    /// accelerator, where each shuffle is a thread synchronisation); a second barrier lets the next call reuse scratch.
    /// </summary>
    public static float GroupSum(float value, ArrayView<float> scratch)
    {
        int lane = Group.IdxX % Warp.WarpSize, warp = Group.IdxX / Warp.WarpSize;
        int warps = Group.DimX / Warp.WarpSize;
        value = WarpSum(value);
        if (lane == 0)
        {
            scratch[warp] = value;
        }
        Group.Barrier();
        float total = 0f;
        for (int w = 0; w < warps; w++)
        {
            total += scratch[w];
        }
        Group.Barrier();
        return total;
    }
}
