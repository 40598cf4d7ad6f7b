// AFL++ entry point (SharpFuzz): `dotnet Engine.Fuzz.dll TARGET` runs the persistent fuzzing loop for one parser;
// `dotnet Engine.Fuzz.dll seeds DIR` writes the starting inputs; `dotnet Engine.Fuzz.dll replay TARGET FILE...` checks files.
using Engine.Fuzz;
using SharpFuzz;

if (args is ["seeds", var folder])
{
    FuzzTargets.WriteSeeds(folder);
    return 0;
}
if (args is ["replay", var replayTarget, ..])
{
    foreach (string file in args.Skip(2)) FuzzTargets.Run(replayTarget, File.ReadAllBytes(file));
    Console.WriteLine($"{args.Length - 2} inputs replayed: no finding.");
    return 0;
}
if (args is not [var target] || !FuzzTargets.Names.Contains(target))
{
    Console.Error.WriteLine($"usage: Engine.Fuzz TARGET | seeds DIR | replay TARGET FILE...; targets: {string.Join(", ", FuzzTargets.Names)}");
    return 2;
}
Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    FuzzTargets.Run(target, buffer.ToArray());
});
return 0;
