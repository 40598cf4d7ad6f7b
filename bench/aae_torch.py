#!/usr/bin/env python3
"""The side-by-side reference of `engine train aae --prior uniform`: the course's AAE (tools/course_networks.py: Encoder,
Decoder, Discriminator) trained in PyTorch with the engine's recipe, to tell what the recipe does from what the engine does.

Per batch of 512 (shuffled, the last one partial), three Adams (lr 1e-3, weight decay 1e-6), three phases:
  1. reconstruction (encoder + decoder):  BCE(G(E(x)), x), mean over pixels
  2. generator (encoder):                 0.01 BCE(D(E(x)), 1), Adam at --generator-lr-scale x lr
  3. discriminator:                       BCE(D(z_p), 1) + BCE(D(E(x)), 0), E(x) recomputed and detached
z_p: 20 x batch samples of U[-2.5, 2.5]^2, drawn once per step; D judges [z_p; E(x)] in one pass (as the engine does).
After each epoch, in eval mode: the fraction of test codes inside [-2.5, 2.5]^2 and the test BCE, the numbers of the
engine's `inside-prior` and `reconstruction` test columns.

Usage (Debian's python3-torch): /usr/bin/python3 bench/aae_torch.py [--seed 1] [--epochs 10] [--limit N]
    [--generator-lr-scale 1] [--threads 1] [--data DIR]
"""
import argparse, os, sys, time
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from quality_torch import find, idx   # noqa: E402  (IDX reading, shared with the AE/VAE reference)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import course_networks as course   # noqa: E402

HALF_WIDTH = 2.5   # the uniform prior's square [-2.5, 2.5]^2


def inside(codes):
    return (codes.abs() <= HALF_WIDTH).all(dim=1).float().mean().item()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--limit", type=int, default=None, help="train on the first N images")
    parser.add_argument("--generator-lr-scale", type=float, default=1.0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    train = torch.from_numpy(idx(find(args.data, "train-images-idx3-ubyte")))[: args.limit]
    test = torch.from_numpy(idx(find(args.data, "t10k-images-idx3-ubyte")))
    print(f"torch {torch.__version__}, {args.threads} thread(s) (a quality reference: the times are not a benchmark); "
          f"{len(train)} training, {len(test)} test images; seed {args.seed}, "
          f"generator lr scale {args.generator_lr_scale}", flush=True)

    model = course.AAE(2)
    lr, decay, batch, multiple = 1e-3, 1e-6, 512, 20
    reconstruction = torch.optim.Adam(list(model.encoder.parameters()) + list(model.decoder.parameters()), lr, weight_decay=decay)
    generator = torch.optim.Adam(model.encoder.parameters(), lr * args.generator_lr_scale, weight_decay=decay)
    discriminator = torch.optim.Adam(model.discriminator.parameters(), lr, weight_decay=decay)

    def judge(prior, codes):   # D over [z_p; codes] in one pass: its batch norm sees where the codes lie among the prior
        out = model.discriminator(torch.cat([prior, codes]))
        return out[: len(prior)], out[len(prior):]

    for epoch in range(1, args.epochs + 1):
        model.train()
        start = time.time()
        order = torch.randperm(len(train))
        for first in range(0, len(train), batch):
            x = train[order[first:first + batch]]
            prior = torch.rand(len(x) * multiple, 2) * 2 * HALF_WIDTH - HALF_WIDTH

            reconstruction.zero_grad()
            F.binary_cross_entropy(model.decoder(model.encoder(x)), x).backward()
            reconstruction.step()

            generator.zero_grad()
            _, fake = judge(prior, model.encoder(x))
            (0.01 * F.binary_cross_entropy(fake, torch.ones_like(fake))).backward()
            generator.step()

            discriminator.zero_grad()
            with torch.no_grad():
                codes = model.encoder(x)
            real, fake = judge(prior, codes)
            (F.binary_cross_entropy(real, torch.ones_like(real)) + F.binary_cross_entropy(fake, torch.zeros_like(fake))).backward()
            discriminator.step()

        model.eval()
        with torch.no_grad():
            codes = torch.cat([model.encoder(test[i:i + 1000]) for i in range(0, len(test), 1000)])
            bce = sum(F.binary_cross_entropy(model.decoder(codes[i:i + 1000]), test[i:i + 1000], reduction="sum").item()
                      for i in range(0, len(test), 1000)) / test.numel()
        print(f"epoch {epoch}/{args.epochs}  test inside-prior {inside(codes):.4f}  reconstruction {bce:.4f}  "
              f"codes mean {codes.mean(0).tolist()} std {codes.std(0).tolist()}  {time.time() - start:.0f} s", flush=True)


if __name__ == "__main__":
    main()
