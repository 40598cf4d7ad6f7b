// The closed lists of elementwise operations every backend implements, with their math.
namespace Engine.Kernels;

/// <summary>y = f(x; alpha, beta). Backward gives dx = dy * f'(x).</summary>
public enum UnaryOp
{
    Neg,        // -x
    Exp,        // e^x
    Log,        // ln x
    Abs,        // |x|            (derivative sign(x), 0 at 0)
    Sqrt,       // sqrt(x)
    Pow,        // x^alpha
    Sigmoid,    // 1 / (1 + e^-x)
    Tanh,       // tanh x
    Relu,       // max(x, 0)      (derivative 0 at 0, as PyTorch)
    LeakyRelu,  // x > 0 ? x : alpha * x
    Clamp,      // min(max(x, alpha), beta)   (derivative 1 inside [alpha, beta], else 0)
    Affine,     // alpha * x + beta
    Step,       // x > alpha ? beta : 0       (derivative 0; dropout masks)
}

/// <summary>y = a (op) b, where b broadcasts over a as described in <see cref="IBackend.Binary"/>.</summary>
public enum BinaryOp
{
    Add,
    Sub,
    Mul,
    Div,
}
