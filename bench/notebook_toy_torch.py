#!/usr/bin/env python3
"""The course notebook's conditional 2-D toy loop in PyTorch, cell by cell as functions: the reference for
`engine train cae-toy --recipe notebook` (bench/toy_torch.py copies the engine's order, so it is not the notebook's).

As issue 29 reads the notebook's code:
  data       evenly spaced curves: x = linspace(-2.2, 2.2, 2000) on y = sin x, angle = linspace(0, 2 pi, 2000) on the circle
             of radius 0.5 at (1.5, -0.5); Gaussian noise 0.06; a random 75 / 25 split (3,000 / 1,000)
  models     the toy AE, unconditional and conditional (the label as one extra input of encoder and decoder)
  training   full batch, Adam lr 1e-3, MSE, ReduceLROnPlateau(factor 0.1, patience 50) on the validation MSE; per epoch
             zero_grad, forward, loss, backward, then the validation loss (of the weights not yet stepped), then
             scheduler.step(validation), then optimizer.step(); up to 5,000 epochs, stopping once lr < 1e-6
Inferred where the issue is silent (as the engine does): the split, the stop rule's place (the top of the epoch), the
validation in eval mode (the toy has no batch norm or dropout, so the mode changes nothing). The final validation MSE
printed is measured after the last step, as the engine's last test row.

Usage (Debian's python3-torch): /usr/bin/python3 bench/notebook_toy_torch.py --seeds 1-3 [--epochs 5000]
"""
import argparse
import math
import torch
from torch import nn


def make_data(seed, per_curve=2000, noise=0.06, train_fraction=0.75):
    g = torch.Generator().manual_seed(seed)
    x = torch.linspace(-2.2, 2.2, per_curve)
    sine = torch.stack([x, torch.sin(x)], 1)
    a = torch.linspace(0, 2 * math.pi, per_curve)
    circle = torch.stack([1.5 + 0.5 * torch.cos(a), -0.5 + 0.5 * torch.sin(a)], 1)
    points = torch.cat([sine, circle]) + noise * torch.randn(2 * per_curve, 2, generator=g)
    labels = torch.cat([torch.zeros(per_curve), torch.ones(per_curve)]).unsqueeze(1)
    order = torch.randperm(2 * per_curve, generator=g)
    n = round(2 * per_curve * train_fraction)
    tr, te = order[:n], order[n:]
    return points[tr], labels[tr], points[te], labels[te]


class ToyAE(nn.Module):
    def __init__(self, conditional):
        super().__init__()
        self.conditional = conditional
        l = 1 if conditional else 0
        self.encoder = nn.Sequential(nn.Linear(2 + l, 32), nn.LeakyReLU(0.2), nn.Linear(32, 64), nn.LeakyReLU(0.2), nn.Linear(64, 1))
        self.decoder = nn.Sequential(nn.Linear(1 + l, 64), nn.LeakyReLU(0.2), nn.Linear(64, 32), nn.LeakyReLU(0.2), nn.Linear(32, 2))

    def forward(self, p, y):
        if self.conditional:
            return self.decoder(torch.cat([self.encoder(torch.cat([p, y], 1)), y], 1))
        return self.decoder(self.encoder(p))


def validation_loss(model, loss_fn, pte, yte):
    model.eval()
    with torch.no_grad():
        return loss_fn(model(pte, yte), pte).item()


def train(model, ptr, ytr, pte, yte, epochs, stop_below=1e-6):
    """The notebook's loop: backward, validation, scheduler, then the optimizer's step."""
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=0.1, patience=50)
    loss_fn = nn.MSELoss()
    done = 0
    for epoch in range(epochs):
        if opt.param_groups[0]["lr"] < stop_below:
            break
        model.train()
        opt.zero_grad()
        loss = loss_fn(model(ptr, ytr), ptr)
        loss.backward()
        val = validation_loss(model, loss_fn, pte, yte)
        sched.step(val)
        opt.step()
        done = epoch + 1
    return validation_loss(model, loss_fn, pte, yte), done, opt.param_groups[0]["lr"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="1-3", help="e.g. 1-3 or 1,2,5")
    ap.add_argument("--epochs", type=int, default=5000)
    args = ap.parse_args()
    seeds = [s for part in args.seeds.split(",") for lo, _, hi in [part.partition("-")] for s in range(int(lo), int(hi or lo) + 1)]
    torch.set_num_threads(1)
    for s in seeds:
        ptr, ytr, pte, yte = make_data(s)
        torch.manual_seed(s)
        u, c = ToyAE(False), ToyAE(True)
        vu, eu, lu = train(u, ptr, ytr, pte, yte, args.epochs)
        vc, ec, lc = train(c, ptr, ytr, pte, yte, args.epochs)
        print(f"seed {s}: unconditional {vu:.5f} ({eu} epochs, lr {lu:.0e})  conditional {vc:.5f} ({ec} epochs, lr {lc:.0e})"
              f"  ratio {vc / vu:.2f}", flush=True)


if __name__ == "__main__":
    main()
