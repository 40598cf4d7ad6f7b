// `engine train <model>`: the options of a run, validated, turned into a RunConfig.
namespace Engine.Cli;

using System.CommandLine;
using Engine.Models.Training;

public static class TrainCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "ae, dae, sparse-l1, sparse-kl, vae or vae-kl-only." };
        model.AcceptOnlyFromAmong([.. RunDriver.ModelNames]);
        var latent = Positive(new Option<int>("--latent") { Description = "Latent size (default: 2 for vae, 900 = 30 x 30 for sparse, 24 otherwise)." });
        var epochs = Positive(new Option<int>("--epochs") { Description = "Epochs.", DefaultValueFactory = _ => 5 });
        var batchSize = Positive(new Option<int>("--batch-size") { Description = "Batch size.", DefaultValueFactory = _ => 64 });
        var lr = new Option<float>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 1e-4f };
        lr.Validators.Add(r => { if (TryGet<float>(r) is float v && !(v > 0)) r.AddError($"--lr must be a positive number; got {v}."); });
        var seed = new Option<ulong>("--seed") { Description = "Random seed (weights, shuffling, noise).", DefaultValueFactory = _ => 1UL };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda, cuda:N or ilgpu-cpu (the GPU kernels on the CPU; slow).", DefaultValueFactory = _ => "cpu" };
        var data = new Option<string?>("--data") { Description = "Folder with the Fashion-MNIST IDX files (else $ENGINE_DATA, data/, the system copy)." };
        var limit = Positive(new Option<int?>("--limit") { Description = "Train on at most N images (quick runs)." });
        var testLimit = Positive(new Option<int?>("--test-limit") { Description = "Evaluate on at most N test images." });
        var output = new Option<string?>("--out") { Description = "Run folder (default: runs/<model>-z<latent>-<time>)." };
        var noise = new Option<float>("--noise") { Description = "Gaussian noise sigma (denoising).", DefaultValueFactory = _ => 0.3f };
        noise.Validators.Add(r => { if (TryGet<float>(r) is float v && !(v >= 0)) r.AddError($"--noise must be >= 0; got {v}."); });
        var klWeight = new Option<float>("--kl-weight") { Description = "Weight w of the VAE's KL term.", DefaultValueFactory = _ => 0.005f };
        var beta = new Option<float>("--beta") { Description = "Weight beta of the sparse AEs' sparsity penalty.", DefaultValueFactory = _ => 1e-3f };
        beta.Validators.Add(r => { if (TryGet<float>(r) is float v && !(v >= 0)) r.AddError($"--beta must be >= 0; got {v}."); });
        var rho = new Option<float>("--sparsity-target") { Description = "Target mean activation rho of sparse-kl.", DefaultValueFactory = _ => 0.05f };
        rho.Validators.Add(r => { if (TryGet<float>(r) is float v && !(v > 0 && v < 1)) r.AddError($"--sparsity-target must be in (0, 1); got {v}."); });
        var threads = Positive(new Option<int>("--threads") { Description = "CPU threads.", DefaultValueFactory = _ => Environment.ProcessorCount });

        var command = new Command("train", "Train a model on Fashion-MNIST and write its run folder and report.html.")
        {
            model, latent, epochs, batchSize, lr, seed, device, data, limit, testLimit, output, noise, klWeight, beta, rho, threads,
        };
        command.SetAction(parse => EngineCommand.Guard(() =>
        {
            string name = parse.GetValue(model)!;
            var config = new RunConfig
            {
                Model = name,
                Latent = parse.GetResult(latent) is { Implicit: false } ? parse.GetValue(latent) : DefaultLatent(name),
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batchSize),
                LearningRate = parse.GetValue(lr),
                Seed = parse.GetValue(seed),
                Device = parse.GetValue(device)!,
                DataDir = parse.GetValue(data),
                Limit = parse.GetValue(limit),
                TestLimit = parse.GetValue(testLimit),
                Noise = parse.GetValue(noise),
                KlWeight = parse.GetValue(klWeight),
                Beta = parse.GetValue(beta),
                SparsityTarget = parse.GetValue(rho),
                Threads = parse.GetValue(threads),
            };
            string runPath = parse.GetValue(output) ?? RunFolder.NewName("runs", config);
            using var session = new TrainingSession();
            return TrainingSession.Finish(session.Driver.Train(config, runPath, session.Cancel));
        }));
        return command;
    }

    /// <summary>The course's latent size per model: 2 for the VAEs (plottable), 900 = 30 x 30 for the sparse AEs, 24 otherwise.</summary>
    public static int DefaultLatent(string model) =>
        model.StartsWith("vae", StringComparison.Ordinal) ? 2 : model.StartsWith("sparse", StringComparison.Ordinal) ? 900 : 24;

    internal static Option<T> Positive<T>(Option<T> option)
    {
        option.Validators.Add(r =>
        {
            if (TryGet<T>(r) is int i && i <= 0) r.AddError($"{option.Name} must be a positive integer; got {i}.");
        });
        return option;
    }

    /// <summary>The option's value, or null when its text does not parse (the parser reports that error itself).</summary>
    internal static object? TryGet<T>(System.CommandLine.Parsing.OptionResult result)
    {
        try
        {
            return result.GetValueOrDefault<T>();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
