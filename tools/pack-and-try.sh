#!/usr/bin/env bash
# Installs and uses Engine the way a user would: packs the five libraries and the `engine` tool into .packages/,
# installs the tool from there into .tools/bin, runs `engine --version` and a tiny `engine train` on the bundled
# data, then builds and runs samples/TrainSmallAutoencoder against the packed packages (not the source projects) and
# compiles the C# examples of the package READMEs against them.
# Called by .ci/run; exits non-zero and names the failed step when anything fails. Both folders are git-ignored.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
packages="$root/.packages"
tools="$root/.tools"
scratch="$(mktemp -d)"
step="start"
trap 'rm -rf "$scratch"' EXIT
trap 'echo "pack-and-try: FAILED at: $step" >&2' ERR
started=$SECONDS
say() { step="$1"; echo "pack-and-try: $1 ($((SECONDS - started)) s)"; }

say "dotnet pack -c Release -o .packages"
rm -rf "$packages"
dotnet pack Engine.sln -c Release -o "$packages" -v quiet -nologo
version="$(dotnet msbuild src/Models/Engine.Models.csproj -getProperty:Version)"
for id in Engine.Kernels Engine.Tensor Engine.Nn Engine.Imaging Engine.Models Engine.Cli; do
  [ -f "$packages/$id.$version.nupkg" ] || { echo "pack-and-try: $id.$version.nupkg is missing from .packages/" >&2; false; }
done

# A private package cache, so the tool and the sample get this pack, not an older build cached under the same version.
export NUGET_PACKAGES="$tools/nuget"
rm -rf "$tools/bin" "$NUGET_PACKAGES"/engine.*

say "dotnet tool install Engine.Cli $version --tool-path .tools/bin --source .packages"
dotnet tool install Engine.Cli --version "$version" --tool-path "$tools/bin" --source "$packages" >/dev/null

say "engine --version"
printed="$("$tools/bin/engine" --version)"
[ "$printed" = "$version" ] || { echo "pack-and-try: engine --version printed '$printed', expected '$version'" >&2; false; }

say "engine train ae (tiny run on the bundled data)"
"$tools/bin/engine" train ae --epochs 1 --limit 256 --test-limit 128 --batch-size 64 --out "$scratch/run" >"$scratch/train.log" \
  || { cat "$scratch/train.log" >&2; false; }
for file in config.json metrics.csv report.html; do
  [ -s "$scratch/run/$file" ] || { echo "pack-and-try: the installed tool's run lacks $file" >&2; false; }
done
[ -n "$(find "$scratch/run" -name model.safetensors -size +0)" ] \
  || { echo "pack-and-try: the installed tool's run holds no model.safetensors" >&2; false; }

say "samples/TrainSmallAutoencoder against Engine.Models $version from .packages"
sample=samples/TrainSmallAutoencoder
dotnet restore "$sample" --force -p:EngineVersion="$version" -v quiet >/dev/null
dotnet build "$sample" -c Release --no-restore -p:EngineVersion="$version" -v quiet -nologo >/dev/null
dotnet run --project "$sample" -c Release --no-build -- "$scratch/sample" | tail -n 3
[ -s "$scratch/sample/autoencoder.safetensors" ] || { echo "pack-and-try: the sample wrote no autoencoder.safetensors" >&2; false; }
grep -q '"Engine.Models/' "$sample/obj/project.assets.json" \
  || { echo "pack-and-try: the sample did not resolve Engine.Models as a package" >&2; false; }

say "the C# examples of the package READMEs compile against the packages"
examples="$scratch/readme-examples"
mkdir -p "$examples"
cat >"$examples/ReadmeExamples.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Engine.Models" Version="$version" />
  </ItemGroup>
</Project>
EOF
# Each ```csharp block becomes a local function (its usings go to the top), all called in order.
awk -v usings="$examples/usings.txt" -v body="$examples/body.txt" -v calls="$examples/calls.txt" '
  /^```csharp/ { inside = 1; block++; print "Example" block "();" > calls; print "static void Example" block "() // " FILENAME "\n{" > body; next }
  inside && /^```/ { inside = 0; print "}" > body; next }
  inside && /^using [A-Za-z.]+;$/ { print > usings; next }
  inside { print "    " $0 > body }
' src/Kernels/README.md src/Tensor/README.md src/Nn/README.md src/Models/README.md
{ sort -u "$examples/usings.txt"; cat "$examples/calls.txt" "$examples/body.txt"; } >"$examples/Program.cs"
dotnet restore "$examples" --configfile "$root/samples/nuget.config" -v quiet >/dev/null
dotnet build "$examples" -c Release --no-restore -v quiet -nologo >"$scratch/examples.log" \
  || { grep -E "error" "$scratch/examples.log" >&2; false; }

echo "pack-and-try: passed in $((SECONDS - started)) s (Engine $version: pack, tool install, engine --version, engine train, sample, README examples)"
