// The reference a .NET user would pick: TorchSharp-cpu (libtorch CPU) running the course's networks and the CPU
// benchmarks' shapes, for side-by-side numbers with the engine. Benchmarks only: not in Engine.sln, never packed.
// LibTorchSharp needs GLIBCXX_3.4.32 (newer than Debian 12's libstdc++), so it runs under bench/in-trixie:
//
//   dotnet build -c Release bench/TorchSharpReference
//   bench/in-trixie dotnet bench/TorchSharpReference/bin/Release/net10.0/TorchSharpReference.dll probe ae24 64 2 60
//
// Verbs (each prints the "TORCH" line first: libtorch's version, threads, the CPU capability its kernels use):
//   probe ae24|vae2 [batch 64] [threads 2] [steps 938] [warm-up 20]   the engine's probe line (TrainingEpochProbe.cs)
//   sgemm [threads 2]                                    torch.mm FP32 on CourseShapes.Gemms, GFLOP/s
//   conv [threads 2]                                     each course convolution at batch 64: forward, forward+backward ms
//   info [threads 2]                                     the TORCH line and libtorch's build configuration
using System.Diagnostics;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

string verb = args.Length > 0 ? args[0] : "info";
int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i]) : fallback;
int threads = verb == "probe" ? Arg(3, 2) : Arg(1, 2);
try
{
    torch.set_num_interop_threads(1);      // allowed only before any parallel work; the steps use intra-op threads only
}
catch (Exception e)
{
    Console.Error.WriteLine($"set_num_interop_threads(1) refused: {e.Message}");
}
torch.set_num_threads(threads);
Console.WriteLine(LibTorch.Line());
switch (verb)
{
    case "probe":
        Probe.Run(args.Length > 1 ? args[1] : "ae24", Arg(2, 64), threads, Arg(4, 938), Arg(5, 20));
        break;
    case "sgemm":
        Kernels.Sgemm();
        break;
    case "conv":
        Kernels.Conv();
        break;
    case "info":
        Console.WriteLine(LibTorch.Config() ?? "libtorch's build configuration: not reachable on this platform");
        break;
    default:
        Console.Error.WriteLine("usage: TorchSharpReference probe ae24|vae2 [batch] [threads] [steps] [warm-up] | sgemm [threads] | conv [threads] | info [threads]");
        Environment.Exit(2);
        break;
}

/// <summary>The course's Encoder (tools/course_networks.py, src/Models/CourseNetworks.cs), same module tree and names.</summary>
internal sealed class Encoder : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> encoder;

    public Encoder(int outputs) : base(nameof(Encoder))
    {
        encoder = nn.Sequential(
            Block(nn.Conv2d(1, 32, 3, stride: 2, padding: 1), 32),
            Block(nn.Conv2d(32, 64, 3, stride: 2, padding: 1), 64),
            Block(nn.Conv2d(64, 128, 3, stride: 2, padding: 1), 128),
            Block(nn.Conv2d(128, 256, 3, stride: 2, padding: 1), 256),
            Block(nn.Conv2d(256, 512, 1), 512),
            nn.Flatten(),
            nn.Linear(2048, outputs));
        RegisterComponents();
    }

    /// <summary>Conv + BatchNorm2d + LeakyReLU (slope 0.01): the course's block.</summary>
    public static nn.Module<Tensor, Tensor> Block(nn.Module<Tensor, Tensor> convolution, int channels) =>
        nn.Sequential(convolution, nn.BatchNorm2d(channels), nn.LeakyReLU());

    public override Tensor forward(Tensor input) => encoder.forward(input);
}

/// <summary>The course's Decoder: Linear(Z, 512) viewed as 512x1x1, five ConvTranspose blocks, Conv2d(32, 1, k7, p1), Sigmoid.</summary>
internal sealed class Decoder : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> linear;
    private readonly nn.Module<Tensor, Tensor> decoder;

    public Decoder(int latent) : base(nameof(Decoder))
    {
        linear = nn.Linear(latent, 512);
        decoder = nn.Sequential(
            Encoder.Block(Up(512, 256), 256),
            Encoder.Block(Up(256, 128), 128),
            Encoder.Block(Up(128, 64), 64),
            Encoder.Block(Up(64, 32), 32),
            nn.Sequential(Up(32, 32), nn.BatchNorm2d(32), nn.LeakyReLU(), nn.Conv2d(32, 1, 7, padding: 1), nn.Sigmoid()));
        RegisterComponents();
    }

    private static nn.Module<Tensor, Tensor> Up(int input, int output) =>
        nn.ConvTranspose2d(input, output, 3, stride: 2, padding: 1, output_padding: 1);

    public override Tensor forward(Tensor z) => decoder.forward(linear.forward(z).view(-1, 512, 1, 1));
}

/// <summary>
/// The engine's training step (bench/Engine.Bench/Cpu/TrainingStep.cs) and bench/cpu_torch_reference.py --train: zero
/// grad, forward, loss (BCE mean over pixels; the VAE adds 0.005 * KL summed over the latents, averaged over the batch),
/// backward, Adam (lr 1e-3), on one fixed batch of uniform images. Timed like TrainingEpochProbe.cs, same line.
/// </summary>
internal static class Probe
{
    /// <param name="warmUp">untimed steps first: 20 by default, as the engine's probe (its JIT) and cpu_torch_reference.py.</param>
    public static void Run(string model, int batch, int threads, int steps, int warmUp)
    {
        if (model is not ("ae24" or "vae2"))
        {
            throw new ArgumentException($"Unknown model {model}; use ae24 or vae2.");
        }
        torch.manual_seed(7);
        bool vae = model == "vae2";
        int latent = vae ? 2 : 24;
        var encoder = new Encoder(vae ? 2 * latent : latent);
        var decoder = new Decoder(latent);
        encoder.train();
        decoder.train();
        var optimizer = torch.optim.Adam(encoder.parameters().Concat(decoder.parameters()), lr: 1e-3);
        var x = torch.rand(batch, 1, 28, 28);

        float Step()
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var h = encoder.forward(x);
            Tensor loss;
            if (vae)
            {
                var mu = h[.., ..latent];
                var logVar = h[.., latent..];
                var z = mu + torch.randn_like(mu) * torch.exp(0.5 * logVar);
                var kl = -0.5 * torch.sum(1 + logVar - mu * mu - logVar.exp()) / batch;
                loss = F.binary_cross_entropy(decoder.forward(z), x) + 0.005 * kl;
            }
            else
            {
                loss = F.binary_cross_entropy(decoder.forward(h), x);
            }
            loss.backward();
            optimizer.step();
            return loss.item<float>();
        }

        for (int i = 0; i < warmUp; i++)
        {
            Step();
        }
        var times = new double[steps];
        int collections = GC.CollectionCount(0);
        var watch = Stopwatch.StartNew();
        float last = 0f;
        for (int i = 0; i < steps; i++)
        {
            long start = Stopwatch.GetTimestamp();
            last = Step();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        double seconds = watch.Elapsed.TotalSeconds;
        long peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Array.Sort(times);
        Console.WriteLine($"PROBE {model} batch={batch} threads={threads} steps={steps} wall={seconds:F2}s " +
            $"step={seconds / steps * 1e3:F2}ms peakRSS={peak / (1024.0 * 1024.0):F0}MiB loss={last:F4} " +
            $"fastest={times[0]:F2}ms median={times[steps / 2]:F2}ms slowest={times[^1]:F2}ms gen0-collections={GC.CollectionCount(0) - collections}");
    }
}

/// <summary>The CPU benchmarks' shapes (bench/Engine.Bench/Cpu/CourseShapes.cs, bench/cpu_torch_reference.py), timed best of three.</summary>
internal static class Kernels
{
    // CourseShapes.Gemms: M x N x K, a trailing "t" means A is transposed (stored K x M).
    private static readonly string[] Gemms =
        ["256x256x256", "512x512x512", "1024x1024x1024", "2048x2048x2048",
         "32x12544x9", "64x3136x288", "128x1024x576", "256x256x1152", "288x4096x64t"];

    // CourseShapes.Layers as cpu_torch_reference.py's LAYERS: name, transposed, input (N, C, H, W), C_out, kernel, stride,
    // padding, output padding. A transposed layer's input is the output of the convolution it transposes.
    private static readonly (string Name, bool Transposed, long[] Input, int Out, int K, int S, int P, int Op)[] Layers =
    [
        ("enc1 conv 1->32 28->14", false, [64, 1, 28, 28], 32, 3, 2, 1, 0),
        ("enc2 conv 32->64 14->7", false, [64, 32, 14, 14], 64, 3, 2, 1, 0),
        ("enc3 conv 64->128 7->4", false, [64, 64, 7, 7], 128, 3, 2, 1, 0),
        ("enc4 conv 128->256 4->2", false, [64, 128, 4, 4], 256, 3, 2, 1, 0),
        ("enc5 conv1x1 256->512 2x2", false, [64, 256, 2, 2], 512, 1, 1, 0, 0),
        ("dec1 convT 512->256 1->2", true, [64, 512, 1, 1], 256, 3, 2, 1, 1),
        ("dec2 convT 256->128 2->4", true, [64, 256, 2, 2], 128, 3, 2, 1, 1),
        ("dec3 convT 128->64 4->8", true, [64, 128, 4, 4], 64, 3, 2, 1, 1),
        ("dec4 convT 64->32 8->16", true, [64, 64, 8, 8], 32, 3, 2, 1, 1),
        ("dec5 convT 32->32 16->32", true, [64, 32, 16, 16], 32, 3, 2, 1, 1),
        ("final conv7x7 32->1 32->28", false, [64, 32, 32, 32], 1, 7, 1, 1, 0),
    ];

    public static void Sgemm()
    {
        Console.WriteLine("| SGEMM M x N x K | ms | GFLOP/s |\n|---|---:|---:|");
        using var _ = torch.no_grad();
        foreach (string shape in Gemms)
        {
            bool transposeA = shape.EndsWith('t');
            var d = shape.TrimEnd('t').Split('x').Select(long.Parse).ToArray();
            long m = d[0], n = d[1], k = d[2];
            using var a = transposeA ? torch.randn(k, m).t() : torch.randn(m, k);
            using var b = torch.randn(k, n);
            double seconds = BestTime(() => torch.mm(a, b).Dispose());
            Console.WriteLine($"| {m} x {n} x {k}{(transposeA ? " (A^T)" : "")} | {seconds * 1e3:F3} | {2.0 * m * n * k / seconds / 1e9:F1} |");
        }
    }

    public static void Conv()
    {
        Console.WriteLine("| layer (batch 64) | forward ms | forward+backward ms |\n|---|---:|---:|");
        foreach (var (name, transposed, input, cout, k, s, p, op) in Layers)
        {
            long cin = input[1];
            using var x = torch.randn(input);
            using var w = (transposed ? torch.randn(cin, cout, k, k) : torch.randn(cout, cin, k, k)) * 0.1;
            Tensor Conv(Tensor a, Tensor b) => transposed
                ? F.conv_transpose2d(a, b, null, [s, s], [p, p], [op, op])
                : F.conv2d(a, b, null, [s, s], [p, p]);
            Tensor dy;
            using (torch.no_grad())
            {
                dy = torch.randn_like(Conv(x, w));
            }
            using var xg = x.clone().requires_grad_();
            using var wg = w.clone().requires_grad_();
            double forward = BestTime(() =>
            {
                using var scope = torch.NewDisposeScope();
                using var noGrad = torch.no_grad();
                Conv(x, w);
            });
            double forwardBackward = BestTime(() =>
            {
                using var scope = torch.NewDisposeScope();
                xg.grad = null;
                wg.grad = null;
                Conv(xg, wg).backward([dy]);
            });
            Console.WriteLine($"| {name} | {forward * 1e3:F3} | {forwardBackward * 1e3:F3} |");
            dy.Dispose();
        }
    }

    /// <summary>cpu_torch_reference.py's best_time: two warm-ups, reps to fill ~0.4 s (at least 3), best mean of three.</summary>
    private static double BestTime(Action run, double budget = 0.4, int minReps = 3)
    {
        run();
        run();
        long start = Stopwatch.GetTimestamp();
        run();
        double once = Math.Max(Stopwatch.GetElapsedTime(start).TotalSeconds, 1e-6);
        int reps = Math.Max(minReps, (int)(budget / once));
        double best = double.PositiveInfinity;
        for (int round = 0; round < 3; round++)
        {
            start = Stopwatch.GetTimestamp();
            for (int i = 0; i < reps; i++)
            {
                run();
            }
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds / reps);
        }
        return best;
    }
}

/// <summary>
/// What libtorch says about itself. TorchSharp exposes the thread counts but neither torch.__config__.show() nor
/// torch.backends.cpu.get_cpu_capability(); both are exported C++ functions of libtorch_cpu.so returning a std::string
/// (at::show_config(), at::get_cpu_capability()), called here directly: x86-64 Linux only (the System V ABI returns
/// the string through a hidden first pointer; libstdc++'s std::string is 32 bytes: data pointer, length, buffer).
/// Elsewhere the line says the capability is not reachable.
/// </summary>
internal static unsafe class LibTorch
{
    public static string Line()
    {
        string? config = Config();
        string Setting(string name) => config?.Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(s => s.StartsWith(name + "="))?[(name.Length + 1)..] ?? "?";
        string capability = Call("_ZN2at18get_cpu_capabilityB5cxx11Ev") ?? "not reachable (TorchSharp does not expose it)";
        return $"TORCH libtorch={Setting("TORCH_VERSION")} blas={Setting("BLAS_INFO")} torchsharp={typeof(torch).Assembly.GetName().Version} " +
            $"threads={torch.get_num_threads()} interop-threads={torch.get_num_interop_threads()} cpu-capability={capability}";
    }

    public static string? Config() => Call("_ZN2at11show_configB5cxx11Ev");

    private static string? Call(string symbol)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64 || !TryLoad(out nint library) ||
            !NativeLibrary.TryGetExport(library, symbol, out nint function))
        {
            return null;
        }
        byte* result = stackalloc byte[32];
        ((delegate* unmanaged<byte*, void>)function)(result);
        // The string's heap buffer (when longer than 15 bytes) is leaked: a few hundred bytes, once.
        return Marshal.PtrToStringUTF8(*(nint*)result, (int)*(long*)(result + 8));
    }

    private static bool TryLoad(out nint library)
    {
        _ = torch.get_num_threads();   // TorchSharp has loaded libtorch by now; dlopen returns the loaded copy
        foreach (string path in new[] { "libtorch_cpu.so",
                     Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libtorch_cpu.so"),
                     Path.Combine(AppContext.BaseDirectory, "libtorch_cpu.so") })
        {
            if (NativeLibrary.TryLoad(path, out library))
            {
                return true;
            }
        }
        library = 0;
        return false;
    }
}
