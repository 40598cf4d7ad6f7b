#!/usr/bin/env python3
"""The course notebook's AAE loop in PyTorch, cell by cell as functions: the reference for `engine train aae --recipe notebook`.

Not the engine's recipe re-typed: this is the notebook's step as issue 29 reads its code (tools/course_networks.py holds
its Encoder and Decoder exactly, and the discriminator):
  data        MNIST digits (the engine's bundled 8,000 / 2,000 in data/mnist, the first --limit for training), batches
              shuffled each epoch, the last one partial; batch 512 (uniform) or 128 (grid)
  optimizers  three Adams, lr 1e-3, weight decay 1e-6: encoder + decoder, encoder, discriminator
  per batch   1. reconstruction: BCE(G(E(x)), x)
              2. generator: z = E(x); 0.01 BCE(D(z), 1), D on the codes alone
              3. discriminator: D(z.detach()) then D(z_p) in two passes, one BCE mean over the concatenation
                 (codes labelled 0, prior samples 1), z the generator step's codes (computed before its update)
  prior       uniform: 20 x batch samples of U[-2.5, 2.5]^2; grid: a fixed 1,280 (128 per box, the engine's ten boxes)
  evaluation  after each epoch, in training mode (the notebook never calls eval()), without gradients, the test set in
              batches of 256 (the engine's evaluation batch; the notebook's is not in the issue): the fraction of test codes
              inside the prior's support and the test BCE (mean per pixel), the engine's inside-prior and reconstruction.
What the issue does not give (the evaluation batch, the grid's box layout, where the prior is drawn) follows the engine.

Usage (Debian's python3-torch): /usr/bin/python3 bench/notebook_aae_torch.py [--prior uniform|grid] [--seed 1]
    [--epochs 10] [--limit N] [--test-limit N] [--threads 1] [--data data/mnist] [--trajectory DIR [--double]]
    [--init RUN/checkpoint/model.safetensors]
--trajectory records a run step by step for the engine to replay (tests/Engine.Tests/Families/Aae/AaeNotebookTrajectory.cs).
--init starts from an engine run's initial weights instead of torch's draw (the shuffles and prior samples stay torch's, the
same stream as without it): a run of one step at --lr 1e-30 keeps the weights as drawn; batch norm starts fresh (1 / 0).
"""
import argparse, os, sys, time
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from quality_torch import find, idx   # noqa: E402  (IDX reading)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import course_networks as course   # noqa: E402

HALF = 2.5
BANDS = [(-1.5, -0.7), (-0.5, 0.3), (0.5, 1.3)]
BOXES = [(x0, x1, y0, y1) for (y0, y1) in BANDS for (x0, x1) in BANDS] + [(-0.5, 0.3, -2.3, -1.7)]


def load_digits(folder, limit):
    train = torch.from_numpy(idx(find(folder, "train-images-idx3-ubyte")))[:limit]
    test = torch.from_numpy(idx(find(folder, "t10k-images-idx3-ubyte")))
    return train, test


def sample_prior(prior, batch):
    if prior == "uniform":
        return torch.rand(20 * batch, 2) * 2 * HALF - HALF
    u = torch.rand(1280, 2)
    box = torch.tensor([BOXES[i % 10] for i in range(1280)])
    return torch.stack([box[:, 0] + u[:, 0] * (box[:, 1] - box[:, 0]), box[:, 2] + u[:, 1] * (box[:, 3] - box[:, 2])], 1)


def inside(prior, codes):
    if prior == "uniform":
        return (codes.abs() <= HALF).all(dim=1).float().mean().item()
    x, y = codes[:, 0], codes[:, 1]
    hit = torch.zeros(len(codes), dtype=torch.bool)
    for x0, x1, y0, y1 in BOXES:
        hit |= (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
    return hit.float().mean().item()


def make_models():
    return course.Encoder(2), course.Decoder(2), course.Discriminator(2)


def load_engine_weights(models, path):
    """The engine checkpoint's encoder., decoder. and discriminator. weights into the three models; batch norm as built."""
    from make_safetensors_fixtures import load   # noqa: E402  (tools/)
    tensors = dict(load(path)[0])
    for prefix, model in zip(("encoder", "decoder", "discriminator"), models):
        norms = {name for name, m in model.named_modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)}
        state = model.state_dict()
        for name in state:
            if name.rsplit(".", 1)[0] not in norms:
                state[name] = tensors[f"{prefix}.{name}"].to(state[name].dtype)
        model.load_state_dict(state)


def make_optimizers(encoder, decoder, discriminator, lr=1e-3, weight_decay=1e-6):
    reconstruction = torch.optim.Adam(list(encoder.parameters()) + list(decoder.parameters()), lr, weight_decay=weight_decay)
    generator = torch.optim.Adam(encoder.parameters(), lr, weight_decay=weight_decay)
    return reconstruction, generator, torch.optim.Adam(discriminator.parameters(), lr, weight_decay=weight_decay)


def train_epoch(prior, train, batch, encoder, decoder, discriminator, optimizers, record=None):
    """One epoch of the notebook's steps; record(indices, z_prior, losses) sees each step (the trajectory mode)."""
    reconstruction, generator, disc_opt = optimizers
    dtype = next(encoder.parameters()).dtype
    for m in (encoder, decoder, discriminator):
        m.train()
    order = torch.randperm(len(train))
    for first in range(0, len(train), batch):
        x = train[order[first:first + batch]].to(dtype)

        reconstruction.zero_grad()
        rec = F.binary_cross_entropy(decoder(encoder(x)), x)
        rec.backward()
        reconstruction.step()

        generator.zero_grad()
        z = encoder(x)
        d_fake = discriminator(z)
        gen = 0.01 * F.binary_cross_entropy(d_fake, torch.ones_like(d_fake))
        gen.backward()
        generator.step()

        disc_opt.zero_grad()
        z_prior = sample_prior(prior, len(x))                  # float32 draws whatever the run's dtype: same stream
        d_fake, d_real = discriminator(z.detach()), discriminator(z_prior.to(dtype))
        dis = F.binary_cross_entropy(torch.cat([d_fake, d_real]), torch.cat([torch.zeros_like(d_fake), torch.ones_like(d_real)]))
        dis.backward()
        disc_opt.step()
        if record is not None:
            record(order[first:first + batch], z_prior, [rec.item(), gen.item() / 0.01, dis.item(), inside(prior, z.detach())])


def evaluate(prior, test, encoder, decoder, batch=256):
    """In training mode, as the notebook: batch statistics (and the running statistics move)."""
    test = test.to(next(encoder.parameters()).dtype)
    with torch.no_grad():
        codes = torch.cat([encoder(test[i:i + batch]) for i in range(0, len(test), batch)])
        bce = sum(F.binary_cross_entropy(decoder(codes[i:i + batch]), test[i:i + batch], reduction="sum").item()
                  for i in range(0, len(test), batch)) / test.numel()
    return inside(prior, codes), bce, codes


def trajectory(args, train, test, batch):
    """--trajectory DIR: the run's initial weights (DIR/init.safetensors, the state dict), then per step the batch's digit
    indices, its prior samples and the four terms (reconstruction, unweighted generator, discriminator, inside-prior of
    phase 2's codes), and after each epoch the test inside-fraction and BCE (DIR/steps.safetensors), for the engine to
    replay the same steps from the same weights (tests/Engine.Tests/Families/Aae/AaeNotebookTrajectory.cs). --double runs
    the same steps (the same draws) in float64 into DIR/steps64.safetensors: how far PyTorch's own float32 run strays."""
    from make_safetensors_fixtures import save   # noqa: E402  (tools/: json + struct, no safetensors package)
    encoder, decoder, discriminator = make_models()
    os.makedirs(args.trajectory, exist_ok=True)
    state = {f"{name}.{k}": v.clone() for name, m in (("encoder", encoder), ("decoder", decoder), ("discriminator", discriminator))
             for k, v in m.state_dict().items()}
    models = (encoder, decoder, discriminator)
    if args.double:
        for m in models:
            m.double()
    optimizers = make_optimizers(*models)
    indices, counts, priors, terms, tests = [], [], [], [], []

    def record(order, z_prior, values):
        indices.append(order.float()); counts.append(len(order)); priors.append(z_prior.float()); terms.append(values)
        print(f"step {len(terms)}: " + ", ".join(f"{v:.7f}" for v in values), flush=True)

    for epoch in range(args.epochs):
        train_epoch(args.prior, train, batch, *models, optimizers, record)
        frac, bce, _ = evaluate(args.prior, test, encoder, decoder)
        tests.append([frac, bce])
        print(f"epoch {epoch + 1}: test inside-prior {frac:.4f}, reconstruction {bce:.6f}", flush=True)
    steps = {"terms": torch.tensor(terms, dtype=torch.float64), "test": torch.tensor(tests, dtype=torch.float64)}
    if not args.double:
        save(os.path.join(args.trajectory, "init.safetensors"), state, None)
        steps |= {"indices": torch.cat(indices), "counts": torch.tensor(counts, dtype=torch.float32), "prior": torch.stack(priors)}
    save(os.path.join(args.trajectory, "steps64.safetensors" if args.double else "steps.safetensors"), steps, None)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prior", choices=["uniform", "grid"], default="uniform")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--limit", type=int, default=None, help="train on the first N digits")
    parser.add_argument("--test-limit", type=int, default=None, help="evaluate on the first N test digits")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "mnist"))
    parser.add_argument("--trajectory", help="write the run's initial weights, batches, prior samples and terms per step here")
    parser.add_argument("--double", action="store_true", help="with --trajectory: the same steps in float64")
    parser.add_argument("--init", help="start from this engine checkpoint's weights (model.safetensors) instead of torch's draw")
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    train, test = load_digits(args.data, args.limit)
    test = test[:args.test_limit]
    batch = 512 if args.prior == "uniform" else 128
    if args.trajectory:
        trajectory(args, train, test, batch)
        return
    encoder, decoder, discriminator = make_models()
    if args.init:
        load_engine_weights((encoder, decoder, discriminator), args.init)
    optimizers = make_optimizers(encoder, decoder, discriminator)
    print(f"torch {torch.__version__}, {args.threads} thread(s); notebook AAE, prior {args.prior}, batch {batch}; "
          f"{len(train)} training, {len(test)} test digits; seed {args.seed}", flush=True)
    for epoch in range(1, args.epochs + 1):
        start = time.time()
        train_epoch(args.prior, train, batch, encoder, decoder, discriminator, optimizers)
        frac, bce, codes = evaluate(args.prior, test, encoder, decoder)
        print(f"epoch {epoch}/{args.epochs}  test inside-prior {frac:.4f}  reconstruction {bce:.4f}  "
              f"codes mean ({codes[:, 0].mean():.2f}, {codes[:, 1].mean():.2f}) std ({codes[:, 0].std():.2f}, {codes[:, 1].std():.2f})  "
              f"{time.time() - start:.0f} s", flush=True)


if __name__ == "__main__":
    main()
