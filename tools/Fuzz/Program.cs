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
    var findings = new List<string>();
    (long Bytes, string File) largest = (0, "");
    foreach (string file in args.Skip(2))
    {
        try
        {
            long allocated = FuzzTargets.Run(replayTarget, File.ReadAllBytes(file));
            if (allocated > largest.Bytes) largest = (allocated, file);
        }
        catch (Exception e)
        {
            findings.Add($"{file}: {e.GetType().Name}: {e.Message}");
        }
    }
    Console.WriteLine($"{args.Length - 2} inputs replayed: {findings.Count} findings; largest allocation {largest.Bytes} bytes ({Path.GetFileName(largest.File)}).");
    findings.ForEach(Console.WriteLine);
    return findings.Count == 0 ? 0 : 1;
}
if (args is not [var target] || !(FuzzTargets.Names.Contains(target) || target == "selftest"))
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
