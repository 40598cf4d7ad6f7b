#!/usr/bin/env python3
"""The quality reference: the course's AE (latent 24) and VAE (latent 2) trained in PyTorch with the same
architecture and recipe as `engine train` (Adam lr 1e-4, batch 64, 5 epochs, BCE mean over pixels, VAE KL summed
over latent dims and averaged over the batch with weight 0.005; test BCE in eval mode with z = mu).

Usage (Debian's python3-torch): /usr/bin/python3 bench/quality_torch.py ae|vae [--epochs 5] [--threads 2] [--data DIR]
Prints one line per epoch and a final `test_bce=...` line to compare with the engine's metrics.csv.
"""
import argparse, gzip, os, struct, time
import numpy as np
import torch
from torch import nn
import torch.nn.functional as F


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


def stage(conv, channels):
    return nn.Sequential(conv, nn.BatchNorm2d(channels), nn.LeakyReLU(0.01))


def encoder(outputs):
    return nn.Sequential(
        stage(nn.Conv2d(1, 32, 3, 2, 1), 32), stage(nn.Conv2d(32, 64, 3, 2, 1), 64),
        stage(nn.Conv2d(64, 128, 3, 2, 1), 128), stage(nn.Conv2d(128, 256, 3, 2, 1), 256),
        stage(nn.Conv2d(256, 512, 1), 512), nn.Flatten(), nn.Linear(512 * 2 * 2, outputs))


def decoder(latent):
    return nn.Sequential(
        nn.Linear(latent, 512), nn.Unflatten(1, (512, 1, 1)),
        stage(nn.ConvTranspose2d(512, 256, 3, 2, 1, 1), 256), stage(nn.ConvTranspose2d(256, 128, 3, 2, 1, 1), 128),
        stage(nn.ConvTranspose2d(128, 64, 3, 2, 1, 0), 64), stage(nn.ConvTranspose2d(64, 32, 3, 2, 1, 1), 32),
        stage(nn.ConvTranspose2d(32, 32, 3, 2, 1, 1), 32), nn.Conv2d(32, 1, 7, padding=3), nn.Sigmoid())


class Model(nn.Module):
    def __init__(self, kind, latent):
        super().__init__()
        self.kind, self.latent = kind, latent
        self.encoder = encoder(2 * latent if kind == "vae" else latent)
        self.decoder = decoder(latent)

    def forward(self, x):
        h = self.encoder(x)
        if self.kind == "ae":
            return self.decoder(h), None, None
        mu, log_var = h[:, :self.latent], h[:, self.latent:]
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * log_var) if self.training else mu
        return self.decoder(z), mu, log_var


def losses(model, x):
    reconstruction, mu, log_var = model(x)
    bce = F.binary_cross_entropy(reconstruction, x)
    if mu is None:
        return bce, bce
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
    model = Model(args.kind, 24 if args.kind == "ae" else 2)
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
