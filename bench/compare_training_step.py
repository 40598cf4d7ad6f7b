#!/usr/bin/python3
# The engine's training step against PyTorch's, side by side on one machine: each configuration runs as its own process
# (peak memory is per process), engine and PyTorch interleaved round by round so that a change in the machine's load
# hits both. Prints a Markdown table of medians, spreads and ratios, the BLAS canary of the PyTorch side, and with
# --plot an SVG of step time and peak memory against batch size. --torchsharp adds TorchSharp-cpu (libtorch, the
# reference a .NET user would pick; bench/TorchSharpReference, run through bench/in-trixie) as a third side in the same
# rounds, --no-pytorch leaves PyTorch out.
#
#   dotnet build -c Release bench/Engine.Bench
#   bench/compare_training_step.py                                   # AE (latent 24) and VAE (latent 2), batch 64, 2 threads, 3 rounds
#   bench/compare_training_step.py --batches 16 64 256 512 --threads 1 2 --rounds 1 --plot bench/scaling.svg
#   dotnet build -c Release bench/TorchSharpReference
#   bench/compare_training_step.py --torchsharp                      # engine, PyTorch and TorchSharp (needs root: in-trixie)
#   bench/compare_training_step.py --torchsharp --no-pytorch --steps 10 --rounds 1    # a smoke run
import argparse
import os
import platform
import re
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENGINE = ["dotnet", os.path.join(ROOT, "bench/Engine.Bench/bin/Release/net10.0/Engine.Bench.dll"), "probe"]
TORCH = ["/usr/bin/python3", os.path.join(ROOT, "bench/cpu_torch_reference.py")]
TORCHSHARP = ["dotnet", os.path.join(ROOT, "bench/TorchSharpReference/bin/Release/net10.0/TorchSharpReference.dll"), "probe"]
LABELS = {"engine": "engine", "torch": "PyTorch", "torchsharp": "TorchSharp"}
PROBE = re.compile(r"PROBE (\S+) batch=(\d+) threads=(\d+) steps=(\d+) wall=\S+ step=([\d.]+)ms peakRSS=(\d+)MiB")


def run(command):
    """Runs one probe process; returns (step ms, peak MiB) and the BLAS (PyTorch) or TORCH (TorchSharp) line it printed."""
    out = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    match = PROBE.search(out.stdout)
    if out.returncode != 0 or not match:
        sys.exit(f"probe failed: {' '.join(command)}\n{out.stdout}\n{out.stderr}")
    blas = next((line for line in out.stdout.splitlines() if line.startswith(("BLAS ", "TORCH "))), None)
    return (float(match.group(5)), int(match.group(6))), blas


def cpu_name():
    with open("/proc/cpuinfo") as info:
        return next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), platform.machine())


def steps_for(batch, steps=None):
    return steps or max(10, 6400 // batch)          # about 6,400 images per measurement: 100 steps at batch 64


def torch_warmup(batch):
    # The engine warms up 20 steps so its JIT reaches optimised code; PyTorch has no JIT and is steady after a few
    # steps, and 20 steps at batch 512 would cost it a minute.
    return 20 if batch <= 64 else 3


def spread(values):
    return f"{min(values):.1f}–{max(values):.1f}" if len(values) > 1 else ""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", nargs="+", default=["ae24", "vae2"])
    parser.add_argument("--batches", nargs="+", type=int, default=[64])
    parser.add_argument("--threads", nargs="+", type=int, default=[2])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--plot", help="write an SVG of step time and peak memory against batch size here")
    parser.add_argument("--torchsharp", action="store_true",
                        help="add TorchSharp-cpu (bench/TorchSharpReference, built with dotnet build -c Release) as a side")
    parser.add_argument("--torchsharp-runner", default=os.path.join(ROOT, "bench/in-trixie"),
                        help="what runs the TorchSharp probe (default bench/in-trixie: LibTorchSharp needs GLIBCXX_3.4.32; "
                             "'' runs it directly where the system's libstdc++ is new enough)")
    parser.add_argument("--no-pytorch", action="store_true", help="leave the PyTorch side out (with --torchsharp)")
    parser.add_argument("--steps", type=int, help="timed steps per measurement (default 6,400 images / batch, at least 10)")
    args = parser.parse_args()
    if args.no_pytorch and not args.torchsharp:
        parser.error("--no-pytorch needs --torchsharp: the engine needs something to be compared with")
    refs = ([] if args.no_pytorch else ["torch"]) + (["torchsharp"] if args.torchsharp else [])
    torchsharp = (args.torchsharp_runner.split() if args.torchsharp_runner else []) + TORCHSHARP

    configs = [(m, b, t) for m in args.models for b in args.batches for t in args.threads]
    results = {(side, c): [] for side in ["engine"] + refs for c in configs}
    canary = {}
    for round_ in range(args.rounds):
        for model, batch, threads in configs:
            steps = str(steps_for(batch, args.steps))
            commands = {
                "engine": ENGINE + [model, str(batch), str(threads), steps],
                "torch": TORCH + ["--train", model, "--batch", str(batch), "--threads", str(threads), "--steps", steps,
                                  "--warmup", str(torch_warmup(batch))],
                "torchsharp": torchsharp + [model, str(batch), str(threads), steps, str(torch_warmup(batch))],
            }
            for side in ["engine"] + refs:
                measured, line = run(commands[side])
                results[(side, (model, batch, threads))].append(measured)
                canary[side] = canary.get(side) or line
            print(f"round {round_ + 1}: {model} batch {batch} threads {threads}: " + ", ".join(
                f"{LABELS[side]} {results[(side, (model, batch, threads))][-1][0]:.1f} ms" for side in ["engine"] + refs),
                file=sys.stderr)

    names = [LABELS[side] for side in refs]
    print(f"Machine: {cpu_name()}, {os.cpu_count()} CPUs; {args.rounds} round(s), "
          f"{'engine and ' if len(names) == 1 else 'engine, '}{' and '.join(names)} interleaved; steps per measurement: "
          f"{f'{args.steps}' if args.steps else '6,400 images / batch (at least 10)'}, after 20 warm-up "
          f"steps ({' and '.join(names)}: 3 above batch 64).")
    for side in refs:
        print(f"{LABELS[side]} side: {canary[side]}")
    print()
    speedups = ["speed-up"] if refs == ["torch"] else [f"speed-up vs {LABELS[side]}" for side in refs]
    print("| model | batch | threads | engine step ms (median, range) | " +
          "".join(f"{LABELS[side]} step ms (median, range) | " for side in refs) + "".join(f"{h} | " for h in speedups) +
          "engine peak MiB | " + "".join(f"{LABELS[side]} peak MiB | " for side in refs).rstrip())
    print("|---|---:|---:|---:|" + "---:|" * (3 * len(refs) + 1))
    rows = []
    for c in configs:
        median = {side: statistics.median(v[0] for v in results[(side, c)]) for side in ["engine"] + refs}
        peak = {side: max(v[1] for v in results[(side, c)]) for side in ["engine"] + refs}
        rows.append((c, median, peak))
        e = median["engine"]
        print(f"| {c[0]} | {c[1]} | {c[2]} | {e:.1f} ({spread([v[0] for v in results[('engine', c)]])}) | " +
              "".join(f"{median[side]:.1f} ({spread([v[0] for v in results[(side, c)]])}) | " for side in refs) +
              "".join(f"**{median[side] / e:.2f}×** | " for side in refs) +
              f"{peak['engine']} | " + " | ".join(str(peak[side]) for side in refs) + " |")
    if args.plot:
        write_plot(args.plot, rows)
        print(f"\nPlot: {args.plot}")


def write_plot(path, rows):
    """Two panels, log-log: milliseconds per image against batch size, and peak MiB against batch size; one line per
    (side, model, threads)."""
    series = {}
    for (model, batch, threads), median, peak in rows:
        for side in median:
            series.setdefault((LABELS[side], model, threads), []).append((batch, median[side] / batch, peak[side]))
    width, height, pad = 460, 300, 56
    batches = sorted({b for points in series.values() for b, _, _ in points})
    colors = {"engine": "#1f77b4", "PyTorch": "#d62728", "TorchSharp": "#2ca02c"}
    import math

    def panel(x0, title, value, unit):
        values = [value(p) for points in series.values() for p in points]
        lo, hi = math.log10(min(values) * 0.8), math.log10(max(values) * 1.25)
        bx = [math.log10(b) for b in batches]
        def px(b):
            return x0 + pad + (math.log10(b) - bx[0]) / max(bx[-1] - bx[0], 1e-9) * (width - 2 * pad)
        def py(v):
            return height - pad + (math.log10(v) - lo) / (hi - lo) * -(height - 2 * pad)
        out = [f'<text x="{x0 + width / 2}" y="20" text-anchor="middle" font-weight="bold">{title}</text>',
               f'<line x1="{x0 + pad}" y1="{height - pad}" x2="{x0 + width - pad}" y2="{height - pad}" stroke="#444"/>',
               f'<line x1="{x0 + pad}" y1="{pad}" x2="{x0 + pad}" y2="{height - pad}" stroke="#444"/>',
               f'<text x="{x0 + width / 2}" y="{height - 18}" text-anchor="middle">batch size (log scale)</text>',
               f'<text x="{x0 + 14}" y="{height / 2}" text-anchor="middle" transform="rotate(-90 {x0 + 14} {height / 2})">{unit} (log scale)</text>']
        for b in batches:
            out.append(f'<text x="{px(b):.1f}" y="{height - pad + 16}" text-anchor="middle">{b}</text>')
        for k in range(int(math.floor(lo)), int(math.ceil(hi)) + 1):
            for m in (1, 2, 3, 5):
                v = m * 10 ** k
                if lo <= math.log10(v) <= hi:
                    out.append(f'<text x="{x0 + pad - 6}" y="{py(v) + 4:.1f}" text-anchor="end">{v:g}</text>')
                    out.append(f'<line x1="{x0 + pad}" y1="{py(v):.1f}" x2="{x0 + width - pad}" y2="{py(v):.1f}" stroke="#ddd"/>')
        for (side, model, threads), points in sorted(series.items()):
            dash = "" if threads > 1 else ' stroke-dasharray="5,4"'
            width_ = 2.5 if model == "ae24" else 1.2
            coords = " ".join(f"{px(b):.1f},{py(value(p)):.1f}" for p in sorted(points) for b in [p[0]])
            out.append(f'<polyline fill="none" stroke="{colors[side]}" stroke-width="{width_}"{dash} points="{coords}"/>')
        return out

    body = panel(0, "time per image", lambda p: p[1], "ms per image") + \
        panel(width, "peak memory of the process", lambda p: p[2], "MiB")
    legend_y = height + 8
    legend = []
    for i, (side, model, threads) in enumerate(sorted(series)):
        x = 20 + (i % 4) * 220
        y = legend_y + 18 * (i // 4)
        dash = "" if threads > 1 else ' stroke-dasharray="5,4"'
        legend.append(f'<line x1="{x}" y1="{y}" x2="{x + 28}" y2="{y}" stroke="{colors[side]}" '
                      f'stroke-width="{2.5 if model == "ae24" else 1.2}"{dash}/>')
        legend.append(f'<text x="{x + 34}" y="{y + 4}">{side} {model}, {threads} thread{"s" if threads > 1 else ""}</text>')
    total_height = legend_y + 18 * ((len(series) + 3) // 4) + 8
    with open(path, "w") as f:
        f.write(f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * width}" height="{total_height}" '
                f'font-family="DejaVu Sans, sans-serif" font-size="12">\n'
                f'<rect width="100%" height="100%" fill="white"/>\n' + "\n".join(body + legend) + "\n</svg>\n")


if __name__ == "__main__":
    main()
