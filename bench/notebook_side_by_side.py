#!/usr/bin/env python3
"""Side by side (issue 29): `engine train <family> --recipe notebook` against the notebook's cells in PyTorch
(bench/notebook_torch.py) on the same data (the bundled MNIST digits, the same --limit / --test-limit) and seeds; each
side's final test terms per seed, their mean and spread, appended as JSON lines to --out.

Usage: /usr/bin/python3 bench/notebook_side_by_side.py [ae ae2 dae sparse-l1 vae vae-kl-only cvae] [--seeds 1 2 3]
       [--limit 2000] [--test-limit 1000] [--threads 1] [--out bench/notebook_side_by_side.jsonl] [--side engine|torch|both]
       [--recipe notebook|engine]   (engine: the engine's own recipe on the same digits, for the recipe table's measured effects)
       /usr/bin/python3 bench/notebook_side_by_side.py --summarize FILE.jsonl...   (the markdown table of bench/RESULTS.md)
Build first: dotnet build -c Release src/Cli ($ENGINE_DLL names another engine.dll, e.g. a copy kept apart from rebuilds).
"""
import argparse, csv, json, os, subprocess, sys, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
ENGINE = ["dotnet", os.environ.get("ENGINE_DLL", os.path.join(ROOT, "src", "Cli", "bin", "Release", "net10.0", "engine.dll"))]
# experiment -> the engine's command line after `train` (the notebook's defaults come from --recipe notebook)
FAMILIES = {
    "ae": ["ae"], "ae2": ["ae", "--latent", "2"], "dae": ["dae"], "sparse-l1": ["sparse-l1"], "vae": ["vae"],
    "vae-kl-only": ["vae-kl-only"], "cvae": ["cvae"],
}


def engine(experiment, seed, args):
    run = os.path.join(ROOT, "runs", args.recipe, f"{experiment}-s{seed}")
    command = ENGINE + ["train", *FAMILIES[experiment], "--recipe", args.recipe, "--dataset", "mnist", "--seed", str(seed), "--limit", str(args.limit),
                        "--test-limit", str(args.test_limit), "--threads", str(args.threads), "--out", run, "--overwrite"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(run, "metrics.csv")) as f:
        rows = [r for r in csv.DictReader(f) if r["split"] == "test"]
    return {k: float(v) for k, v in rows[-1].items() if k not in ("split", "epoch", "step")}


def torch_side(experiment, seed, args):
    command = ["/usr/bin/python3", os.path.join(ROOT, "bench", "notebook_torch.py"), experiment, "--seed", str(seed),
               "--limit", str(args.limit), "--test-limit", str(args.test_limit), "--threads", str(args.threads)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])["test"]


def summarize(paths):
    """A markdown table from JSON-lines files: per experiment and test term, each side's values by seed, mean, and whether
    the two sides' ranges over the seeds overlap (within the run-to-run spread)."""
    rows = [json.loads(l) for p in paths for l in open(p) if l.strip()]
    # PyTorch's ae (latent 24) is its dae run scored on the clean test images: the notebook trains one plain AE for both.
    rows += [dict(r, experiment="ae", test={"bce": r["test"]["clean-bce"]}) for r in rows
             if r["experiment"] == "dae" and r["side"] == "torch" and "clean-bce" in r["test"]]
    print("| experiment | test term | engine `--recipe notebook` (seeds 1, 2, 3) | mean | PyTorch notebook cells (seeds 1, 2, 3) | mean | within the spread |")
    print("|---|---|---|---:|---|---:|---|")
    for experiment in dict.fromkeys(r["experiment"] for r in rows):
        sides = {side: sorted((r for r in rows if r["experiment"] == experiment and r["side"] == side and r.get("recipe", "notebook") == "notebook"),
                              key=lambda r: r["seed"]) for side in ("engine", "torch")}
        if not sides["engine"] or not sides["torch"]:
            continue
        for term in sides["engine"][0]["test"]:   # the engine's terms (PyTorch's dae also has clean-bce: the ae row)
            if term not in sides["torch"][0]["test"]:
                continue
            values = {side: [r["test"][term] for r in sides[side]] for side in sides}
            overlap = max(min(values["engine"]), min(values["torch"])) <= min(max(values["engine"]), max(values["torch"]))
            cells = [f"{experiment}", term]
            for side in ("engine", "torch"):
                cells += [" / ".join(f"{v:.4f}" for v in values[side]), f"{sum(values[side]) / len(values[side]):.4f}"]
            print("| " + " | ".join(cells + ["yes" if overlap else "**no**"]) + " |")


def main():
    if sys.argv[1:2] == ["--summarize"]:
        return summarize(sys.argv[2:])
    parser = argparse.ArgumentParser()
    parser.add_argument("experiments", nargs="*", default=list(FAMILIES))
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--limit", type=int, default=2000)
    parser.add_argument("--test-limit", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--side", choices=["engine", "torch", "both"], default="both")
    parser.add_argument("--recipe", choices=["notebook", "engine"], default="notebook", help="the engine's recipe (engine: its own, on the same digits)")
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "notebook_side_by_side.jsonl"))
    args = parser.parse_args()
    sides = [("engine", engine), ("torch", torch_side)]
    for experiment in args.experiments:
        for seed in args.seeds:
            for name, run in sides:
                if args.side not in (name, "both"):
                    continue
                start = time.time()
                test = run(experiment, seed, args)
                line = {"experiment": experiment, "side": name, "recipe": args.recipe if name == "engine" else "notebook", "seed": seed, "limit": args.limit, "test_limit": args.test_limit,
                        "seconds": round(time.time() - start, 1), "test": test}
                print(json.dumps(line), flush=True)
                with open(args.out, "a") as f:
                    f.write(json.dumps(line) + "\n")


if __name__ == "__main__":
    sys.exit(main())
