// y = a @ b for matrices a (M, K), b (K, N). Backward: da = dy @ b^T; db = a^T @ dy.
namespace Engine.Ops;

internal sealed class MatMulNode(Tensor a, Tensor b) : Node(a, b)
{
    public static Tensor Apply(Tensor a, Tensor b)
    {
        if (a.Rank != 2 || b.Rank != 2 || a.Shape[1] != b.Shape[0])
        {
            throw new ArgumentException($"MatMul needs (M, K) @ (K, N); got {a.Shape} @ {b.Shape}.");
        }
        a.CheckSameBackend(b, "MatMul");
        int m = a.Shape[0], k = a.Shape[1], n = b.Shape[1];
        var y = Tensor.Empty(new Shape(m, n), a.Backend);
        a.Backend.Gemm(a.Buffer, b.Buffer, m, n, k, false, false, 1f, 0f, y.Buffer);
        return y.Track(() => new MatMulNode(a, b), a, b);
    }

    public override Tensor?[] Backward(Tensor dOutput)
    {
        int m = a.Shape[0], k = a.Shape[1], n = b.Shape[1];
        Tensor? da = null, db = null;
        if (Needs(0))
        {
            da = Tensor.Empty(a.Shape, a.Backend);
            a.Backend.Gemm(dOutput.Buffer, b.Buffer, m, k, n, false, true, 1f, 0f, da.Buffer);
        }
        if (Needs(1))
        {
            db = Tensor.Empty(b.Shape, b.Backend);
            a.Backend.Gemm(a.Buffer, dOutput.Buffer, k, n, m, true, false, 1f, 0f, db.Buffer);
        }
        return [da, db];
    }
}
