#!/usr/bin/env python3
"""PyTorch (cuBLAS/cuDNN, TF32 off) timings of the shapes in bench/Engine.Bench/Gpu/GpuShapes.cs, printed in
the same columns as `GpuRunner bench`, so the two outputs compare line by line on the same GPU.
Usage: python3 bench/gpu_torch_reference.py [--quick]"""
import sys
import torch

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
torch.backends.cudnn.benchmark = True
QUICK = "--quick" in sys.argv
RUNS = 5 if QUICK else 25
dev = torch.device("cuda")

# (name, transposed, C, H, K, R, stride, pad): the conv (or the conv a transposed conv inverts); input (n, C, H, H)
CONVS = [
    ("enc1 conv 1->32 28->14", False, 1, 28, 32, 3, 2, 1),
    ("enc2 conv 32->64 14->7", False, 32, 14, 64, 3, 2, 1),
    ("enc3 conv 64->128 7->4", False, 64, 7, 128, 3, 2, 1),
    ("enc4 conv 128->256 4->2", False, 128, 4, 256, 3, 2, 1),
    ("enc5 conv1x1 256->512 2x2", False, 256, 2, 512, 1, 1, 0),
    ("dec1 convT 512->256 2->4", True, 256, 4, 512, 3, 2, 1),
    ("dec2 convT 256->128 4->7", True, 128, 7, 256, 3, 2, 1),
    ("dec3 convT 128->64 7->14", True, 64, 14, 128, 3, 2, 1),
    ("dec4 convT 64->32 14->28", True, 32, 28, 64, 3, 2, 1),
    ("out conv 32->1 28x28", False, 32, 28, 1, 3, 1, 1),
]
BATCHNORMS = [("bn 32 x 14x14", 32, 196), ("bn 64 x 7x7", 64, 49), ("bn 128 x 4x4", 128, 16),
              ("bn 256 x 2x2", 256, 4), ("bn 32 x 28x28", 32, 784)]


def median_ms(work, warmup=3):
    for _ in range(warmup):
        work()
    torch.cuda.synchronize()
    times = []
    for _ in range(RUNS):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        work()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end))
    return sorted(times)[len(times) // 2]


def row(family, shape, ms, amount, unit):
    print(f"{family:<14} {shape:<44} {ms:10.4f} {amount / (ms * 1e-3) / 1e9:12.1f}  {unit}")


def gemm():
    for size in [1024] if QUICK else [1024, 2048, 3072, 4096]:
        a = torch.rand(size, size, device=dev) * 2 - 1
        b = torch.rand(size, size, device=dev) * 2 - 1
        for ta, tb in [(False, False), (True, False), (False, True)]:
            x, y = (a.t() if ta else a), (b.t() if tb else b)
            ms = median_ms(lambda: torch.mm(x, y))
            row("sgemm", f"{size}^3 {'T' if ta else 'N'}{'T' if tb else 'N'}", ms, 2.0 * size ** 3, "GFLOP/s")


def convs(n):
    for name, transposed, c, h, k, r, s, p in CONVS:
        x = torch.rand(n, c, h, h, device=dev)
        w = torch.rand(k, c, r, r, device=dev)
        y = torch.nn.functional.conv2d(x, w, stride=s, padding=p)
        q = y.shape[2]
        flops = 2.0 * n * k * q * q * c * r * r
        label = f"{name} N={n}"

        def bwd(mask):
            return torch.ops.aten.convolution_backward(y, x, w, None, [s, s], [p, p], [1, 1], False, [0, 0], 1, mask)

        fwd_ms = median_ms(lambda: torch.nn.functional.conv2d(x, w, stride=s, padding=p))
        data_ms = median_ms(lambda: bwd([True, False, False]))
        weight_ms = median_ms(lambda: bwd([False, True, False]))
        row("convT bwd-dat" if transposed else "conv fwd", label, fwd_ms, flops, "GFLOP/s")
        row("convT fwd" if transposed else "conv bwd-data", label, data_ms, flops, "GFLOP/s")
        row("conv bwd-wgt", label, weight_ms, flops, "GFLOP/s")


def batchnorms(n):
    for name, c, s in BATCHNORMS:
        side = int(round(s ** 0.5))
        x = torch.rand(n, c, side, side, device=dev, requires_grad=True)
        bn = torch.nn.BatchNorm2d(c).to(dev).train()
        total = n * c * s
        fwd_ms = median_ms(lambda: bn(x))
        y = bn(x)
        dy = torch.rand_like(y)
        bwd_ms = median_ms(lambda: torch.autograd.grad(y, [x, bn.weight, bn.bias], dy, retain_graph=True))
        row("bn fwd-train", f"{name} N={n}", fwd_ms, 3.0 * total * 4, "GB/s")
        row("bn backward", f"{name} N={n}", bwd_ms, 4.0 * total * 4, "GB/s")


def elementwise():
    n = 1 << 22 if QUICK else 1 << 26
    x = torch.rand(n, device=dev) * 2 - 1
    m = torch.rand(n, device=dev)
    shape = f"{n // (1024 * 1024)}M floats"
    row("relu", shape, median_ms(lambda: torch.relu(x)), 2.0 * n * 4, "GB/s")
    row("sigmoid", shape, median_ms(lambda: torch.sigmoid(x)), 2.0 * n * 4, "GB/s")
    row("add bcast", shape, median_ms(lambda: x.view(-1, 1024) + m[:1024]), 2.0 * n * 4, "GB/s")
    row("sum rows", shape, median_ms(lambda: x.view(-1, 1024).sum(1)), 1.0 * n * 4, "GB/s")
    row("sum cols", shape, median_ms(lambda: x.view(-1, 1024).sum(0)), 1.0 * n * 4, "GB/s")
    row("softmax", f"{n // 1024}x1024", median_ms(lambda: torch.softmax(x.view(-1, 1024), 1)), 2.0 * n * 4, "GB/s")
    row("mse fwd", shape, median_ms(lambda: torch.nn.functional.mse_loss(x, m, reduction="sum")), 2.0 * n * 4, "GB/s")
    row("normal", shape, median_ms(lambda: torch.randn(n, device=dev)), 1.0 * n * 4, "GB/s")
    p = torch.nn.Parameter(torch.rand(n, device=dev))
    p.grad = torch.rand(n, device=dev)
    opt = torch.optim.Adam([p], lr=1e-3, foreach=False, fused=True)
    row("adam", shape, median_ms(opt.step), 7.0 * n * 4, "GB/s")


if __name__ == "__main__":
    print(f"# torch {torch.__version__} on {torch.cuda.get_device_name(0)}, TF32 off")
    print(f"{'family':<14} {'shape':<44} {'ms':>10} {'rate':>12}  unit")
    gemm()
    for batch in [64] if QUICK else [64, 512]:
        convs(batch)
        batchnorms(batch)
    elementwise()
