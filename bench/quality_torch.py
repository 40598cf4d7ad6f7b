#!/usr/bin/env python3
"""The quality reference: the course's AE (latent 24) and VAE (latent 2) trained in PyTorch with the course's own
networks (tools/course_networks.py) and the recipe of `engine train` (Adam lr 1e-4, batch 64, 5 epochs, BCE mean over pixels, VAE KL summed
over latent dims and averaged over the batch with weight 0.005; test BCE in eval mode with z = mu).

Usage (Debian's python3-torch): /usr/bin/python3 bench/quality_torch.py ae|vae [--epochs 5] [--threads 2] [--data DIR]
Prints one line per epoch and a final `test_bce=...` line to compare with the engine's metrics.csv.
"""
import argparse, gzip, os, struct, sys, time
import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import course_networks as course   # noqa: E402  (the notebook's Encoder / Decoder)


def idx(path):
    data = gzip.open(path, "rb").read() if path.endswith(".gz") else open(path, "rb").read()
    magic, count = struct.unpack(">II", data[:8])
    if magic == 0x803:
        rows, cols = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, np.uint8, offset=16).reshape(count, 1, rows, cols).astype(np.float32) / 255.0
    return np.frombuffer(data, np.uint8, offset=8).astype(np.int64)


def find(folder, stem):
    for name in (stem, stem + ".gz"):
        if os.path.exists(os.path.join(folder, name)):
            return os.path.join(folder, name)
    raise FileNotFoundError(f"{stem} not in {folder}")


def make_model(kind, latent):
    """The course's own networks (tools/course_networks.py): AE = Encoder(Z) + Decoder(Z), VAE = Encoder(2Z) + Decoder(Z)."""
    return course.VAE(latent) if kind == "vae" else course.AE(latent)


def losses(model, x):
    if isinstance(model, course.AE):
        bce = F.binary_cross_entropy(model(x), x)
        return bce, bce
    reconstruction, mu, log_var = model(x)      # training: z = mu + eps sigma; eval: z = mu
    bce = F.binary_cross_entropy(reconstruction, x)
    kl = -0.5 * torch.sum(1 + log_var - mu ** 2 - log_var.exp()) / x.shape[0]
    return bce + 0.005 * kl, bce


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["ae", "vae"])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", default=os.environ.get("ENGINE_DATA", "/usr/share/datasets/fashion-mnist"))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train_x = torch.from_numpy(idx(find(args.data, "train-images-idx3-ubyte")))
    test_x = torch.from_numpy(idx(find(args.data, "t10k-images-idx3-ubyte")))
    model = make_model(args.kind, 24 if args.kind == "ae" else 2)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
    for epoch in range(args.epochs):
        model.train()
        start, total, batches = time.time(), 0.0, 0
        for batch in torch.randperm(len(train_x)).split(64):
            optimizer.zero_grad()
            loss, _ = losses(model, train_x[batch])
            loss.backward()
            optimizer.step()
            total, batches = total + loss.item(), batches + 1
        model.eval()
        with torch.no_grad():
            sums = [0.0, 0.0]
            for chunk in test_x.split(256):
                loss, bce = losses(model, chunk)
                sums[0] += loss.item() * len(chunk)
                sums[1] += bce.item() * len(chunk)
        print(f"epoch {epoch + 1}: train loss {total / batches:.5f}, test loss {sums[0] / len(test_x):.5f}, "
              f"test bce {sums[1] / len(test_x):.5f}, {time.time() - start:.0f} s", flush=True)
    print(f"test_bce={sums[1] / len(test_x):.5f}")


if __name__ == "__main__":
    main()
