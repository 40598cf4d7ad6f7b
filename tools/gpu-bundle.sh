#!/usr/bin/env bash
# Publishes tools/GpuRunner self-contained and trimmed for linux-x64 into .gpu/app (git-ignored), so a GPU
# machine without .NET runs it directly, and copies the PTX and the torch script next to it.
# On the GPU machine:  .gpu/app/GpuRunner check   |   .gpu/app/GpuRunner bench   |   python3 .gpu/gpu_torch_reference.py
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/.gpu"
rm -rf "$out/app"
mkdir -p "$out/ptx"
dotnet publish "$root/tools/GpuRunner/GpuRunner.csproj" -c Release -r linux-x64 --self-contained \
  -p:PublishTrimmed=true -p:InvariantGlobalization=true -p:TreatWarningsAsErrors=true -o "$out/app" -v quiet -nologo
cp -r "$root/src/Kernels/Cuda/ptx/." "$out/ptx/"
cp "$root/bench/gpu_torch_reference.py" "$out/"
echo "gpu-bundle: $(du -sh "$out/app" | cut -f1) in $out/app; run .gpu/app/GpuRunner check"
