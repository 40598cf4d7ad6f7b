// 2-D convolution (cross-correlation, no bias) and its two backward passes as implicit GEMMs on the tiled core of
// GemmKernels.cs: the im2col matrix is never stored, its elements are gathered by the loaders below.
// Reference: Cpu/Reference/ReferenceConv.cs. input (N, C, H, W), weight (K, C, R, S), output (N, K, P, Q); see ConvGeometry.
//   forward          rows K, cols N*P*Q, contraction C*R*S: output[n,k,p,q] = sum_{c,r,s} weight[k,c,r,s] input[n,c,p sh - ph + r, q sw - pw + s]
//   backward-data    rows C, cols N*H*W, contraction K*R*S: dInput[n,c,y,x] = sum_{k,r,s} weight[k,c,r,s] dOutput[n,k,(y + ph - r) / sh,(x + pw - s) / sw]
//                    (terms whose division is inexact or out of range are zero); also the transposed convolution's forward.
//   backward-weight  rows K, cols C*R*S, contraction N*P*Q, split over Grid.IdxZ into dWeight + z K*C*R*S; with splits > 1
//                    the host passes a workspace and sums the partials in split order (ReductionKernels.Sum).
// Thread mapping and shared-memory tiles: those of GemmKernels.Tile (4 x 4 register block per thread).
namespace Engine.Kernels.Ilgpu.Kernels;

using ILGPU;

/// <summary>The sizes of one convolution as plain int fields (what a kernel parameter can carry).</summary>
public readonly struct ConvShape(ConvGeometry g)
{
    public readonly int N = g.N, C = g.C, H = g.H, W = g.W, K = g.K, R = g.R, S = g.S;
    public readonly int StrideH = g.StrideH, StrideW = g.StrideW, PadH = g.PadH, PadW = g.PadW, P = g.P, Q = g.Q;

    /// <summary>input[n, c, oy sh - ph + r, ox sw - pw + s], or 0 in the padding.</summary>
    public float Gather(ArrayView<float> input, int n, int c, int oy, int ox, int r, int s)
    {
        int iy = oy * StrideH - PadH + r, ix = ox * StrideW - PadW + s;
        if (iy < 0 || iy >= H || ix < 0 || ix >= W)
        {
            return 0f;
        }
        return input[(((long)n * C + c) * H + iy) * W + ix];
    }
}

internal static class ConvKernels
{
    [Kernel]
    public static void Forward<TTile>(ArrayView<float> input, ArrayView<float> weight, ConvShape g, ArrayView<float> output)
        where TTile : struct, IGemmTile =>
        GemmKernels.Tile<TTile, ForwardWeight, ForwardInput, ForwardStore>(
            new ForwardWeight(weight, g), new ForwardInput(input, g), new ForwardStore(output, g),
            g.K, g.N * g.P * g.Q, g.C * g.R * g.S, 1);

    [Kernel]
    public static void BackwardData<TTile>(ArrayView<float> dOutput, ArrayView<float> weight, ConvShape g, ArrayView<float> dInput)
        where TTile : struct, IGemmTile =>
        GemmKernels.Tile<TTile, DataWeight, DataGradient, DataStore>(
            new DataWeight(weight, g), new DataGradient(dOutput, g), new DataStore(dInput, g),
            g.C, g.N * g.H * g.W, g.K * g.R * g.S, 1);

    /// <summary>Writes (=) dWeight, or split z's partial at dWeight + z K*C*R*S when splits &gt; 1.</summary>
    [Kernel]
    public static void BackwardWeight<TTile>(
        ArrayView<float> input, ArrayView<float> dOutput, ConvShape g, int splits, ArrayView<float> dWeight)
        where TTile : struct, IGemmTile =>
        GemmKernels.Tile<TTile, WeightGradient, WeightInput, WeightStore>(
            new WeightGradient(dOutput, g), new WeightInput(input, g), new WeightStore(dWeight, g.C * g.R * g.S, g.K),
            g.K, g.C * g.R * g.S, g.N * g.P * g.Q, splits);

    /// <summary>A(k, crs) = weight[k, crs].</summary>
    internal readonly struct ForwardWeight(ArrayView<float> weight, ConvShape g) : IGemmLoadA
    {
        private readonly ArrayView<float> _weight = weight;
        private readonly int _crs = g.C * g.R * g.S;

        public bool KContiguous => true;

        public float Load(int row, int kx) => _weight[(long)row * _crs + kx];
    }

    /// <summary>B(crs, npq) = input gathered at output position npq through tap crs.</summary>
    internal readonly struct ForwardInput(ArrayView<float> input, ConvShape g) : IGemmLoadB
    {
        private readonly ArrayView<float> _input = input;
        private readonly ConvShape _g = g;

        public bool KContiguous => false;

        public float Load(int kx, int col)
        {
            int rs = _g.R * _g.S, pq = _g.P * _g.Q;
            int c = kx / rs, r = kx % rs / _g.S, s = kx % _g.S;
            int n = col / pq, oy = col % pq / _g.Q, ox = col % _g.Q;
            return _g.Gather(_input, n, c, oy, ox, r, s);
        }
    }

    /// <summary>output[n, k, pq] for (row k, col npq).</summary>
    internal readonly struct ForwardStore(ArrayView<float> output, ConvShape g) : IGemmStore
    {
        private readonly ArrayView<float> _output = output;
        private readonly int _k = g.K, _pq = g.P * g.Q;

        public void Store(int row, int col, float value) =>
            _output[((long)(col / _pq) * _k + row) * _pq + col % _pq] = value;
    }

    /// <summary>A(c, krs) = weight[k, c, rs].</summary>
    internal readonly struct DataWeight(ArrayView<float> weight, ConvShape g) : IGemmLoadA
    {
        private readonly ArrayView<float> _weight = weight;
        private readonly int _c = g.C, _rs = g.R * g.S;

        public bool KContiguous => true;

        public float Load(int row, int kx) => _weight[((long)(kx / _rs) * _c + row) * _rs + kx % _rs];
    }

    /// <summary>B(krs, nhw) = dOutput at the output position that read (y, x) through tap (r, s), or 0.</summary>
    internal readonly struct DataGradient(ArrayView<float> dOutput, ConvShape g) : IGemmLoadB
    {
        private readonly ArrayView<float> _dOutput = dOutput;
        private readonly ConvShape _g = g;

        public bool KContiguous => false;

        public float Load(int kx, int col)
        {
            int rs = _g.R * _g.S, hw = _g.H * _g.W;
            int k = kx / rs, r = kx % rs / _g.S, s = kx % _g.S;
            int n = col / hw, y = col % hw / _g.W, x = col % _g.W;
            int ty = y + _g.PadH - r, tx = x + _g.PadW - s;
            if (ty < 0 || tx < 0 || ty % _g.StrideH != 0 || tx % _g.StrideW != 0)
            {
                return 0f;
            }
            int oy = ty / _g.StrideH, ox = tx / _g.StrideW;
            if (oy >= _g.P || ox >= _g.Q)
            {
                return 0f;
            }
            return _dOutput[(((long)n * _g.K + k) * _g.P + oy) * _g.Q + ox];
        }
    }

    /// <summary>dInput[n, c, hw] for (row c, col nhw).</summary>
    internal readonly struct DataStore(ArrayView<float> dInput, ConvShape g) : IGemmStore
    {
        private readonly ArrayView<float> _dInput = dInput;
        private readonly int _c = g.C, _hw = g.H * g.W;

        public void Store(int row, int col, float value) =>
            _dInput[((long)(col / _hw) * _c + row) * _hw + col % _hw] = value;
    }

    /// <summary>A(k, npq) = dOutput[n, k, pq].</summary>
    internal readonly struct WeightGradient(ArrayView<float> dOutput, ConvShape g) : IGemmLoadA
    {
        private readonly ArrayView<float> _dOutput = dOutput;
        private readonly int _k = g.K, _pq = g.P * g.Q;

        public bool KContiguous => true;

        public float Load(int row, int kx) => _dOutput[((long)(kx / _pq) * _k + row) * _pq + kx % _pq];
    }

    /// <summary>B(npq, crs) = input gathered.</summary>
    internal readonly struct WeightInput(ArrayView<float> input, ConvShape g) : IGemmLoadB
    {
        private readonly ArrayView<float> _input = input;
        private readonly ConvShape _g = g;

        public bool KContiguous => false;

        public float Load(int kx, int col)
        {
            int rs = _g.R * _g.S, pq = _g.P * _g.Q;
            int c = col / rs, r = col % rs / _g.S, s = col % _g.S;
            int n = kx / pq, oy = kx % pq / _g.Q, ox = kx % _g.Q;
            return _g.Gather(_input, n, c, oy, ox, r, s);
        }
    }

    /// <summary>dWeight (+ split z K*C*R*S)[k, crs].</summary>
    internal readonly struct WeightStore(ArrayView<float> dWeight, int crs, int k) : IGemmStore
    {
        private readonly ArrayView<float> _dWeight = dWeight;
        private readonly int _crs = crs, _k = k;

        public void Store(int row, int col, float value) =>
            _dWeight[(long)Grid.IdxZ * _k * _crs + (long)row * _crs + col] = value;
    }
}
