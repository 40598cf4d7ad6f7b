#!/usr/bin/env bash
# The CPU kernels on ARM64 (NEON, 128-bit) without an ARM machine: the test assembly published self-contained for
# linux-arm64 runs its own tests (tests/Engine.Tests/Testing/SelfRunner.cs) under qemu-aarch64-static: the CPU
# conformance cases at every width, the GEMM widths, SimdWidthTests (ENGINE_EXPECT_SIMD=128: NEON must be the path that
# runs) and the PyTorch step parity. Prints the summary `dotnet test` prints; where qemu or the arm64 C library is
# missing it prints one skipped test and the reason (.ci/run installs both: qemu-user-static, libc6:arm64).
set -uo pipefail
cd "$(dirname "$0")/.."
out=.cache/arm64-tests

skip() {
  echo "  Skipped arm64 stage: $1"
  printf 'Total tests: 1\n     Passed: 0\n     Failed: 0\n    Skipped: 1\n'
  exit 0
}
command -v qemu-aarch64-static >/dev/null || skip "qemu-aarch64-static not found (apt-get install qemu-user-static)"
[ -e /lib/ld-linux-aarch64.so.1 ] || skip "no arm64 C library (dpkg --add-architecture arm64; apt-get install libc6:arm64 libstdc++6:arm64)"

# UseAppHost: test projects publish no executable by default; InvariantGlobalization: no arm64 ICU needed.
if ! dotnet publish tests/Engine.Tests -c Release -r linux-arm64 --self-contained -p:UseAppHost=true \
    -p:InvariantGlobalization=true -o "$out" >"$out.log" 2>&1; then
  tail -20 "$out.log"
  echo "arm64 stage: the linux-arm64 publish failed (log above)"
  exit 1
fi

# DOTNET_EnableWriteXorExecute=0: the runtime's W^X double mapping of JIT code crashes under qemu-user (seen: segfaults
# at random tests); it changes how code pages are mapped, not what the kernels compute.
DOTNET_EnableWriteXorExecute=0 ENGINE_EXPECT_SIMD=128 qemu-aarch64-static -L / "$out/Engine.Tests" \
  namespace Engine.Tests.Parity namespace Engine.Tests.FastCpu \
  class Engine.Tests.BackendSuite.CpuBackendConformanceTests class Engine.Tests.BackendSuite.CpuWidthConformanceTests \
  class Engine.Tests.BackendSuite.CpuPhaseSplitConformanceTests
