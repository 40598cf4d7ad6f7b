#!/usr/bin/env bash
# Coverage-guided fuzzing of one parser with AFL++ and SharpFuzz 2.3.0, until EXECS executions (default 100000):
#   tools/fuzz.sh idx|safetensors|checkpoint|png|config|metrics|selftest [EXECS]
# Builds tools/Fuzz, instruments the engine's assemblies, seeds from valid files, runs afl-fuzz (1 s hang limit, a
# dictionary of the format's tokens from tools/Fuzz/dict), then
# prints the numbers from fuzzer_stats and replays the corpus, crashes and hangs uninstrumented (largest allocation).
# Findings: fuzz-findings/TARGET (not committed). "selftest" plants a crash to show the pipeline reports one.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: tools/fuzz.sh TARGET [EXECS]; targets: idx safetensors checkpoint png config metrics}
execs=${2:-100000}

command -v afl-fuzz >/dev/null || { echo "fuzz: installing afl++"; apt-get install -y -q --no-install-recommends afl++ >/dev/null; }
export PATH="$PATH:$HOME/.dotnet/tools"
command -v sharpfuzz >/dev/null || dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0 >/dev/null

out=tools/Fuzz/bin/afl
rm -rf "$out"
dotnet build tools/Fuzz -c Release -o "$out" -v quiet -nologo >/dev/null
seeds=$(mktemp -d)
dotnet "$out/Engine.Fuzz.dll" seeds "$seeds"                      # before instrumenting: it only runs under afl-fuzz then
rm -rf "$out-plain" && cp -r "$out" "$out-plain"                   # an uninstrumented copy to replay the findings
cp tests/Engine.Tests/Imaging/Fixtures/*.png "$seeds/png/"        # PIL's palette, 1-bit, gray+alpha, filter fixtures
for dll in Engine.Nn.dll Engine.Imaging.dll Engine.Models.dll; do sharpfuzz "$out/$dll" >/dev/null; done
findings=fuzz-findings/$target
rm -rf "$findings"
mkdir -p fuzz-findings

# dotnet is not instrumented itself (SharpFuzz instruments the assemblies); the machine is shared, so no CPU pinning.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
start=$(date +%s)
afl-fuzz -i "$seeds/$target" -o "$findings" -x "tools/Fuzz/dict/$target.dict" -t 1000 -m none -E "$execs" -- dotnet "$out/Engine.Fuzz.dll" "$target" >"$findings.log" 2>&1 \
  || { tail -n 30 "$findings.log"; exit 1; }
rm -rf "$seeds"

stats=$findings/default/fuzzer_stats
value() { sed -nE "s/^$1 +: +(.*)$/\1/p" "$stats"; }
echo "$target: $(value execs_done) executions in $(( $(date +%s) - start )) s ($(value execs_per_sec)/s), $(value corpus_count) inputs in the corpus," \
  "$(value saved_crashes) crashes, $(value saved_hangs) hangs, edges found $(value edges_found)"
shopt -s nullglob
found=("$findings"/default/crashes/id:* "$findings"/default/hangs/id:*)
dotnet "$out-plain/Engine.Fuzz.dll" replay "$target" "$findings"/default/queue/id:* "${found[@]}" || true
if [ ${#found[@]} -gt 0 ]; then
  echo "crashes and hangs (replay one: dotnet $out-plain/Engine.Fuzz.dll replay $target FILE):"
  printf '  %s\n' "${found[@]}"
fi
