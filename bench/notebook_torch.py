#!/usr/bin/env python3
"""The course notebook's training and evaluation cells as PyTorch functions, for the side by side with `engine train
--recipe notebook` (issue 29). The networks are the notebook's own classes (tools/course_networks.py); the loops, losses
and settings are the notebook's as issue 29 reads its code cells: MNIST digits, Adam, batch 64, BCE mean over pixels;
ae latent 2 / 24 (lr 1e-4, 5 epochs); sparse-l1 (latent 900, BCE + 0.01 F.l1_loss(z, 0)); vae (latent 2, BCE + 0.005
KL, KL summed over Z and averaged over the batch, z sampled in evaluation too); vae-kl-only (2 epochs of 0.1 KL); cvae
(decoder reads z and the one-hot label, lr 1e-2, 5 epochs, KL weight 0.005, z sampled in evaluation); the denoising
evaluation (the plain latent-24 AE, trained on clean images, scored on x + 0.3 N(0, 1), not clamped). Where issue 29 names
no difference from the engine, the engine's setting is taken as the notebook's (evaluation in eval mode, batch 256).

Usage: /usr/bin/python3 bench/notebook_torch.py ae|ae2|dae|sparse-l1|vae|vae-kl-only|cvae [--seed 1] [--limit 2000]
       [--test-limit 1000] [--epochs N] [--data data/mnist] [--threads 1]
       [--init RUN/checkpoint/model.safetensors] [--order torch|engine]
--init and --order swap one of PyTorch's draws for the engine's, to find which draw moves a difference between the two
sides' runs: --init starts from an engine checkpoint's weights (batch-norm buffers reset to 0 / 1; take them from a run
of one step at --lr 1e-30, which leaves the weights as drawn), --order engine batches the digits in the engine's order
(src/Nn/Data/BatchLoader.cs: Fisher-Yates on Philox4x32-10, key seed ^ "Shuffle!", counter (epoch << 32) + i).
Prints one line per epoch and a final JSON line {"experiment", "seed", "test": {term: mean}} (the engine's test terms).
"""
import argparse, json, os, sys, time
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import course_networks as course   # noqa: E402  (the notebook's Encoder / Decoder)
from quality_torch import idx, find   # noqa: E402  (IDX reader)


# ---- data: the notebook's MNIST digits (the engine's bundled 8,000 / 2,000, first N of each as --limit / --test-limit)
def load(data, limit, test_limit):
    train_x = torch.from_numpy(idx(find(data, "train-images-idx3-ubyte"))[:limit])
    train_y = torch.from_numpy(idx(find(data, "train-labels-idx1-ubyte"))[:limit])
    test_x = torch.from_numpy(idx(find(data, "t10k-images-idx3-ubyte"))[:test_limit])
    test_y = torch.from_numpy(idx(find(data, "t10k-labels-idx1-ubyte"))[:test_limit])
    return train_x, train_y, test_x, test_y


# ---- the engine's draws, for --init / --order (swap one draw at a time)
SHUFFLE_STREAM = 0x5368_7566_666C_6521        # "Shuffle!", BatchLoader.ShuffleStream
MASK = 0xFFFFFFFF


def philox_word(seed, element):
    """Element `element` of Philox4x32-10 stream `seed`, as src/Kernels/Philox.cs: block element // 4, lane element % 4."""
    block = element >> 2
    c0, c1, c2, c3 = block & MASK, (block >> 32) & MASK, 0, 0
    k0, k1 = seed & MASK, (seed >> 32) & MASK
    for _ in range(10):
        p0, p1 = 0xD2511F53 * c0, 0xCD9E8D57 * c2
        c0, c1, c2, c3 = ((p1 >> 32) ^ c1 ^ k0) & MASK, p1 & MASK, ((p0 >> 32) ^ c3 ^ k1) & MASK, p0 & MASK
        k0, k1 = (k0 + 0x9E3779B9) & MASK, (k1 + 0xBB67AE85) & MASK
    return (c0, c1, c2, c3)[element & 3]


def engine_order(seed, epoch, count):
    """The engine's permutation of epoch `epoch` (from 0): Fisher-Yates, j = (word (i + 1)) >> 32."""
    order = list(range(count))
    for i in range(count - 1, 0, -1):
        j = (philox_word(seed ^ SHUFFLE_STREAM, (epoch << 32) + i) * (i + 1)) >> 32
        order[i], order[j] = order[j], order[i]
    return torch.tensor(order)


def load_engine_weights(model, path):
    """The parameters of an engine checkpoint (its state-dict names are the mirror's); batch-norm layers as freshly built
    (weight 1, bias 0, running statistics 0 / 1: the one step at lr 1e-30 moved their buffers and nudged beta by 1e-30)."""
    from make_safetensors_fixtures import load   # noqa: E402  (tools/)
    tensors = dict(load(path)[0])
    norms = {name for name, m in model.named_modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)}
    state = model.state_dict()
    for name in state:
        if name.rsplit(".", 1)[0] not in norms:
            state[name] = tensors[name].to(state[name].dtype)
    model.load_state_dict(state)


# ---- the notebook's models
class Autoencoder(torch.nn.Module):
    def __init__(self, latent):
        super().__init__()
        self.encoder, self.decoder = course.Encoder(latent), course.Decoder(latent)

    def forward(self, x):
        z = self.encoder(x)
        return self.decoder(z), z


class VAE(torch.nn.Module):
    """Encoder(2Z) -> mu, log_var; z = mu + eps exp(log_var / 2) always (the notebook samples in evaluation too)."""

    def __init__(self, latent, classes=0):
        super().__init__()
        self.latent, self.classes = latent, classes
        self.encoder, self.decoder = course.Encoder(2 * latent), course.Decoder(latent + classes)

    def forward(self, x, y=None):
        h = self.encoder(x)
        mu, log_var = h[:, :self.latent], h[:, self.latent:]
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * log_var)
        if self.classes:
            z = torch.cat([z, F.one_hot(y, self.classes).float()], dim=1)
        return self.decoder(z), mu, log_var


# ---- the notebook's losses; each returns (objective, {term: value}) with the engine's term names
def kl_divergence(mu, log_var):
    return -0.5 * torch.sum(1 + log_var - mu ** 2 - log_var.exp()) / mu.shape[0]


def ae_loss(model, x, y):
    reconstruction, _ = model(x)
    bce = F.binary_cross_entropy(reconstruction, x)
    return bce, {"bce": bce}


def sparse_l1_loss(model, x, y, beta=0.01):
    reconstruction, z = model(x)
    bce = F.binary_cross_entropy(reconstruction, x)
    sparsity = F.l1_loss(z, torch.zeros_like(z))          # mean |z| over every value of the batch
    total = bce + beta * sparsity
    return total, {"total": total, "bce": bce, "sparsity": sparsity}


def vae_loss(model, x, y, kl_weight=0.005):
    reconstruction, mu, log_var = model(x, y)
    bce = F.binary_cross_entropy(reconstruction, x)
    kl = kl_divergence(mu, log_var)
    total = bce + kl_weight * kl
    return total, {"total": total, "bce": bce, "kl": kl}


def vae_kl_only_loss(model, x, y, kl_weight=0.1):
    reconstruction, mu, log_var = model(x)
    kl = kl_divergence(mu, log_var)
    return kl_weight * kl, {"kl": kl, "bce": F.binary_cross_entropy(reconstruction, x)}


def noisy_ae_loss(model, x, y, sigma=0.3):
    """The notebook's denoising cell: noisy test images into the plain AE, not clamped, scored against the clean ones."""
    reconstruction, _ = model(x + sigma * torch.randn_like(x))
    bce = F.binary_cross_entropy(reconstruction, x)
    return bce, {"bce": bce}


# ---- the notebook's loops
def train(model, loss, train_x, train_y, epochs, lr, batch=64, weight_decay=0.0, test=None, order=None):
    """order(epoch) gives an epoch's permutation (the engine's, for --order engine); else torch.randperm, the notebook's."""
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    for epoch in range(epochs):
        model.train()
        start, total, batches = time.time(), 0.0, 0
        permutation = order(epoch) if order else torch.randperm(len(train_x))
        for index in permutation.split(batch):
            optimizer.zero_grad()
            objective, _ = loss(model, train_x[index], train_y[index])
            objective.backward()
            optimizer.step()
            total, batches = total + objective.item(), batches + 1
        line = f"epoch {epoch + 1}/{epochs}: train {total / batches:.5f}"
        if test is not None:
            line += " | test " + " ".join(f"{k} {v:.5f}" for k, v in evaluate(model, loss, *test).items())
        print(line + f" | {time.time() - start:.0f} s", flush=True)
    return model


def evaluate(model, loss, test_x, test_y, batch=256):
    """Mean of each term over the test set, in eval mode, without gradients."""
    model.eval()
    sums = {}
    with torch.no_grad():
        for start in range(0, len(test_x), batch):
            x, y = test_x[start:start + batch], test_y[start:start + batch]
            for k, v in loss(model, x, y)[1].items():
                sums[k] = sums.get(k, 0.0) + v.item() * len(x)
    return {k: v / len(test_x) for k, v in sums.items()}


# ---- the experiments: (model, loss, epochs, lr, evaluation loss)
EXPERIMENTS = {
    "ae": lambda: (Autoencoder(24), ae_loss, 5, 1e-4, ae_loss),
    "ae2": lambda: (Autoencoder(2), ae_loss, 5, 1e-4, ae_loss),
    "dae": lambda: (Autoencoder(24), ae_loss, 5, 1e-4, noisy_ae_loss),
    "sparse-l1": lambda: (Autoencoder(900), sparse_l1_loss, 5, 1e-4, sparse_l1_loss),
    "vae": lambda: (VAE(2), vae_loss, 5, 1e-4, vae_loss),
    "vae-kl-only": lambda: (VAE(2), vae_kl_only_loss, 2, 1e-4, vae_kl_only_loss),
    "cvae": lambda: (VAE(2, classes=10), vae_loss, 5, 1e-2, vae_loss),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("experiment", choices=sorted(EXPERIMENTS))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--test-limit", type=int, default=None)
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--weight-decay", type=float, default=0.0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "mnist"))
    parser.add_argument("--init", help="start from this engine checkpoint's weights (model.safetensors) instead of torch's draw")
    parser.add_argument("--order", choices=["torch", "engine"], default="torch", help="whose per-epoch shuffle batches the digits")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train_x, train_y, test_x, test_y = load(args.data, args.limit, args.test_limit)
    model, loss, epochs, lr, evaluation = EXPERIMENTS[args.experiment]()
    if args.init:
        load_engine_weights(model, args.init)
    order = (lambda epoch: engine_order(args.seed, epoch, len(train_x))) if args.order == "engine" else None
    train(model, loss, train_x, train_y, args.epochs or epochs, lr, weight_decay=args.weight_decay, order=order)
    result = {"experiment": args.experiment, "seed": args.seed, "test": evaluate(model, evaluation, test_x, test_y)}
    if args.experiment == "dae":                          # the same plain AE on the clean test images: the ae row
        result["test"]["clean-bce"] = evaluate(model, ae_loss, test_x, test_y)["bce"]
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
