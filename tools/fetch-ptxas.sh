#!/usr/bin/env bash
# Fetches ptxas (CUDA 11.8, Debian non-free nvidia-cuda-toolkit) into .cache/cuda/ without installing anything:
# a private apt configuration adds "non-free" to the machine's bookworm source, `apt-get download` fetches the
# .deb, `dpkg-deb -x` unpacks it. The system's apt state stays untouched. Prints the path of ptxas.
# Used by .ci/run for the PTX gate (tests/Engine.Tests/BackendSuite/PtxGateTests.cs reads $ENGINE_PTXAS).
set -euo pipefail
cd "$(dirname "$0")/.."
cache=.cache/cuda
ptxas="$cache/root/usr/bin/ptxas"
if [ -x "$ptxas" ]; then echo "$PWD/$ptxas"; exit 0; fi
mkdir -p "$cache/lists/partial" "$cache/debs" "$cache/apt"
# one deb822 source: the machine's Debian mirror, bookworm, with non-free
uri=$(grep -h -m1 -E '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' || true)
[ -n "$uri" ] || uri=$(grep -h -m1 -E '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' || true)
[ -n "$uri" ] || uri=http://deb.debian.org/debian
cat > "$cache/sources.list" <<SOURCES
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri bookworm main contrib non-free
SOURCES
apt_options=(-o Dir::Etc::SourceList="$PWD/$cache/sources.list" -o Dir::Etc::SourceParts=/dev/null -o Dir::Cache="$PWD/$cache/apt"
             -o Dir::State::Lists="$PWD/$cache/lists" -o Dir::Cache::Archives="$PWD/$cache/debs"
             -o Debug::NoLocking=1 -q)
apt-get "${apt_options[@]}" update >/dev/null
(cd "$cache/debs" && apt-get "${apt_options[@]}" download nvidia-cuda-toolkit >/dev/null)
deb=$(ls "$cache"/debs/nvidia-cuda-toolkit_*.deb | head -n 1)
dpkg-deb -x "$deb" "$cache/root"
[ -x "$ptxas" ] || { echo "fetch-ptxas: $deb holds no usr/bin/ptxas" >&2; exit 1; }
echo "$PWD/$ptxas"
