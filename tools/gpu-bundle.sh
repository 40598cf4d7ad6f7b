#!/usr/bin/env bash
# Publishes tools/GpuBundle as ONE self-contained file for linux-x64 (no .NET needed on the GPU machine): single file,
# compressed, partial trimming with ILGPU rooted (full trimming silently rewrites kernel IL; docs/notes/ilgpu.md
# §6), invariant globalization. Output: .gpu/engine-gpu (git-ignored) plus the PyTorch reference script; fails above 40 MB.
# On the GPU machine (device tool, carry [".gpu"]):
#   .gpu/engine-gpu devices | selftest | step-parity | bench | train ae --device cuda --limit 8000
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/.gpu"
rm -rf "$out"
mkdir -p "$out"
# single file, compression, partial trim and the ILGPU roots are set in GpuBundle.csproj (set here with -p they would
# reach the referenced projects and turn their trim analysis on)
dotnet publish "$root/tools/GpuBundle/GpuBundle.csproj" -c Release -r linux-x64 --self-contained \
  -o "$out/publish" -v quiet -nologo
mv "$out/publish/engine-gpu" "$out/engine-gpu"
rm -rf "$out/publish"
cp "$root/bench/gpu_torch_reference.py" "$out/"
size=$(stat -c %s "$out/engine-gpu")
echo "gpu-bundle: $out/engine-gpu, $((size / 1024 / 1024)) MiB"
if [ "$size" -gt $((40 * 1024 * 1024)) ]; then
  echo "gpu-bundle: larger than 40 MiB" >&2
  exit 1
fi
