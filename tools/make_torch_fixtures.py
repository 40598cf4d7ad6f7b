#!/usr/bin/python3
# Writes the PyTorch parity fixtures read by tests/Engine.Tests/Parity (Debian python3-torch 1.13, CPU):
#   /usr/bin/python3 tools/make_torch_fixtures.py        (from the repository root; about 20 s)
#   /usr/bin/python3 tools/make_torch_fixtures.py --aae-only     (course_aae.bin alone)
#   /usr/bin/python3 tools/make_torch_fixtures.py --aae-variants-only     (course_aae_disentangled.bin, course_aae_semi.bin)
#   /usr/bin/python3 tools/make_torch_fixtures.py --aae-notebook-only     (notebook_aae.bin, notebook_aae_grid.bin: the AAE
#       under --recipe notebook, uniform and grid priors)
# Every reference is computed in float64 from float32 inputs and stored as float32, so the only error is ours.
#
# File format (little endian), read by tests/Engine.Tests/Testing/FixtureFile.cs:
#   magic   8 bytes  b"ENGFIX01"  ("ENGFIX" + two-digit format version)
#   count   uint32   number of entries
#   entry   uint16 name length, UTF-8 name, uint8 kind, then
#           kind 1 (float32 tensor): uint8 rank, int32 dims[rank], float32 values[prod(dims)]
#           kind 2 (float64 scalar list): int32 count, float64 values[count]
import math
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import course_networks as course   # noqa: E402  (the notebook's Encoder / Decoder)
from make_safetensors_fixtures import save as save_safetensors   # noqa: E402

MAGIC = b"ENGFIX01"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "tests", "Engine.Tests", "Fixtures", "torch")
DT = torch.float64


class FixtureWriter:
    def __init__(self):
        self.entries = []
        self.names = set()

    def _name(self, name):
        assert name not in self.names, name
        self.names.add(name)
        return name.encode("utf-8")

    def tensor(self, name, value):
        if isinstance(value, torch.Tensor):
            value = value.detach().to(torch.float64).numpy()
        value = np.asarray(value, dtype=np.float32).copy(order="C")   # keeps rank 0
        data = struct.pack("<B", value.ndim) + struct.pack(f"<{value.ndim}i", *value.shape) + value.tobytes()
        self.entries.append((self._name(name), 1, data))

    def scalars(self, name, values):
        values = [float(v) for v in values]
        data = struct.pack("<i", len(values)) + struct.pack(f"<{len(values)}d", *values)
        self.entries.append((self._name(name), 2, data))

    def save(self, file_name):
        path = os.path.join(OUT_DIR, file_name)
        with open(path, "wb") as f:
            f.write(MAGIC)
            f.write(struct.pack("<I", len(self.entries)))
            for name, kind, data in self.entries:
                f.write(struct.pack("<H", len(name)) + name + struct.pack("<B", kind) + data)
        print(f"{path}: {len(self.entries)} entries, {os.path.getsize(path)} bytes")


def lowbias32(x):
    """Chris Wellons' 32-bit integer hash (uint32 arrays wrap like C# uint)."""
    x = np.asarray(x, dtype=np.uint32)
    x = x ^ (x >> np.uint32(16))
    x = x * np.uint32(0x7FEB352D)
    x = x ^ (x >> np.uint32(15))
    x = x * np.uint32(0x846CA68B)
    return x ^ (x >> np.uint32(16))


def det(shape, k, scale=1.0, offset=0.0):
    """Value i of stream k: offset + scale (2 u - 1), u = (lowbias32(i + lowbias32(k)) >> 8) 2^-24 in [0, 1),
    computed in double and rounded once to float32 (Parity/Formula.cs). A hash, not a sine: sin(a i + k) reshaped
    into a weight matrix has rank 2, which makes a batch-normalised network degenerate and ill-conditioned."""
    n = int(np.prod(shape)) if len(shape) else 1
    with np.errstate(over="ignore"):
        h = lowbias32(np.arange(n, dtype=np.uint32) + lowbias32(np.array([k], dtype=np.uint32))[0])
    u = (h >> np.uint32(8)).astype(np.float64) * (1.0 / 16777216.0)
    return (offset + scale * (2.0 * u - 1.0)).astype(np.float32).reshape(shape)


def fan_in(shape):
    return shape[1] * int(np.prod(shape[2:])) if len(shape) > 2 else shape[1]


# ---------------------------------------------------------------------------------------------------------------
# Philox4x32-10 and its Box-Muller normals, as src/Kernels/Philox.cs (for the reparametrization's eps).

def philox_block(seed, block):
    M0, M1, W0, W1 = 0xD2511F53, 0xCD9E8D57, 0x9E3779B9, 0xBB67AE85
    c0, c1, c2, c3 = block & 0xFFFFFFFF, (block >> 32) & 0xFFFFFFFF, 0, 0
    k0, k1 = seed & 0xFFFFFFFF, (seed >> 32) & 0xFFFFFFFF
    for _ in range(10):
        p0, p1 = M0 * c0, M1 * c2
        hi0, lo0, hi1, lo1 = p0 >> 32, p0 & 0xFFFFFFFF, p1 >> 32, p1 & 0xFFFFFFFF
        c0, c1, c2, c3 = hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0
        k0, k1 = (k0 + W0) & 0xFFFFFFFF, (k1 + W1) & 0xFFFFFFFF
    return c0, c1, c2, c3


def philox_normal(seed, offset, count):
    out = np.empty(count, dtype=np.float32)
    inv = np.float32(1.0 / 16777216.0)
    for i in range(count):
        e = offset + i
        x = philox_block(seed, e >> 2)
        lane = e & 3
        w0, w1 = (x[0], x[1]) if lane < 2 else (x[2], x[3])
        u1 = np.float32((w0 >> 8) + 1) * inv
        u2 = np.float32(w1 >> 8) * inv
        r = np.sqrt(np.float32(-2.0) * np.log(u1))
        theta = np.float32(2.0) * np.float32(math.pi) * u2
        out[i] = r * np.cos(theta) if (lane & 1) == 0 else r * np.sin(theta)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Op cases: inputs, outputs, a cotangent per differentiable output, and the gradients of the inputs that need them.
# The tests compute loss = sum_j sum(out_j * gout_j) and compare every input's gradient.

class Case:
    def __init__(self, name, fn, inputs, grads, states=0):
        self.name, self.fn, self.inputs, self.grads, self.states = name, fn, inputs, grads, states


def run_case(w, case):
    tensors = []
    for i, x in enumerate(case.inputs):
        t = torch.tensor(x, dtype=DT)
        t.requires_grad_(i in case.grads)
        tensors.append(t)
    for i, x in enumerate(case.inputs):
        w.tensor(f"{case.name}.in{i}", x)
    outs = case.fn(*tensors)
    if not isinstance(outs, (tuple, list)):
        outs = (outs,)
    loss = 0
    n_diff = len(outs) - case.states   # the last `states` outputs are in-place state (no gradient)
    for j, o in enumerate(outs):
        w.tensor(f"{case.name}.out{j}", o)
        if j < n_diff:
            g = det(tuple(o.shape), 50 + j, 1.0, 0.25)
            w.tensor(f"{case.name}.gout{j}", g)
            loss = loss + (o * torch.tensor(g, dtype=DT)).sum()
    if case.grads:
        loss.backward()
        for i in case.grads:
            w.tensor(f"{case.name}.grad{i}", tensors[i].grad)


def bn_fn(training):
    def fn(x, g, b, rm, rv):
        rm2, rv2 = rm.detach().clone(), rv.detach().clone()
        y = F.batch_norm(x, rm2, rv2, g, b, training=training, momentum=0.1, eps=1e-5)
        return (y, rm2, rv2) if training else y
    return fn


def bce_inputs():
    p = det((4, 6), 3, 0.45, 0.5)
    t = det((4, 6), 4, 0.5, 0.5)
    p.flat[0:6] = [0.0, 0.0, 1.0, 1.0, 0.0, 1.0]   # exact 0 and 1: PyTorch clamps the logs at -100
    t.flat[0:6] = [0.0, 1.0, 0.0, 1.0, 0.3, 0.7]
    t.flat[6:8] = [0.0, 1.0]
    return p, t


def kinks():
    x = det((3, 5), 7, 1.2)
    x.flat[0:6] = [0.0, -0.5, 0.5, 0.7, -0.0, 0.0]
    return x


def op_cases():
    B, D = 4, 5
    a = det((B, D), 1)
    b = det((B, D), 2, 0.8, 0.1)
    pos = det((B, D), 3, 0.9, 1.5)          # in [0.6, 2.4]: log, sqrt, pow, div denominators
    s = np.array(1.3, dtype=np.float32)
    row = det((D,), 4, 0.5, 1.2)
    col = det((B, 1), 5, 0.5, 1.2)
    img = det((2, 3, 4, 4), 6)
    chan = det((1, 3, 1, 1), 7, 0.5, 1.2)
    cases = [
        Case("add", lambda x, y: x + y, [a, b], [0, 1]),
        Case("add_scalar_tensor", lambda x, y: x + y, [a, s], [0, 1]),
        Case("add_row", lambda x, y: x + y, [a, row], [0, 1]),
        Case("add_row_reversed", lambda x, y: y + x, [a, row], [0, 1]),
        Case("add_col", lambda x, y: x + y, [a, col], [0, 1]),
        Case("add_channel", lambda x, y: x + y, [img, chan], [0, 1]),
        Case("add_float", lambda x: x + 0.75, [a], [0]),
        Case("sub", lambda x, y: x - y, [a, b], [0, 1]),
        Case("sub_scalar_tensor", lambda x, y: x - y, [a, s], [0, 1]),
        Case("sub_row", lambda x, y: x - y, [a, row], [0, 1]),
        Case("sub_row_reversed", lambda x, y: y - x, [a, row], [0, 1]),
        Case("sub_col", lambda x, y: x - y, [a, col], [0, 1]),
        Case("sub_channel", lambda x, y: x - y, [img, chan], [0, 1]),
        Case("rsub_float", lambda x: 2.0 - x, [a], [0]),
        Case("mul", lambda x, y: x * y, [a, b], [0, 1]),
        Case("mul_scalar_tensor", lambda x, y: x * y, [a, s], [0, 1]),
        Case("mul_row", lambda x, y: x * y, [a, row], [0, 1]),
        Case("mul_row_reversed", lambda x, y: y * x, [a, row], [0, 1]),
        Case("mul_col", lambda x, y: x * y, [a, col], [0, 1]),
        Case("mul_channel", lambda x, y: x * y, [img, chan], [0, 1]),
        Case("mul_float", lambda x: x * -2.5, [a], [0]),
        Case("div", lambda x, y: x / y, [a, pos], [0, 1]),
        Case("div_scalar_tensor", lambda x, y: x / y, [a, s], [0, 1]),
        Case("div_row", lambda x, y: x / y, [a, row], [0, 1]),
        Case("div_row_reversed", lambda x, y: y / x, [pos, row], [0, 1]),
        Case("div_col", lambda x, y: x / y, [a, col], [0, 1]),
        Case("div_channel", lambda x, y: x / y, [img, chan], [0, 1]),
        Case("div_float", lambda x: x / 4.0, [a], [0]),
        Case("neg", lambda x: -x, [a], [0]),
        Case("exp", torch.exp, [a], [0]),
        Case("log", torch.log, [pos], [0]),
        Case("abs", torch.abs, [a], [0]),
        Case("abs_kinks", torch.abs, [kinks()], [0]),
        Case("sqrt", torch.sqrt, [pos], [0]),
        Case("pow_2_5", lambda x: x ** 2.5, [pos], [0]),
        Case("pow_3_signed", lambda x: x ** 3, [a], [0]),
        Case("pow_minus_1", lambda x: x ** -1, [pos], [0]),
        Case("sigmoid", torch.sigmoid, [det((B, D), 8, 4.0)], [0]),
        Case("tanh", torch.tanh, [det((B, D), 9, 3.0)], [0]),
        Case("relu", torch.relu, [a], [0]),
        Case("relu_kinks", torch.relu, [kinks()], [0]),
        Case("leaky_relu", lambda x: F.leaky_relu(x, 0.2), [a], [0]),
        Case("leaky_relu_kinks", lambda x: F.leaky_relu(x, 0.01), [kinks()], [0]),
        Case("clamp", lambda x: torch.clamp(x, -0.5, 0.7), [a], [0]),
        Case("clamp_kinks", lambda x: torch.clamp(x, -0.5, 0.7), [kinks()], [0]),
        Case("lerp_float", lambda x, y: torch.lerp(x, y, 0.3), [a, b], [0, 1]),
        Case("lerp_tensor", lambda x, y, t: torch.lerp(x, y, t), [a, b, det((B, D), 10, 0.5, 0.5)], [0, 1, 2]),
        Case("matmul", torch.matmul, [det((3, 7), 11), det((7, 4), 12)], [0, 1]),
        Case("linear", F.linear, [det((4, 6), 13), det((3, 6), 14, 0.4), det((3,), 15, 0.2)], [0, 1, 2]),
        Case("linear_nobias", F.linear, [det((4, 6), 13), det((3, 6), 14, 0.4)], [0, 1]),
    ]
    for k, st, p in [(1, 1, 0), (3, 1, 0), (3, 1, 1), (3, 2, 0), (3, 2, 1), (7, 1, 3), (7, 2, 0), (7, 1, 0)]:
        cases.append(Case(f"conv2d_k{k}_s{st}_p{p}", lambda x, w, bias, st=st, p=p: F.conv2d(x, w, bias, st, p),
                          [det((2, 3, 9, 9), 16), det((4, 3, k, k), 17, 1 / math.sqrt(3 * k * k)), det((4,), 18, 0.2)],
                          [0, 1, 2]))
    cases.append(Case("conv2d_nobias", lambda x, w: F.conv2d(x, w, None, 2, 1),
                      [det((2, 3, 9, 9), 16), det((4, 3, 3, 3), 17, 0.2)], [0, 1]))
    for k, st, p, op in [(1, 1, 0, 0), (3, 1, 0, 0), (3, 1, 1, 0), (3, 2, 0, 0), (3, 2, 1, 0), (3, 2, 1, 1),
                         (3, 2, 0, 1), (1, 2, 0, 1), (7, 2, 3, 1)]:
        cases.append(Case(f"conv_transpose2d_k{k}_s{st}_p{p}_op{op}",
                          lambda x, w, bias, st=st, p=p, op=op: F.conv_transpose2d(x, w, bias, st, p, op),
                          [det((2, 3, 5, 5), 19), det((3, 4, k, k), 20, 1 / math.sqrt(4 * k * k)), det((4,), 21, 0.2)],
                          [0, 1, 2]))
    bn1 = [det((6, 5), 22, 2.0, 0.5), det((5,), 23, 0.3, 1.0), det((5,), 24, 0.2), det((5,), 25, 0.1),
           det((5,), 26, 0.3, 1.0)]
    bn2 = [det((3, 4, 5, 5), 27, 2.0, -0.3), det((4,), 28, 0.3, 1.0), det((4,), 29, 0.2), det((4,), 30, 0.1),
           det((4,), 31, 0.3, 1.0)]
    cases += [
        Case("batch_norm1d_train", bn_fn(True), bn1, [0, 1, 2], states=2),
        Case("batch_norm2d_train", bn_fn(True), bn2, [0, 1, 2], states=2),
        Case("batch_norm1d_eval", bn_fn(False), bn1, [0, 1, 2]),
        Case("batch_norm2d_eval", bn_fn(False), bn2, [0, 1, 2]),
        Case("reshape", lambda x: x.reshape(4, 6), [det((2, 3, 4), 32)], [0]),
        Case("reshape_infer", lambda x: x.reshape(-1, 2), [det((2, 3, 4), 32)], [0]),
        Case("flatten", lambda x: torch.flatten(x, 1), [det((2, 3, 2, 2), 33)], [0]),
        Case("cat_dim0", lambda x, y: torch.cat([x, y], 0), [det((2, 3), 34), det((4, 3), 35)], [0, 1]),
        Case("cat_dim1", lambda x, y, z: torch.cat([x, y, z], 1), [det((2, 3), 34), det((2, 4), 35), det((2, 1), 36)],
             [0, 1, 2]),
        Case("cat_dim1_4d", lambda x, y: torch.cat([x, y], 1), [det((2, 3, 2, 2), 37), det((2, 1, 2, 2), 38)], [0, 1]),
        Case("slice_dim0", lambda x: x[1:3], [det((4, 5), 39)], [0]),
        Case("slice_dim1", lambda x: x[:, 2:5], [det((3, 6), 40)], [0]),
        Case("slice_dim1_4d", lambda x: x[:, 1:3], [det((2, 4, 3, 3), 41)], [0]),
        Case("split_dim1", lambda x: torch.split(x, [2, 4], 1), [det((3, 6), 42)], [0]),
        Case("sum_all", lambda x: x.sum(), [det((3, 4, 5), 43)], [0]),
        Case("sum_dim0", lambda x: x.sum(0), [det((3, 4, 5), 43)], [0]),
        Case("sum_dim1", lambda x: x.sum(1), [det((3, 4, 5), 43)], [0]),
        Case("sum_dim2_keepdim", lambda x: x.sum(2, keepdim=True), [det((3, 4, 5), 43)], [0]),
        Case("mean_all", lambda x: x.mean(), [det((3, 4, 5), 43)], [0]),
        Case("mean_dim1", lambda x: x.mean(1), [det((3, 4, 5), 43)], [0]),
        Case("softmax", lambda x: torch.softmax(x, -1), [det((4, 7), 44, 3.0)], [0]),
        Case("log_softmax", lambda x: torch.log_softmax(x, -1), [det((4, 7), 44, 3.0)], [0]),
        Case("softmax_large", lambda x: torch.softmax(x, -1), [det((3, 5), 45, 40.0, 60.0)], [0]),
    ]
    p, t = bce_inputs()
    y = det((4, 6), 46)
    y2 = det((4, 6), 47)
    y2.flat[3] = y.flat[3]                                   # an exact tie: L1's gradient sign(0) = 0
    logits = det((5, 4), 48, 3.0)
    labels = np.array([1, 0, 3, 3, 2], dtype=np.float32)
    soft = np.abs(det((5, 4), 49)) + np.float32(0.1)
    soft = (soft / soft.sum(1, keepdims=True)).astype(np.float32)
    mu, lv = det((4, 3), 55), det((4, 3), 56, 1.5)
    q = det((6,), 57, 0.4, 0.5)
    rho = 0.05

    def gaussian_kl(m, v):
        return -0.5 * torch.sum(1 + v - m ** 2 - torch.exp(v))

    def sparsity_kl(qq):
        return torch.sum(rho * torch.log(rho / qq) + (1 - rho) * torch.log((1 - rho) / (1 - qq)))

    cases += [
        Case("bce_mean", lambda x, tt: F.binary_cross_entropy(x, tt), [p, t], [0]),
        Case("bce_sum", lambda x, tt: F.binary_cross_entropy(x, tt, reduction="sum"), [p, t], [0]),
        Case("bce_batchmean", lambda x, tt: F.binary_cross_entropy(x, tt, reduction="sum") / x.shape[0], [p, t], [0]),
        Case("mse_mean", F.mse_loss, [y, y2], [0, 1]),
        Case("mse_sum", lambda x, z: F.mse_loss(x, z, reduction="sum"), [y, y2], [0, 1]),
        Case("l1_mean", F.l1_loss, [y, y2], [0, 1]),
        Case("l1_sum", lambda x, z: F.l1_loss(x, z, reduction="sum"), [y, y2], [0, 1]),
        Case("cross_entropy_labels", lambda x, lab: F.cross_entropy(x, lab.long()), [logits, labels], [0]),
        Case("cross_entropy_labels_sum", lambda x, lab: F.cross_entropy(x, lab.long(), reduction="sum"),
             [logits, labels], [0]),
        Case("cross_entropy_soft", lambda x, tt: F.cross_entropy(x, tt), [logits, soft], [0]),
        Case("gaussian_kl_sum", gaussian_kl, [mu, lv], [0, 1]),
        Case("gaussian_kl_mean", lambda m, v: gaussian_kl(m, v) / m.numel(), [mu, lv], [0, 1]),
        Case("gaussian_kl_batchmean", lambda m, v: gaussian_kl(m, v) / m.shape[0], [mu, lv], [0, 1]),
        Case("sparsity_kl", sparsity_kl, [q], [0]),
    ]
    return cases


def write_ops():
    w = FixtureWriter()
    for case in op_cases():
        run_case(w, case)
    # Reparametrization: z = mu + eps exp(logVar / 2), eps = Philox normals of stream (seed 1234, offset 0).
    mu, lv = det((4, 3), 58), det((4, 3), 59, 1.5)
    eps = philox_normal(1234, 0, mu.size).reshape(mu.shape)
    w.tensor("reparametrize.eps", eps)
    run_case(w, Case("reparametrize", lambda m, v: m + torch.tensor(eps, dtype=DT) * torch.exp(0.5 * v), [mu, lv], [0, 1]))
    w.save("ops.bin")


# ---------------------------------------------------------------------------------------------------------------
# The course's convolutional autoencoder: the notebook's Encoder and Decoder classes (tools/course_networks.py).

class CourseAutoencoder(course.AE):
    """The engine's `ae`: children encoder = the course's Encoder(Z), decoder = the course's Decoder(Z)."""


def init_formula(model):
    """Parameter j (named_parameters order), stream k = j + 1: rank >= 2: U(-1, 1) / sqrt(fanIn) (PyTorch's default
    bound); rank 1 'weight' (batch-norm gamma): 1 + 0.1 U(-1, 1); rank 1 'bias': 0.1 U(-1, 1). Parity/Formula.cs does the same."""
    with torch.no_grad():
        for j, (name, p) in enumerate(model.named_parameters()):
            shape = tuple(p.shape)
            if len(shape) >= 2:
                v = det(shape, j + 1, 1 / math.sqrt(fan_in(shape)))
            elif name.endswith("weight"):
                v = det(shape, j + 1, 0.1, 1.0)
            else:
                v = det(shape, j + 1, 0.1)
            p.copy_(torch.tensor(v, dtype=DT))


MAX_STORED = 65536


def write_grad(w, name, g, max_stored=MAX_STORED):
    """Full gradient up to max_stored values; above that every s-th value plus full-tensor projections."""
    g = g.detach().to(DT)
    flat = g.reshape(-1)
    if flat.numel() <= max_stored:
        w.tensor("grad." + name, g)
        return
    stride = max(5, math.ceil(flat.numel() / max_stored))
    while any(stride % d == 0 for d in range(2, stride)):   # a prime >= 5: the samples visit every kernel position
        stride += 1
    w.tensor("grad_sampled." + name, flat[::stride])
    probe = torch.tensor(det((flat.numel(),), 7777), dtype=DT)
    w.scalars("grad_projections." + name,
              [stride, flat.sum().item(), (flat * flat).sum().item(), (flat * probe).sum().item()])


ENSEMBLE = 6   # perturbed float32 runs that measure how far float32 rounding can move an Adam trajectory


def perturb(model, seed):
    """Multiplies every parameter by (1 + 1e-7 n), n ~ N(0, 1): a float32 rounding-sized nudge. Ten Adam steps on a
    batch of 4 amplify it to ~1e-4 relative in the loss (Adam's first steps are sign-like), so one float32 run is one
    sample of that spread, not a bound; the tests allow the worst of an ensemble of such runs."""
    if seed is None:
        return
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(1 + 1e-7 * torch.randn(p.shape, generator=g, dtype=torch.float64).to(p.dtype))


def worst(reference, runs):
    """Per position, the run value farthest from the reference (a list of floats)."""
    return [max((run[i] for run in runs), key=lambda v: abs(v - reference[i])) for i in range(len(reference))]


def train_course_model(dtype, latent=24, batch=4, steps=10, nudge=None):
    model = CourseAutoencoder(latent).to(dtype)
    init_formula(model)
    perturb(model, nudge)
    model.train()
    x = torch.tensor(det((batch, 1, 28, 28), 100, 0.5, 0.5), dtype=dtype)   # images in [0, 1]
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    losses, recon0, grads0 = [], None, {}
    for step in range(steps):
        opt.zero_grad()
        recon = model(x)
        loss = F.binary_cross_entropy(recon, x, reduction="sum")
        loss.backward()
        if step == 0:
            recon0 = recon.detach().to(DT)
            grads0 = {name: p.grad.detach().to(DT).clone() for name, p in model.named_parameters()}
        losses.append(loss.item())
        opt.step()
    model.eval()
    with torch.no_grad():
        eval_loss = F.binary_cross_entropy(model(x), x, reduction="sum").item()
    return model, losses, recon0, grads0, eval_loss


def write_course_model():
    """The float64 run is the reference; PyTorch's own float32 run measures how far float32 rounding alone moves each
    value (stored as *_noise), from which the tests derive their tolerances."""
    model, losses, recon0, grads0, eval_loss = train_course_model(DT)
    model32, losses32, recon32, grads32, eval32 = train_course_model(torch.float32)
    ensemble = [(model32, losses32, eval32)] + [
        (m, l, e) for m, l, _, _, e in (train_course_model(torch.float32, nudge=k) for k in range(ENSEMBLE))]
    losses32 = worst(losses, [l for _, l, _ in ensemble])
    eval32 = worst([eval_loss], [[e] for _, _, e in ensemble])[0]
    w = FixtureWriter()
    w.scalars("parameter_names_count", [len(grads0)])
    w.tensor("step0.reconstruction", recon0)
    w.scalars("step0.reconstruction_noise", [(recon0 - recon32).abs().max().item()])
    for name, g in grads0.items():
        write_grad(w, name, g)
        w.scalars("grad_noise." + name, [(g - grads32[name]).abs().max().item()])
    w.scalars("adam_losses", losses)
    w.scalars("adam_losses_float32", losses32)
    write_state(w, model, [m for m, _, _ in ensemble])
    w.scalars("eval_loss", [eval_loss, eval32])
    print("course model losses:", ", ".join(f"{v:.4f}" for v in losses))
    print("float32 rel. deviation:", ", ".join(f"{abs(a - b) / a:.1e}" for a, b in zip(losses, losses32)))
    w.save("course_autoencoder.bin")


# ---------------------------------------------------------------------------------------------------------------
# The production VAE (src/Models/Families/Vae/VariationalAutoencoder.cs; module tree in
# tests/Engine.Tests/Families/Vae/CourseVaeParityTests.cs): the AE's
# tree with the encoder's last Linear producing 2Z outputs, mu = h[:, :Z], logVar = h[:, Z:],
# z = mu + eps exp(logVar / 2) with eps of step s = Philox normals (VAE_SEED, offset s * batch * Z) as Generator(VAE_SEED),
# loss = BCE(recon, x, mean over pixels) + 0.005 KL, KL = -1/2 sum(1 + lv - mu^2 - exp(lv)) / batch (Reduction.BatchMean).

VAE_SEED = 20240611
VAE_KL_WEIGHT = 0.005
VAE_MAX_STORED = 8192   # keeps course_vae.bin well under 1 MB


class CourseVae(course.VAE):
    """The engine's `vae`: encoder = Encoder(2Z), decoder = Decoder(Z); forward(x, eps) -> (recon, mu, log_var)."""


def vae_loss(recon, x, mu, lv):
    bce = F.binary_cross_entropy(recon, x, reduction="mean")
    kl = -0.5 * torch.sum(1 + lv - mu ** 2 - torch.exp(lv)) / mu.shape[0]
    return bce + VAE_KL_WEIGHT * kl, bce, kl


def vae_eps(step, batch, latent):
    return philox_normal(VAE_SEED, step * batch * latent, batch * latent).reshape(batch, latent)


def write_state(w, model, runs32):
    """Running statistics of the float64 model, with the largest deviation of any float32 run as *_noise."""
    for name, buf in model.named_buffers():
        if name.endswith("num_batches_tracked"):
            w.scalars("state." + name, [buf.item()])
        else:
            w.tensor("state." + name, buf)
            noise = max((buf - dict(m.named_buffers())[name].to(DT)).abs().max().item() for m in runs32)
            w.scalars("state_noise." + name, [noise])


def train_course_vae(dtype, latent=2, batch=4, steps=10, nudge=None):
    model = CourseVae(latent).to(dtype)
    init_formula(model)
    perturb(model, nudge)
    model.train()
    x = torch.tensor(det((batch, 1, 28, 28), 100, 0.5, 0.5), dtype=dtype)   # images in [0, 1]
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    run = {"losses": []}
    for step in range(steps):
        opt.zero_grad()
        recon, mu, lv = model(x, torch.tensor(vae_eps(step, batch, latent), dtype=dtype))
        loss, bce, kl = vae_loss(recon, x, mu, lv)
        loss.backward()
        if step == 0:
            run.update(recon=recon.detach().to(DT), mu=mu.detach().to(DT), logvar=lv.detach().to(DT),
                       bce=bce.item(), kl=kl.item(),
                       grads={name: p.grad.detach().to(DT).clone() for name, p in model.named_parameters()})
        run["losses"].append(loss.item())
        opt.step()
    model.eval()   # eval mode: z = mu
    with torch.no_grad():
        recon, mu, lv = model(x, torch.zeros(batch, latent, dtype=dtype))
        run["eval_loss"] = vae_loss(recon, x, mu, lv)[0].item()
    return model, run


def write_course_vae():
    """As write_course_model: float64 reference, PyTorch float32 deviations stored as *_noise / *_float32."""
    model, ref = train_course_vae(DT)
    model32, f32 = train_course_vae(torch.float32)
    ensemble = [(model32, f32)] + [train_course_vae(torch.float32, nudge=k) for k in range(ENSEMBLE)]
    losses32 = worst(ref["losses"], [r["losses"] for _, r in ensemble])
    eval32 = worst([ref["eval_loss"]], [[r["eval_loss"]] for _, r in ensemble])[0]
    w = FixtureWriter()
    w.scalars("seed", [VAE_SEED])
    w.scalars("kl_weight", [VAE_KL_WEIGHT])
    w.tensor("eps.step0", vae_eps(0, 4, 2))
    w.tensor("eps.step9", vae_eps(9, 4, 2))
    w.scalars("parameter_names_count", [len(ref["grads"])])
    for key in ("recon", "mu", "logvar"):
        w.tensor(f"step0.{key}", ref[key])
        w.scalars(f"step0.{key}_noise", [(ref[key] - f32[key]).abs().max().item()])
    for key in ("bce", "kl"):
        w.scalars(f"step0.{key}", [ref[key], f32[key]])   # float64 reference, PyTorch float32
    for name, g in ref["grads"].items():
        write_grad(w, name, g, VAE_MAX_STORED)
        w.scalars("grad_noise." + name, [(g - f32["grads"][name]).abs().max().item()])
    w.scalars("adam_losses", ref["losses"])
    w.scalars("adam_losses_float32", losses32)
    write_state(w, model, [m for m, _ in ensemble])
    w.scalars("eval_loss", [ref["eval_loss"], eval32])
    print("course VAE losses:", ", ".join(f"{v:.6f}" for v in ref["losses"]), f"(bce {ref['bce']:.6f}, kl {ref['kl']:.6f})")
    print("float32 rel. deviation:", ", ".join(f"{abs(a - b) / a:.1e}" for a, b in zip(ref["losses"], losses32)))
    w.save("course_vae.bin")


# ---------------------------------------------------------------------------------------------------------------
# Course weights as a course user saves them: encoder.state_dict() and decoder.state_dict() of the notebook's classes
# (float32 safetensors, no metadata, batch-norm running statistics perturbed away from 0 / 1 and a counter of 37), for
# `engine import` (tests: Parity/CourseImportParityTests.cs). Encoder(24) + Decoder(24) for the AE, Encoder(48) +
# the same Decoder(24) for the VAE (latent 24). References in float64 from the float32 files: eval-mode outputs with
# the loaded statistics, then one train-mode step (latent, reconstruction, loss terms, every gradient, new statistics).

IMPORT_LATENT = 24
IMPORT_BATCH = 4


def perturb_statistics(model):
    with torch.no_grad():
        for j, (name, buf) in enumerate(model.named_buffers()):
            shape = tuple(buf.shape)
            if name.endswith("running_mean"):
                buf.copy_(torch.tensor(det(shape, 500 + j, 0.3), dtype=buf.dtype))
            elif name.endswith("running_var"):
                buf.copy_(torch.tensor(det(shape, 500 + j, 0.5, 1.0), dtype=buf.dtype))   # in [0.5, 1.5)
            else:
                buf.fill_(37)


def import_step(model, kind, x, dtype):
    """Eval-mode outputs, then one train-mode step; returns a dict of float64 results."""
    model = model.to(dtype)
    x = x.to(dtype)
    out = {}
    model.eval()
    with torch.no_grad():
        if kind == "ae":
            out["eval.latent"] = model.encoder(x)
            out["eval.reconstruction"] = model(x)
        else:
            recon, mu, lv = model(x, torch.zeros(IMPORT_BATCH, IMPORT_LATENT, dtype=dtype))
            out["eval.latent"], out["eval.reconstruction"] = mu, recon
    model.train()
    model.zero_grad()
    if kind == "ae":
        z = model.encoder(x)
        recon = model.decoder(z)
        loss = F.binary_cross_entropy(recon, x)
        out["train.latent"], out["train.loss"] = z, loss
    else:
        eps = torch.tensor(philox_normal(VAE_SEED, 0, IMPORT_BATCH * IMPORT_LATENT).reshape(IMPORT_BATCH, IMPORT_LATENT), dtype=dtype)
        recon, mu, lv = model(x, eps)
        loss, bce, kl = vae_loss(recon, x, mu, lv)
        out["train.latent"], out["train.logvar"], out["train.loss"], out["train.bce"], out["train.kl"] = mu, lv, loss, bce, kl
    out["train.reconstruction"] = recon
    loss.backward()
    out = {k: v.detach().to(DT) for k, v in out.items()}
    out["grads"] = {name: p.grad.detach().to(DT).clone() for name, p in model.named_parameters()}
    out["state"] = {name: b.detach().clone() for name, b in model.named_buffers()}
    return out


def write_course_import():
    x = torch.tensor(det((IMPORT_BATCH, 1, 28, 28), 300, 0.5, 0.5))   # images in [0, 1]
    decoder_file = None
    for kind, make in (("ae", CourseAutoencoder), ("vae", CourseVae)):
        model = make(IMPORT_LATENT)
        init_formula(model)
        perturb_statistics(model)
        model = model.float()
        encoder_file = os.path.join(OUT_DIR, f"course_{kind}_encoder.safetensors")
        save_safetensors(encoder_file, {k: v.contiguous() for k, v in model.encoder.state_dict().items()}, None)
        decoder_state = {k: v.contiguous() for k, v in model.decoder.state_dict().items()}
        if decoder_file is None:
            decoder_file = os.path.join(OUT_DIR, f"course_decoder{IMPORT_LATENT}.safetensors")
            save_safetensors(decoder_file, decoder_state, None)
            saved_decoder = decoder_state
        else:   # both kinds share the decoder file
            assert all(torch.equal(saved_decoder[k], v) for k, v in decoder_state.items())
        print(f"{encoder_file}: {os.path.getsize(encoder_file)} bytes")
        import copy
        ref = import_step(copy.deepcopy(model), kind, x, DT)
        f32 = import_step(copy.deepcopy(model), kind, x, torch.float32)
        w = FixtureWriter()
        w.tensor("x", x)
        w.scalars("parameter_names_count", [len(ref["grads"])])
        for key, value in ref.items():
            if key in ("grads", "state"):
                continue
            if value.dim() == 0:
                w.scalars(key, [value.item(), f32[key].item()])
            else:
                w.tensor(key, value)
                w.scalars(key + "_noise", [(value - f32[key].to(DT)).abs().max().item()])
        for name, g in ref["grads"].items():
            write_grad(w, name, g, VAE_MAX_STORED)
            w.scalars("grad_noise." + name, [(g - f32["grads"][name].to(DT)).abs().max().item()])
        for name, buf in ref["state"].items():
            if name.endswith("num_batches_tracked"):
                w.scalars("state." + name, [buf.item()])
            else:
                w.tensor("state." + name, buf)
                w.scalars("state_noise." + name, [(buf.to(DT) - f32["state"][name].to(DT)).abs().max().item()])
        print(f"course import {kind}: loss {ref['train.loss'].item():.6f}")
        w.save(f"course_import_{kind}.bin")


# ---------------------------------------------------------------------------------------------------------------
# Optimizers: a small MLP (Linear 6->16, Tanh, Linear 16->3), MSE loss, N steps; parameters and losses.

def write_optimizers():
    w = FixtureWriter()
    x = torch.tensor(det((8, 6), 200), dtype=DT)
    y = torch.tensor(det((8, 3), 201, 0.5), dtype=DT)
    configs = {
        "adam": lambda ps: torch.optim.Adam(ps, lr=1e-2),
        "adam_wd": lambda ps: torch.optim.Adam(ps, lr=1e-2, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.05),
        "sgd_momentum_wd": lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, weight_decay=1e-2),
        "sgd_plain": lambda ps: torch.optim.SGD(ps, lr=0.1),
    }
    for tag, make in configs.items():
        mlp = nn.Sequential(nn.Linear(6, 16), nn.Tanh(), nn.Linear(16, 3)).to(DT)
        init_formula(mlp)
        opt = make(mlp.parameters())
        losses = []
        for _ in range(25):
            opt.zero_grad()
            loss = F.mse_loss(mlp(x), y)
            loss.backward()
            losses.append(loss.item())
            opt.step()
        w.scalars(f"{tag}.losses", losses)
        for name, p in mlp.named_parameters():
            w.tensor(f"{tag}.{name}", p)
    w.save("optimizers.bin")


# ---------------------------------------------------------------------------------------------------------------
# The adversarial autoencoder (src/Models/Families/Aae/: AdversarialAutoencoder.cs, AaeExperiment.cs): one full step, its
# three phases, each with its own Adam (lr 1e-3, weight decay 1e-6):
#   1. reconstruction (encoder + decoder): L_rec = BCE(decoder(encoder(x)), x), mean over pixels
#   2. generator (encoder): L_gen = 0.01 BCE(D(e), 1), e = encoder(x)
#   3. discriminator (D): L_D = BCE(D(z_p), 1) + BCE(D(e), 0), e = encoder(x) without grad
# D always judges in one train-mode pass over cat(z_p, e) (Discriminator.Judge), the same z_p in phases 2 and 3.
# The prior samples z_p are given (det values in [-2.5, 2.5]); Z = 2, batch 4, 8 prior samples. Stored: each phase's
# loss (unweighted), the change of every parameter the phase trains (full, or sampled + projections), and the running
# statistics after the step, each with PyTorch's float32 deviation as *_noise.

AAE_LATENT, AAE_BATCH, AAE_PRIOR = 2, 4, 8
AAE_GENERATOR_WEIGHT = 0.01
AAE_WEIGHT_DECAY = 1e-6
AAE_MAX_STORED = 2048
AAE_PHASES = {"reconstruction": ("encoder.", "decoder."), "generator": ("encoder.",), "discriminator": ("discriminator.",)}


def aae_step(dtype, nudge=None):
    model = course.AAE(AAE_LATENT).to(dtype)
    init_formula(model)
    perturb(model, nudge)
    model.train()
    x = torch.tensor(det((AAE_BATCH, 1, 28, 28), 100, 0.5, 0.5), dtype=dtype)
    prior = torch.tensor(det((AAE_PRIOR, AAE_LATENT), 300, 2.5), dtype=dtype)
    enc, dec, disc = model.encoder, model.decoder, model.discriminator
    opt = lambda ps: torch.optim.Adam(ps, lr=1e-3, weight_decay=AAE_WEIGHT_DECAY)   # noqa: E731
    reconstruction = opt(list(enc.parameters()) + list(dec.parameters()))
    generator, discriminator = opt(enc.parameters()), opt(disc.parameters())
    run = {"losses": {}, "deltas": {}}
    before = {n: p.detach().to(DT).clone() for n, p in model.named_parameters()}

    def record(phase):
        for name, p in model.named_parameters():
            if name.startswith(AAE_PHASES[phase]):
                run["deltas"][f"{phase}.{name}"] = p.detach().to(DT) - before[name]
            before[name] = p.detach().to(DT).clone()

    reconstruction.zero_grad()
    rec = F.binary_cross_entropy(dec(enc(x)), x)
    rec.backward()
    reconstruction.step()
    run["losses"]["reconstruction"] = rec.item()
    record("reconstruction")

    generator.zero_grad()
    z = enc(x)
    d = disc(torch.cat([prior, z]))[AAE_PRIOR:]
    gen = F.binary_cross_entropy(d, torch.ones_like(d))
    (AAE_GENERATOR_WEIGHT * gen).backward()
    generator.step()
    run["losses"]["generator"] = gen.item()
    record("generator")

    discriminator.zero_grad()
    with torch.no_grad():
        codes = enc(x)
    d = disc(torch.cat([prior, codes]))
    real, fake = d[:AAE_PRIOR], d[AAE_PRIOR:]
    dis = F.binary_cross_entropy(real, torch.ones_like(real)) + F.binary_cross_entropy(fake, torch.zeros_like(fake))
    dis.backward()
    discriminator.step()
    run["losses"]["discriminator"] = dis.item()
    run["codes"] = codes.detach().to(DT)
    record("discriminator")
    return model, run


def aae_stride(numel):
    stride = max(5, math.ceil(numel / AAE_MAX_STORED))
    while any(stride % d == 0 for d in range(2, stride)):
        stride += 1
    return stride


def aae_flips(delta, runs):
    """Most stored elements any float32 run moves off a tight match (1e-7 + 1e-3 |delta|): the elements whose gradient
    is within rounding of 0, where Adam's first step, about lr sign(g), may go either way."""
    flat = delta.reshape(-1)
    stride = 1 if flat.numel() <= AAE_MAX_STORED else aae_stride(flat.numel())
    ref = flat[::stride]
    return max(int(((r.reshape(-1)[::stride].to(DT) - ref).abs() > 1e-7 + 1e-3 * ref.abs()).sum().item()) for r in runs)


def write_delta(w, name, delta, noise, flips):
    flat = delta.reshape(-1)
    w.scalars("delta_flips." + name, [flips])
    if flat.numel() <= AAE_MAX_STORED:
        w.tensor("delta." + name, delta)
    else:
        stride = aae_stride(flat.numel())
        w.tensor("delta_sampled." + name, flat[::stride])
        probe = torch.tensor(det((flat.numel(),), 7777), dtype=DT)
        w.scalars("delta_projections." + name, [stride, flat.sum().item(), (flat * flat).sum().item(), (flat * probe).sum().item()])
    w.scalars("delta_noise." + name, [noise])


def write_phased(step, file, scalars, tensors=None):
    """One float64 step and an ensemble of float32 ones (plain, then nudged) of <step>; writes <scalars> and <tensors>
    (inputs the test checks it builds alike), each phase's loss (with the worst float32 run's), the detached codes if the
    step returns them, every phase's parameter changes (with their float32 noise and flips) and the running statistics
    after the step."""
    model, ref = step(DT)
    ensemble = [step(torch.float32)] + [step(torch.float32, nudge=k) for k in range(ENSEMBLE)]
    w = FixtureWriter()
    for name, values in scalars.items():
        w.scalars(name, values)
    for name, value in (tensors or {}).items():
        w.tensor(name, value)
    w.scalars("parameter_names_count", [len(list(model.named_parameters()))])
    for phase, value in ref["losses"].items():
        w.scalars(f"loss.{phase}", [value, worst([value], [[r["losses"][phase]] for _, r in ensemble])[0]])
    if "codes" in ref:
        w.tensor("codes", ref["codes"])
        w.scalars("codes_noise", [max((ref["codes"] - r["codes"]).abs().max().item() for _, r in ensemble)])
    for name, delta in ref["deltas"].items():
        noise = max((delta - r["deltas"][name]).abs().max().item() for _, r in ensemble)
        write_delta(w, name, delta, noise, aae_flips(delta, [r["deltas"][name] for _, r in ensemble]))
    write_state(w, model, [m for m, _ in ensemble])
    print(f"{file} step losses:", ", ".join(f"{k} {v:.6f}" for k, v in ref["losses"].items()))
    w.save(file)


def write_aae():
    write_phased(aae_step, "course_aae.bin", {"generator_weight": [AAE_GENERATOR_WEIGHT], "weight_decay": [AAE_WEIGHT_DECAY]})


# The AAE's step under --recipe notebook (src/Models/Families/Aae/AaeExperiment.Notebook.cs), the course notebook's step
# as issue 29 reads it: the same three Adams and the same reconstruction phase as aae_step, then
#   2. generator (encoder): z = encoder(x); L_gen = 0.01 BCE(D(z), 1), D in a pass over the codes alone
#   3. discriminator (D): L_D = BCE(cat(D(z.detach()), D(z_p)), cat(0, 1)), two train-mode passes (the codes first), one
#      mean over the B + P predictions, z the generator phase's codes (no third encoder pass)
# Z = 2, batch 4, P = 80 = 20 x batch given prior samples (det values in [-2.5, 2.5]). The grid prior's step
# (notebook_aae_grid.bin) is the same code with the notebook's grid batch, 128, against its fixed count of 1,280 prior
# samples: det uniforms in [0, 1) placed row i into box i mod 10 in float32 (GridPrior.InBoxes), so D's batch norm
# normalises 1,280 rows in the prior's pass and the codes' term weighs 128 / 1,408 in the one BCE mean.

NOTEBOOK_PRIOR = 20 * AAE_BATCH
GRID_BATCH, GRID_PRIOR = 128, 1280
GRID_BANDS = [(-1.5, -0.7), (-0.5, 0.3), (0.5, 1.3)]
GRID_BOXES = [(x0, x1, y0, y1) for (y0, y1) in GRID_BANDS for (x0, x1) in GRID_BANDS] + [(-0.5, 0.3, -2.3, -1.7)]


def grid_samples(u):
    """GridPrior.InBoxes: u (N, 2) in [0, 1) -> row i uniform in box i mod 10, left + u (right - left) in float32."""
    f = np.float32
    out = np.empty_like(u, dtype=np.float32)
    for i in range(len(u)):
        x0, x1, y0, y1 = (f(v) for v in GRID_BOXES[i % len(GRID_BOXES)])
        out[i, 0] = x0 + u[i, 0] * (x1 - x0)
        out[i, 1] = y0 + u[i, 1] * (y1 - y0)
    return out


def notebook_prior(prior):
    """The prior samples of the notebook fixtures, float32: 'uniform' 80 det values in [-2.5, 2.5], 'grid' 1,280 in the boxes."""
    if prior == "uniform":
        return det((NOTEBOOK_PRIOR, AAE_LATENT), 300, 2.5)
    return grid_samples(det((GRID_PRIOR, AAE_LATENT), 300, 0.5, 0.5))


def notebook_aae_step(dtype, nudge=None, prior_name="uniform"):
    model = course.AAE(AAE_LATENT).to(dtype)
    init_formula(model)
    perturb(model, nudge)
    model.train()
    batch = AAE_BATCH if prior_name == "uniform" else GRID_BATCH
    x = torch.tensor(det((batch, 1, 28, 28), 100, 0.5, 0.5), dtype=dtype)
    prior = torch.tensor(notebook_prior(prior_name), dtype=dtype)
    enc, dec, disc = model.encoder, model.decoder, model.discriminator
    opt = lambda ps: torch.optim.Adam(ps, lr=1e-3, weight_decay=AAE_WEIGHT_DECAY)   # noqa: E731
    reconstruction = opt(list(enc.parameters()) + list(dec.parameters()))
    generator, discriminator = opt(enc.parameters()), opt(disc.parameters())
    run = {"losses": {}, "deltas": {}}
    record = PhaseRecorder(model, AAE_PHASES)

    reconstruction.zero_grad()
    rec = F.binary_cross_entropy(dec(enc(x)), x)
    rec.backward()
    reconstruction.step()
    run["losses"]["reconstruction"] = rec.item()
    record(run, "reconstruction")

    generator.zero_grad()
    z = enc(x)
    d = disc(z)
    gen = F.binary_cross_entropy(d, torch.ones_like(d))
    (AAE_GENERATOR_WEIGHT * gen).backward()
    generator.step()
    run["losses"]["generator"] = gen.item()
    record(run, "generator")

    discriminator.zero_grad()
    fake, real = disc(z.detach()), disc(prior)
    dis = F.binary_cross_entropy(torch.cat([fake, real]), torch.cat([torch.zeros_like(fake), torch.ones_like(real)]))
    dis.backward()
    discriminator.step()
    run["losses"]["discriminator"] = dis.item()
    run["codes"] = z.detach().to(DT)
    record(run, "discriminator")
    return model, run


def write_aae_notebook():
    write_phased(notebook_aae_step, "notebook_aae.bin", {
        "generator_weight": [AAE_GENERATOR_WEIGHT], "weight_decay": [AAE_WEIGHT_DECAY], "prior_samples": [NOTEBOOK_PRIOR]})


def write_aae_notebook_grid():
    step = lambda dtype, nudge=None: notebook_aae_step(dtype, nudge, prior_name="grid")   # noqa: E731
    write_phased(step, "notebook_aae_grid.bin", {
        "generator_weight": [AAE_GENERATOR_WEIGHT], "weight_decay": [AAE_WEIGHT_DECAY], "prior_samples": [GRID_PRIOR],
        "batch": [GRID_BATCH]}, tensors={"prior": notebook_prior("grid")})


class PhaseRecorder:
    """The change every phase makes to the parameters it trains (prefixes per phase), in float64."""

    def __init__(self, model, phases):
        self.model, self.phases = model, phases
        self.before = {n: p.detach().to(DT).clone() for n, p in model.named_parameters()}

    def __call__(self, run, phase):
        for name, p in self.model.named_parameters():
            if name.startswith(self.phases[phase]):
                run["deltas"][f"{phase}.{name}"] = p.detach().to(DT) - self.before[name]
            self.before[name] = p.detach().to(DT).clone()


def judge(disc, prior, codes):
    """Discriminator.Judge: D in one train-mode pass over cat(prior, codes), split back into D(prior), D(codes)."""
    d = disc(torch.cat([prior, codes]))
    return d[:prior.shape[0]], d[prior.shape[0]:]


def bce_to(p, target):
    return F.binary_cross_entropy(p, torch.full_like(p, target))


# ---------------------------------------------------------------------------------------------------------------
# The disentangled AAE (src/Models/Families/AaeDisentangled/: DisentangledAdversarialAutoencoder.cs, AaeDisentangledExperiment.cs): one
# full step, four Adams (lr 1e-3, weight decay 1e-6), z = the encoder's Z outputs, logits the label encoder's K:
#   1. reconstruction (encoder, label encoder, decoder): L_rec + L_ce = BCE(G(z ⊕ one-hot(y)), x) + CE(logits, y)
#   2. regularisation (encoder): w BCE(D(z), 1) + λ CE(P(z), uniform), D judging cat(z_p, z) in one pass
#   3. discriminator (D): BCE(D(z_p), 1) + BCE(D(z), 0), z recomputed without grad (the same z_p as phase 2)
#   4. predictor (P): PREDICTOR_STEPS Adam steps of CE(P(z), y) on the same detached z; its loss is the first step's
# Z = 2, K = 10, batch 4 (given labels), 8 given prior samples.

DIS_CLASSES, DIS_CONFUSION_WEIGHT, DIS_PREDICTOR_STEPS = 10, 1.0, 3
DIS_LABELS = [3, 0, 7, 3]
DIS_PHASES = {"reconstruction": ("encoder.", "label-encoder.", "decoder."), "generator": ("encoder.",), "discriminator": ("discriminator.",),
              "predictor": ("predictor.",)}


def disentangled_step(dtype, nudge=None):
    model = course.DisentangledAAE(AAE_LATENT, DIS_CLASSES).to(dtype)
    init_formula(model)
    perturb(model, nudge)
    model.train()
    x = torch.tensor(det((AAE_BATCH, 1, 28, 28), 100, 0.5, 0.5), dtype=dtype)
    y = torch.tensor(DIS_LABELS)
    prior = torch.tensor(det((AAE_PRIOR, AAE_LATENT), 300, 2.5), dtype=dtype)
    opt = lambda ps: torch.optim.Adam(ps, lr=1e-3, weight_decay=AAE_WEIGHT_DECAY)   # noqa: E731
    reconstruction = opt(list(model.encoder.parameters()) + list(model.label_encoder.parameters()) + list(model.decoder.parameters()))
    generator, discriminator, predictor = opt(model.encoder.parameters()), opt(model.discriminator.parameters()), opt(model.predictor.parameters())
    run = {"losses": {}, "deltas": {}}
    record = PhaseRecorder(model, DIS_PHASES)

    reconstruction.zero_grad()
    z, logits = model.encode(x)
    rec = F.binary_cross_entropy(model.decoder(torch.cat([z, F.one_hot(y, DIS_CLASSES).to(dtype)], 1)), x)
    ce = F.cross_entropy(logits, y)
    (rec + ce).backward()
    reconstruction.step()
    run["losses"]["reconstruction"], run["losses"]["label-ce"] = rec.item(), ce.item()
    record(run, "reconstruction")

    generator.zero_grad()
    z = model.encoder(x)                                                   # the style alone: the label encoder does not run
    gen = bce_to(judge(model.discriminator, prior, z)[1], 1.0)
    confusion = -F.log_softmax(model.predictor(z), 1).mean()                         # CE(P(z), uniform)
    (AAE_GENERATOR_WEIGHT * gen + DIS_CONFUSION_WEIGHT * confusion).backward()
    generator.step()
    run["losses"]["generator"], run["losses"]["confusion"] = gen.item(), confusion.item()
    record(run, "generator")

    with torch.no_grad():
        codes = model.encoder(x)
    discriminator.zero_grad()
    real, fake = judge(model.discriminator, prior, codes)
    dis = bce_to(real, 1.0) + bce_to(fake, 0.0)
    dis.backward()
    discriminator.step()
    run["losses"]["discriminator"] = dis.item()
    record(run, "discriminator")

    for k in range(DIS_PREDICTOR_STEPS):
        predictor.zero_grad()
        pce = F.cross_entropy(model.predictor(codes), y)
        pce.backward()
        predictor.step()
        if k == 0:
            run["losses"]["predictor-ce"] = pce.item()
    record(run, "predictor")
    run["codes"] = codes.detach().to(DT)
    return model, run


def write_aae_disentangled():
    write_phased(disentangled_step, "course_aae_disentangled.bin", {
        "generator_weight": [AAE_GENERATOR_WEIGHT], "confusion_weight": [DIS_CONFUSION_WEIGHT], "weight_decay": [AAE_WEIGHT_DECAY],
        "predictor_steps": [DIS_PREDICTOR_STEPS], "labels": DIS_LABELS})


# ---------------------------------------------------------------------------------------------------------------
# The semi-supervised AAE (src/Models/Families/AaeSemi/: SemiSupervisedAdversarialAutoencoder.cs, AaeSemiExperiment.cs): one
# full step, six Adams (lr 1e-3, weight decay 1e-6), z = the encoder's first Z outputs, y = softmax(its last K):
#   1. reconstruction (encoder + decoder): BCE(G(z ⊕ y), x)
#   2a. generator (encoder): w (BCE(D_cat(y), 1) + BCE(D_gauss(z), 1)), each D judging cat(prior, codes) in one pass
#   2b. discriminators (D_cat, D_gauss, one backward of their sum): BCE(D(prior), 1) + BCE(D(codes), 0), codes without grad
#   3. semi-supervised (encoder): CE(logits(x_l), y_l) on a labelled batch
#   4. baseline (the classifier): CE(classifier(x_l), y_l) on the same batch
# Z = 2, K = 10, batch 4, 4 given one-hot samples and 4 given normal samples, a given labelled batch of 4.

SEMI_LABELS = [1, 8, 1, 5]
SEMI_ONE_HOTS = [2, 9, 4, 2]
SEMI_PHASES = {"reconstruction": ("encoder.", "decoder."), "generator": ("encoder.",), "discriminators": ("categorical.", "gaussian."),
               "semi-supervised": ("encoder.",), "baseline": ("baseline.",)}


def semi_step(dtype, nudge=None):
    model = course.SemiSupervisedAAE(AAE_LATENT, DIS_CLASSES).to(dtype)
    init_formula(model)
    perturb(model, nudge)
    model.train()
    x = torch.tensor(det((AAE_BATCH, 1, 28, 28), 100, 0.5, 0.5), dtype=dtype)
    xl = torch.tensor(det((AAE_BATCH, 1, 28, 28), 110, 0.5, 0.5), dtype=dtype)
    yl = torch.tensor(SEMI_LABELS)
    one_hots = F.one_hot(torch.tensor(SEMI_ONE_HOTS), DIS_CLASSES).to(dtype)
    normals = torch.tensor(det((AAE_BATCH, AAE_LATENT), 310, 2.0), dtype=dtype)
    opt = lambda ps: torch.optim.Adam(ps, lr=1e-3, weight_decay=AAE_WEIGHT_DECAY)   # noqa: E731
    reconstruction = opt(list(model.encoder.parameters()) + list(model.decoder.parameters()))
    generator, categorical, gaussian = opt(model.encoder.parameters()), opt(model.categorical.parameters()), opt(model.gaussian.parameters())
    semi, baseline = opt(model.encoder.parameters()), opt(model.baseline.parameters())
    run = {"losses": {}, "deltas": {}}
    record = PhaseRecorder(model, SEMI_PHASES)

    reconstruction.zero_grad()
    z, logits = model.encode(x)
    rec = F.binary_cross_entropy(model.decoder(torch.cat([z, F.softmax(logits, 1)], 1)), x)
    rec.backward()
    reconstruction.step()
    run["losses"]["reconstruction"] = rec.item()
    record(run, "reconstruction")

    generator.zero_grad()
    z, logits = model.encode(x)
    gen = bce_to(judge(model.categorical, one_hots, F.softmax(logits, 1))[1], 1.0) + bce_to(judge(model.gaussian, normals, z)[1], 1.0)
    (AAE_GENERATOR_WEIGHT * gen).backward()
    generator.step()
    run["losses"]["generator"] = gen.item()
    record(run, "generator")

    with torch.no_grad():
        style, logits = model.encode(x)
        classes = F.softmax(logits, 1)
    categorical.zero_grad()
    gaussian.zero_grad()
    real_y, fake_y = judge(model.categorical, one_hots, classes)
    real_z, fake_z = judge(model.gaussian, normals, style)
    dis_cat, dis_gauss = bce_to(real_y, 1.0) + bce_to(fake_y, 0.0), bce_to(real_z, 1.0) + bce_to(fake_z, 0.0)
    (dis_cat + dis_gauss).backward()
    categorical.step()
    gaussian.step()
    run["losses"]["discriminator-categorical"], run["losses"]["discriminator-gaussian"] = dis_cat.item(), dis_gauss.item()
    record(run, "discriminators")

    semi.zero_grad()
    ce = F.cross_entropy(model.encode(xl)[1], yl)
    ce.backward()
    semi.step()
    run["losses"]["label-ce"] = ce.item()
    record(run, "semi-supervised")

    baseline.zero_grad()
    base = F.cross_entropy(model.baseline(xl), yl)
    base.backward()
    baseline.step()
    run["losses"]["baseline-ce"] = base.item()
    record(run, "baseline")
    return model, run


def write_aae_semi():
    write_phased(semi_step, "course_aae_semi.bin", {
        "generator_weight": [AAE_GENERATOR_WEIGHT], "weight_decay": [AAE_WEIGHT_DECAY], "labels": SEMI_LABELS, "one_hots": SEMI_ONE_HOTS})


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    torch.set_num_threads(2)
    if "--aae-only" in sys.argv:   # course_aae.bin alone
        write_aae()
        return
    if "--aae-notebook-only" in sys.argv:   # the AAE's steps under --recipe notebook alone (uniform and grid priors)
        write_aae_notebook()
        write_aae_notebook_grid()
        return
    if "--aae-variants-only" in sys.argv:   # the disentangled and semi-supervised AAE steps alone
        write_aae_disentangled()
        write_aae_semi()
        return
    write_ops()
    write_optimizers()
    if "--no-model" not in sys.argv:
        write_course_model()
        write_course_vae()
        write_course_import()
        write_aae()
        write_aae_disentangled()
        write_aae_semi()
        write_aae_notebook()
        write_aae_notebook_grid()


if __name__ == "__main__":
    main()
