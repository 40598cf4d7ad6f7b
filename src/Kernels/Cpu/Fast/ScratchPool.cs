// Scratch arrays for the fast kernels (im2col columns, packed GEMM panels, permuted gradients):
// rented per call and returned, reused by size class so a training step allocates none after the first.
namespace Engine.Kernels.Cpu.Fast;

public sealed class ScratchPool
{
    private readonly Dictionary<int, Stack<float[]>> _free = new();
    private readonly Lock _lock = new();

    /// <summary>Arrays created because none of the size class was free (a test hook: it must stop growing).</summary>
    public long ArraysCreated { get; private set; }

    /// <summary>Total floats held by arrays this pool created.</summary>
    public long FloatsCreated { get; private set; }

    /// <summary>Rents a pinned array of at least <paramref name="length"/> floats; contents are garbage.</summary>
    public float[] Rent(int length)
    {
        int size = SizeClass(length);
        lock (_lock)
        {
            if (_free.TryGetValue(size, out var stack) && stack.Count > 0)
            {
                return stack.Pop();
            }
            ArraysCreated++;
            FloatsCreated += size;
        }
        return GC.AllocateUninitializedArray<float>(size, pinned: true);
    }

    public void Return(float[] array)
    {
        lock (_lock)
        {
            if (!_free.TryGetValue(array.Length, out var stack))
            {
                stack = new Stack<float[]>();
                _free[array.Length] = stack;
            }
            stack.Push(array);
        }
    }

    /// <summary>Drops every free array.</summary>
    public void Trim()
    {
        lock (_lock)
        {
            _free.Clear();
        }
    }

    // Powers of two up to 64 Ki floats, then multiples of 64 Ki: at most 2x waste for small, ~6% for large.
    private static int SizeClass(int length)
    {
        const int Step = 1 << 16;
        if (length <= Step)
        {
            return (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(length, 64));
        }
        return (length + Step - 1) / Step * Step;
    }
}
