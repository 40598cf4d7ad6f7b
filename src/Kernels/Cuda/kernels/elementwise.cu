// Elementwise kernels, one thread per element (grid-stride).
// Entry points:
//   unary_forward(input, op, count, alpha, beta, output)             output = f(input; alpha, beta)
//   unary_backward(input, output, dOutput, op, count, alpha, beta, dInput)   dInput = dOutput * f'(input)  (=)
//   binary_forward(a, b, op, count, bLength, bInner, output)          output[i] = a[i] (op) b[(i / bInner) % bLength]
//   add_scaled_forward(a, b, count, scale, output)                    output = a + b * scale
// op codes follow the C# enums UnaryOp and BinaryOp (ElementwiseOps.cs) in declaration order.
#include "common.cuh"

enum { U_NEG, U_EXP, U_LOG, U_ABS, U_SQRT, U_POW, U_SIGMOID, U_TANH, U_RELU, U_LEAKY_RELU, U_CLAMP, U_AFFINE, U_STEP };
enum { B_ADD, B_SUB, B_MUL, B_DIV };

DEV float unary_apply(int op, float x, float alpha, float beta)
{
    switch (op)
    {
        case U_NEG: return -x;
        case U_EXP: return dm_expf(x);
        case U_LOG: return dm_logf(x);
        case U_ABS: return __builtin_fabsf(x);
        case U_SQRT: return f_sqrt(x);
        case U_POW: return dm_powf(x, alpha);
        case U_SIGMOID: return 1.0f / (1.0f + dm_expf(-x));
        case U_TANH: return dm_tanhf(x);
        case U_RELU: return x > 0.0f ? x : 0.0f;
        case U_LEAKY_RELU: return x > 0.0f ? x : alpha * x;
        case U_CLAMP: return f_min(f_max(x, alpha), beta);
        case U_AFFINE: return alpha * x + beta;
        case U_STEP: return x > alpha ? beta : 0.0f;
        default: return __builtin_nanf("");
    }
}

// f'(x), using y = f(x) where the C# reference does.
DEV float unary_derivative(int op, float x, float y, float alpha, float beta)
{
    switch (op)
    {
        case U_NEG: return -1.0f;
        case U_EXP: return y;
        case U_LOG: return 1.0f / x;
        case U_ABS: return x > 0.0f ? 1.0f : x < 0.0f ? -1.0f : 0.0f;
        case U_SQRT: return 1.0f / (2.0f * y);
        case U_POW: return alpha * dm_powf(x, alpha - 1.0f);
        case U_SIGMOID: return y * (1.0f - y);
        case U_TANH: return 1.0f - y * y;
        case U_RELU: return x > 0.0f ? 1.0f : 0.0f;
        case U_LEAKY_RELU: return x > 0.0f ? 1.0f : alpha;
        case U_CLAMP: return x >= alpha && x <= beta ? 1.0f : 0.0f;
        case U_AFFINE: return alpha;
        case U_STEP: return 0.0f;
        default: return __builtin_nanf("");
    }
}

KERNEL void unary_forward(const float* __restrict__ input, int op, int count, float alpha, float beta,
                          float* __restrict__ output)
{
    for (int i = global_index(); i < count; i += global_stride())
        output[i] = unary_apply(op, input[i], alpha, beta);
}

KERNEL void unary_backward(const float* __restrict__ input, const float* __restrict__ output,
                           const float* __restrict__ dOutput, int op, int count, float alpha, float beta,
                           float* __restrict__ dInput)
{
    for (int i = global_index(); i < count; i += global_stride())
        dInput[i] = dOutput[i] * unary_derivative(op, input[i], output[i], alpha, beta);
}

// a and output may alias (in-place updates), so no __restrict__ on them.
KERNEL void binary_forward(const float* a, const float* __restrict__ b, int op, int count, int bLength, int bInner,
                           float* output)
{
    for (int i = global_index(); i < count; i += global_stride())
    {
        float x = a[i], y = b[(i / bInner) % bLength];
        float r;
        switch (op)
        {
            case B_ADD: r = x + y; break;
            case B_SUB: r = x - y; break;
            case B_MUL: r = x * y; break;
            case B_DIV: r = x / y; break;
            default: r = __builtin_nanf(""); break;
        }
        output[i] = r;
    }
}

KERNEL void add_scaled_forward(const float* a, const float* b, int count, float scale, float* output)
{
    for (int i = global_index(); i < count; i += global_stride())
        output[i] = a[i] + b[i] * scale;
}
