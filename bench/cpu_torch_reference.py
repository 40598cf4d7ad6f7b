#!/usr/bin/python3
# PyTorch side of the CPU benchmarks: the same SGEMM sizes and course-autoencoder layer shapes as
# bench/Engine.Bench/Cpu (see CourseShapes.cs), timed best-of-N on the same thread count.
# Run with Debian's python3-torch:  /usr/bin/python3 bench/cpu_torch_reference.py --threads 2
import argparse
import os
import re
import sys
import time

# Load OpenBLAS explicitly: Debian's libblas.so.3 is whatever the alternatives system selects (the slow netlib reference
# BLAS unless libopenblas0-openmp is installed and chosen). Re-run this script once with the OpenBLAS-openmp directory
# first on the library path; without OpenBLAS the script stops (--allow-any-blas runs it anyway, saying so).
OPENBLAS_DIR = "/usr/lib/x86_64-linux-gnu/openblas-openmp"
if os.path.isdir(OPENBLAS_DIR) and OPENBLAS_DIR not in os.environ.get("LD_LIBRARY_PATH", "").split(":"):
    os.environ["LD_LIBRARY_PATH"] = ":".join(filter(None, [OPENBLAS_DIR, os.environ.get("LD_LIBRARY_PATH")]))
    os.execv(sys.executable, [sys.executable] + sys.argv)
if not os.path.isdir(OPENBLAS_DIR) and "--allow-any-blas" not in sys.argv:
    sys.exit(f"cpu_torch_reference.py: OpenBLAS (openmp) not found at {OPENBLAS_DIR}; install it with "
             "`apt-get install libopenblas0-openmp`, or pass --allow-any-blas to measure whatever BLAS is installed")

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import course_networks as course   # noqa: E402  (the notebook's Encoder / Decoder)

# name, kind, (N, C_in, H, W), C_out, kernel, stride, pad, output_padding  (kind: conv | convT)
LAYERS = [
    ("enc1 conv 1->32 28->14", "conv", (64, 1, 28, 28), 32, 3, 2, 1, 0),
    ("enc2 conv 32->64 14->7", "conv", (64, 32, 14, 14), 64, 3, 2, 1, 0),
    ("enc3 conv 64->128 7->4", "conv", (64, 64, 7, 7), 128, 3, 2, 1, 0),
    ("enc4 conv 128->256 4->2", "conv", (64, 128, 4, 4), 256, 3, 2, 1, 0),
    ("enc5 conv1x1 256->512 2x2", "conv", (64, 256, 2, 2), 512, 1, 1, 0, 0),
    ("dec1 convT 512->256 1->2", "convT", (64, 512, 1, 1), 256, 3, 2, 1, 1),
    ("dec2 convT 256->128 2->4", "convT", (64, 256, 2, 2), 128, 3, 2, 1, 1),
    ("dec3 convT 128->64 4->8", "convT", (64, 128, 4, 4), 64, 3, 2, 1, 1),
    ("dec4 convT 64->32 8->16", "convT", (64, 64, 8, 8), 32, 3, 2, 1, 1),
    ("dec5 convT 32->32 16->32", "convT", (64, 32, 16, 16), 32, 3, 2, 1, 1),
    ("final conv7x7 32->1 32->28", "conv", (64, 32, 32, 32), 1, 7, 1, 1, 0),
]

# batch-norm over (N, C, S): the output of each block above
NORMS = [(64, 32, 196), (64, 64, 49), (64, 128, 16), (64, 256, 4), (64, 512, 4), (64, 64, 64), (64, 32, 256), (64, 32, 1024)]

# M, N, K, transpose A: square sizes, then each encoder layer's im2col GEMM and dec4's backward-data GEMM
GEMMS = [(256, 256, 256, False), (512, 512, 512, False), (1024, 1024, 1024, False), (2048, 2048, 2048, False),
         (32, 12544, 9, False), (64, 3136, 288, False), (128, 1024, 576, False), (256, 256, 1152, False),
         (288, 4096, 64, True)]


def best_time(fn, budget=0.4, min_reps=3):
    for _ in range(2):
        fn()
    start = time.perf_counter()
    fn()
    once = max(time.perf_counter() - start, 1e-6)
    reps = max(min_reps, int(budget / once))
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(reps):
            fn()
        best = min(best, (time.perf_counter() - start) / reps)
    return best


def layer_fns(kind, shape, cout, k, s, p, op):
    x = torch.randn(*shape)
    cin = shape[1]
    w = torch.randn(cout, cin, k, k) * 0.1 if kind == "conv" else torch.randn(cin, cout, k, k) * 0.1
    conv = (lambda a, b: F.conv2d(a, b, stride=s, padding=p)) if kind == "conv" else \
        (lambda a, b: F.conv_transpose2d(a, b, stride=s, padding=p, output_padding=op))
    with torch.no_grad():
        dy = torch.randn_like(conv(x, w))
    xg, wg = x.clone().requires_grad_(), w.clone().requires_grad_()

    def forward():
        with torch.no_grad():
            conv(x, w)

    def forward_backward():
        xg.grad = None
        wg.grad = None
        conv(xg, wg).backward(dy)
    return forward, forward_backward


def norm_fns(n, c, s):
    x = torch.randn(n, c, s)
    gamma, beta = torch.ones(c), torch.zeros(c)
    rm, rv = torch.zeros(c), torch.ones(c)
    xg, gg, bg = x.clone().requires_grad_(), gamma.clone().requires_grad_(), beta.clone().requires_grad_()
    dy = torch.randn_like(x)

    def forward():
        with torch.no_grad():
            F.batch_norm(x, rm, rv, gamma, beta, training=True)

    def forward_backward():
        xg.grad = gg.grad = bg.grad = None
        F.batch_norm(xg, rm, rv, gg, bg, training=True).backward(dy)
    return forward, forward_backward


def course_model(latent, vae):
    """The course's own Encoder and Decoder (tools/course_networks.py), as the engine builds them."""
    return course.Encoder(2 * latent if vae else latent), course.Decoder(latent)


def train_probe(name, steps, batch, warmup):
    """Wall time of `steps` training steps (zero grad, forward, loss, backward, Adam) and peak RSS, one line."""
    import resource
    vae = name == "vae2"
    latent = 2 if vae else 24
    encoder, decoder = course_model(latent, vae)
    params = list(encoder.parameters()) + list(decoder.parameters())
    optimizer = torch.optim.Adam(params, lr=1e-3)
    x = torch.rand(batch, 1, 28, 28)

    def step():
        optimizer.zero_grad()
        h = encoder(x)
        if vae:
            mu, log_var = h[:, :latent], h[:, latent:]
            z = mu + torch.randn_like(mu) * torch.exp(0.5 * log_var)
            kl = -0.5 * torch.sum(1 + log_var - mu * mu - log_var.exp()) / batch
            loss = F.binary_cross_entropy(decoder(z), x) + 0.005 * kl
        else:
            loss = F.binary_cross_entropy(decoder(h), x)
        loss.backward()
        optimizer.step()
        return loss.item()
    for _ in range(warmup):         # default: as many as the engine's probe (TrainingEpochProbe.WarmUpSteps, its JIT)
        step()
    start = time.perf_counter()
    for _ in range(steps):
        loss = step()
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"PROBE {name} batch={batch} threads={torch.get_num_threads()} steps={steps} wall={wall:.2f}s "
          f"step={wall / steps * 1e3:.2f}ms peakRSS={peak:.0f}MiB loss={loss:.4f}")


def blas_canary():
    """One line naming the BLAS this process loaded and what it does: the shared libraries mapped (Debian's libblas.so.3
    alternative may be the slow netlib reference), torch's BLAS_INFO, and torch.mm 1024^3 GFLOP/s on these threads."""
    with open("/proc/self/maps") as maps:
        libs = sorted({line.split()[-1] for line in maps if "blas" in line.lower() or "lapack" in line.lower()})
    resolved = sorted({os.path.realpath(lib) for lib in libs})
    info = (re.findall(r"BLAS_INFO=\S+?(?=,|\s|$)", torch.__config__.show()) or ["BLAS_INFO=?"])[0]
    a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
    seconds = best_time(lambda: torch.mm(a, b), budget=0.3)
    print(f"BLAS {info}; loaded {', '.join(resolved) or 'none'}; torch.mm 1024^3 {2 * 1024 ** 3 / seconds / 1e9:.1f} GFLOP/s "
          f"on {torch.get_num_threads()} threads (torch {torch.__version__})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--config", action="store_true", help="print torch.__config__.show() first")
    parser.add_argument("--train", choices=["ae24", "vae2"], help="only the training-step probe for this model")
    parser.add_argument("--steps", type=int, default=938, help="training steps for --train (938 = one epoch at 64)")
    parser.add_argument("--batch", type=int, default=64, help="batch size for --train")
    parser.add_argument("--warmup", type=int, default=20, help="untimed steps before --train's timed ones")
    parser.add_argument("--allow-any-blas", action="store_true", help="run without OpenBLAS-openmp (the canary says which BLAS)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    blas_canary()
    if args.train:
        train_probe(args.train, args.steps, args.batch, args.warmup)
        return
    if args.config:
        print(torch.__config__.show())
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, mkldnn {torch.backends.mkldnn.is_available()}")
    print("\n| SGEMM M x N x K | ms | GFLOP/s |\n|---|---:|---:|")
    for m, n, k, ta in GEMMS:
        a = torch.randn(k, m).t() if ta else torch.randn(m, k)
        b = torch.randn(k, n)
        t = best_time(lambda: torch.mm(a, b))
        print(f"| {m} x {n} x {k}{' (A^T)' if ta else ''} | {t * 1e3:.3f} | {2 * m * n * k / t / 1e9:.1f} |")
    print("\n| layer (batch 64) | forward ms | forward+backward ms |\n|---|---:|---:|")
    for name, kind, shape, cout, k, s, p, op in LAYERS:
        fwd, fb = layer_fns(kind, shape, cout, k, s, p, op)
        print(f"| {name} | {best_time(fwd) * 1e3:.3f} | {best_time(fb) * 1e3:.3f} |")
    print("\n| batch-norm (N, C, S) | forward ms | forward+backward ms |\n|---|---:|---:|")
    for n, c, s in NORMS:
        fwd, fb = norm_fns(n, c, s)
        print(f"| {n} x {c} x {s} | {best_time(fwd) * 1e3:.3f} | {best_time(fb) * 1e3:.3f} |")


if __name__ == "__main__":
    main()
