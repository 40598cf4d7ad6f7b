// Something small to train on in the families' model tests: a batch of bright rectangles at seeded places, and the
// ratio of the last loss to the first over a few Adam steps (a loss that falls is a model that learns).
namespace Engine.Tests.Families;

using Engine.Memory;
using Engine.Nn;

internal static class TinyTraining
{
    /// <summary>n images with a bright rectangle at a seeded place (something to learn), (n, 1, 28, 28).</summary>
    internal static float[] Rectangles(int n, int seed)
    {
        var values = new float[n * 28 * 28];
        var random = new Random(seed);
        for (int i = 0; i < n; i++)
        {
            int x0 = random.Next(4, 14), y0 = random.Next(4, 14), w = random.Next(6, 12), h = random.Next(6, 12);
            for (int y = y0; y < y0 + h; y++)
                for (int x = x0; x < x0 + w; x++)
                    values[i * 784 + y * 28 + x] = 0.9f;
        }
        return values;
    }

    internal static float LossDrop(Module model, int steps, Func<Tensor> loss)
    {
        var optimizer = new Adam(model.Parameters(), 1e-3f);
        float first = 0, last = 0;
        for (int step = 0; step < steps; step++)
        {
            using var scope = TensorScope.Begin();
            optimizer.ZeroGrad();
            var value = loss();
            value.Backward();
            optimizer.Step();
            if (step == 0) first = value.ToScalar();
            last = value.ToScalar();
        }
        return last / first;
    }
}
