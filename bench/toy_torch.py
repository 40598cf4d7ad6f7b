# Usage: python3 bench/toy_torch.py --seeds 1-10 [--epochs 5000] [--from-engine DIR] — the cae-toy recipe in PyTorch, one ratio per seed.
# The course's conditional 2-D toy run in PyTorch exactly as `engine train cae-toy` runs it (same data recipe, same MLPs,
# nn.Linear's default init, Adam lr 1e-3, ReduceLROnPlateau(factor 0.1, patience 50) on the validation MSE, full batch,
# up to 5,000 epochs, a model stops once its lr < 1e-6), so the distribution of the ratio
# conditional / unconditional validation MSE over seeds can be compared with the engine's (bench/RESULTS.md).
# By default the data and weights are drawn with torch's generator: this measures the recipe's own seed sensitivity.
# --from-engine DIR starts instead from the engine's exact data and initial weights (DIR/toy-seedS.json, written by the
# explicit test ToyTorchDumpTests.DumpToyStartingPoint) and prints the validation MSE at a few epochs, to set beside the
# engine's metrics.csv ("test" rows) of `engine train cae-toy --seed S`.
import argparse
import json
import os
import math
import torch
from torch import nn


def make_data(seed, per_curve=2000, noise=0.06, train_fraction=0.75):
    g = torch.Generator().manual_seed(seed)
    x = -2.2 + 4.4 * torch.rand(per_curve, generator=g)
    sine = torch.stack([x, torch.sin(x)], 1)
    a = 2 * math.pi * torch.rand(per_curve, generator=g)
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


def from_engine(path):
    d = json.load(open(path))
    pts = lambda k: torch.tensor(d[k], dtype=torch.float32).reshape(-1, 2)
    lab = lambda k: torch.tensor(d[k], dtype=torch.float32).reshape(-1, 1)
    models = []
    for name, conditional in (("unconditional", False), ("conditional", True)):
        m = ToyAE(conditional)
        state = {k: torch.tensor(v, dtype=torch.float32).reshape(m.state_dict()[k].shape) for k, v in d[name].items()}
        m.load_state_dict(state, strict=True)
        models.append(m)
    return (pts("train_points"), lab("train_labels"), pts("test_points"), lab("test_labels")), models


SHOW = (1, 2, 10, 100, 200, 500, 1000, 2000, 3000, 4000, 5000)


def fit(model, ptr, ytr, pte, yte, epochs, stop_below=1e-6, trace=None):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=0.1, patience=50)
    loss_fn = nn.MSELoss()
    val = float("nan")
    epoch = 0
    for epoch in range(1, epochs + 1):
        if opt.param_groups[0]["lr"] < stop_below:
            epoch -= 1
            break
        model.train()
        opt.zero_grad()
        loss = loss_fn(model(ptr, ytr), ptr)
        loss.backward()
        opt.step()
        model.eval()
        with torch.no_grad():
            val = loss_fn(model(pte, yte), pte).item()
        sched.step(val)
        if trace is not None and epoch in SHOW:
            trace.append(f"{epoch}:{val:.5g}")
    return val, epoch, opt.param_groups[0]["lr"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="1-10", help="e.g. 1-10 or 1,2,3,10")
    ap.add_argument("--epochs", type=int, default=5000)
    ap.add_argument("--from-engine", metavar="DIR")
    args = ap.parse_args()
    seeds = [s for part in args.seeds.split(",") for lo, _, hi in [part.partition("-")] for s in range(int(lo), int(hi or lo) + 1)]
    torch.set_num_threads(1)
    ratios = []
    for s in seeds:
        trace_u, trace_c = ([], []) if args.from_engine else (None, None)
        if args.from_engine:
            (ptr, ytr, pte, yte), (u, c) = from_engine(os.path.join(args.from_engine, f"toy-seed{s}.json"))
        else:
            ptr, ytr, pte, yte = make_data(s)
            torch.manual_seed(s)
            u, c = ToyAE(False), ToyAE(True)
        vu, eu, lu = fit(u, ptr, ytr, pte, yte, args.epochs, trace=trace_u)
        vc, ec, lc = fit(c, ptr, ytr, pte, yte, args.epochs, trace=trace_c)
        if trace_u is not None:
            print(f"seed {s} validation MSE by epoch, unconditional: {' '.join(trace_u)}\n"
                  f"seed {s} validation MSE by epoch, conditional:   {' '.join(trace_c)}")
        ratios.append(vc / vu)
        print(f"seed {s}: unconditional {vu:.5f} ({eu} epochs, lr {lu:.0e})  conditional {vc:.5f} ({ec} epochs, lr {lc:.0e})"
              f"  ratio {vc / vu:.2f}", flush=True)
    ratios.sort()
    n = len(ratios)
    median = (ratios[(n - 1) // 2] + ratios[n // 2]) / 2
    print(f"ratio <= 0.5 in {sum(r <= 0.5 for r in ratios)} of {n} seeds; median {median:.2f}")


if __name__ == "__main__":
    main()
