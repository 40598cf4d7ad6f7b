#!/usr/bin/python3
# How well the engine uses the second core on a training step: each round runs the step on 1 thread and on N threads
# (`Engine.Bench probe MODEL BATCH THREADS STEPS`, one process each, interleaved so a change in the machine's load hits
# both), and the parallel efficiency is T1 / (N * TN). Three statistics of the per-step times, because on a shared host
# they tell different things: the fastest step (the work itself, free of interference), the median step (a typical
# step) and the mean (what the wall clock sees, stalls included: a parallel loop waits for its slower half, so a pause
# of either core stalls both).
#
#   dotnet build -c Release bench/Engine.Bench
#   bench/parallel_efficiency.py                          # AE (latent 24) and VAE (latent 2), batch 64, 2 threads, 5 rounds
#   bench/parallel_efficiency.py --models ae24 --rounds 3 --steps 100
import argparse
import os
import platform
import re
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENGINE = ["dotnet", os.path.join(ROOT, "bench/Engine.Bench/bin/Release/net10.0/Engine.Bench.dll"), "probe"]
STATS = {"fastest": "fastest", "median": "median", "mean": "step"}


def probe(model, batch, threads, steps):
    """One probe process; returns {statistic: ms per step}."""
    out = subprocess.run(ENGINE + [model, str(batch), str(threads), str(steps)], capture_output=True, text=True, cwd=ROOT)
    line = next((l for l in out.stdout.splitlines() if l.startswith("PROBE ")), None)
    if out.returncode != 0 or line is None:
        sys.exit(f"probe failed: {model} batch {batch} threads {threads}\n{out.stdout}\n{out.stderr}")
    return {name: float(re.search(key + r"=([\d.]+)ms", line).group(1)) for name, key in STATS.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", nargs="+", default=["ae24", "vae2"])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not os.path.exists(ENGINE[1]):
        sys.exit(f"{ENGINE[1]} is missing: build it first with `dotnet build -c Release bench/Engine.Bench`.")

    times = {}                                                       # (model, threads, round) -> {statistic: ms}
    for r in range(args.rounds):
        for model in args.models:
            for threads in (1, args.threads):
                times[model, threads, r] = probe(model, args.batch, threads, args.steps)
                print(f"round {r + 1} {model} {threads} thread(s): " +
                      ", ".join(f"{k} {v:.1f} ms" for k, v in times[model, threads, r].items()), file=sys.stderr)

    n = args.threads
    print(f"Parallel efficiency T1 / ({n} T{n}), batch {args.batch}, {args.steps} steps per process after 20 warm-up, "
          f"{args.rounds} interleaved rounds; {platform.node()}, {os.cpu_count()} cores.\n")
    print(f"| model | per-step statistic | 1 thread ms (median of rounds) | {n} threads ms | efficiency per round | median efficiency |")
    print("|---|---|---:|---:|---|---:|")
    for model in args.models:
        for stat in STATS:
            one = [times[model, 1, r][stat] for r in range(args.rounds)]
            many = [times[model, n, r][stat] for r in range(args.rounds)]
            per_round = [a / (n * b) for a, b in zip(one, many)]
            print(f"| {model} | {stat} | {statistics.median(one):.1f} | {statistics.median(many):.1f} | "
                  f"{', '.join(f'{100 * e:.0f}%' for e in per_round)} | {100 * statistics.median(per_round):.0f}% |")


if __name__ == "__main__":
    main()
