#!/usr/bin/env python3
"""How many steps the course's discriminator needs to draw the uniform prior's edges when the codes stand still.

The AAE's discriminator (tools/course_networks.py) is trained alone, with the engine's recipe for it (Adam, weight decay
1e-6, one pass over [z_p; codes]), to tell 10,240 samples of U[-2.5, 2.5]^2 (label 1) from 512 codes of a fixed
Gaussian of the same spread (std 1.44 per axis, label 0): the shape the AAE's codes take when the game has matched the
prior's mean and spread. Printed after the given steps: D(z) x 100 on a grid over [-4.5, 4.5]^2 (eval mode). A sharp D is
~0 outside the square and > 0.5 inside near its edges; until then the generator gets no pull on codes past the edges.

Usage (Debian's python3-torch): /usr/bin/python3 bench/aae_discriminator_edges.py [--lr 1e-3] [--steps 50 200 1000]
       /usr/bin/python3 bench/aae_discriminator_edges.py --run RUN   the same map of a trained `engine train aae` run's D,
           and per epoch the shape of its codes (latent-trail/: the first test images' codes after each epoch)
"""
import argparse, os, sys
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import course_networks as course   # noqa: E402
from make_safetensors_fixtures import load   # noqa: E402


def show(d):
    d.eval()
    xs = torch.arange(-4.5, 4.51, 0.5)
    with torch.no_grad():
        for y in reversed(xs[::2]):
            z = torch.stack([xs, torch.full_like(xs, y.item())], 1)
            print(f"{y:5.1f} " + " ".join(f"{min(99, int(v * 100)):2d}" for v in d(z).squeeze(1)))
    print("   z1 " + " ".join(f"{x:2.0f}" if x == int(x) else "  " for x in xs.tolist()))
    d.train()


def trail(folder):
    """Per epoch: the codes inside the square, their mean, spread and correlation, and how far out their tail reaches."""
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        with open(os.path.join(folder, name), "rb") as f:
            z = torch.frombuffer(bytearray(f.read()), dtype=torch.float32).reshape(-1, 2)
        reach = z.abs().max(dim=1).values
        q50, q90, q99 = (torch.quantile(reach, q).item() for q in (0.5, 0.9, 0.99))
        mean, std = z.mean(0).tolist(), z.std(0).tolist()
        print(f"{name}: {len(z)} codes, inside {(reach <= 2.5).float().mean().item():.2f}, mean ({mean[0]:.2f}, {mean[1]:.2f}), "
              f"std ({std[0]:.2f}, {std[1]:.2f}), corr {torch.corrcoef(z.T)[0, 1].item():.2f}, max |z_i| at the 50/90/99th percentile "
              f"{q50:.2f} / {q90:.2f} / {q99:.2f} (the square's edge: 2.5)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--steps", type=int, nargs="+", default=[50, 200, 1000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--run", help="an aae run folder (latent 2): print its trained discriminator's map instead")
    args = parser.parse_args()
    if args.run:
        model = course.AAE(2)
        model.load_state_dict(dict(load(os.path.join(args.run, "checkpoint", "model.safetensors"))[0]), strict=True)
        print(f"{args.run}: its discriminator, D(z) x 100, rows z2 = 4.5 .. -4.5")
        show(model.discriminator)
        trail(os.path.join(args.run, "latent-trail"))
        return
    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    d = course.Discriminator(2)
    adam = torch.optim.Adam(d.parameters(), args.lr, weight_decay=1e-6)
    for step in range(1, max(args.steps) + 1):
        prior, codes = torch.rand(10240, 2) * 5 - 2.5, torch.randn(512, 2) * 1.44
        out = d(torch.cat([prior, codes]))
        loss = F.binary_cross_entropy(out[:10240], torch.ones(10240, 1)) + F.binary_cross_entropy(out[10240:], torch.zeros(512, 1))
        adam.zero_grad()
        loss.backward()
        adam.step()
        if step in args.steps:
            print(f"after {step} steps at lr {args.lr:g} (loss {loss.item():.3f}): D(z) x 100, rows z2 = 4.5 .. -4.5")
            show(d)


if __name__ == "__main__":
    main()
