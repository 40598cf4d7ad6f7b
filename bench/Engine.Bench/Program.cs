// Entry point of the benchmarks: `dotnet run -c Release --project bench/Engine.Bench -- <suite>`.
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
