// `engine embeddings <run> [<run> ...]`: the lecture's claim "autoencoders give better low-dimensional embeddings than
// PCA", measured: each run's 2-D code of the test set (a VAE's mu) and PCA's first 2 components, scored by k-NN
// accuracy (k = 5, the training images as reference), as one table and one scatter figure per embedding.
namespace Engine.Cli;

using System.CommandLine;
using Engine.Models;

public static class EmbeddingsCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("runs")
        {
            Description = "Run folders of models with a 2-D latent code (ae --latent 2, vae), trained on one dataset.",
            Arity = ArgumentArity.OneOrMore,
        };
        var k = TrainCommand.Positive(new Option<int>("--k") { Description = "Neighbours per vote.", DefaultValueFactory = _ => NearestNeighbours.DefaultK });
        var output = new Option<string?>("--out") { Description = "Output folder (default: runs/embeddings-<time>)." };
        var command = new Command("embeddings", "Score 2-D embeddings of the test set (each run's code and PCA's) by k-NN accuracy.")
        {
            runs, k, output,
        };
        command.SetAction(parse => EngineCommand.Guard(() =>
        {
            var trained = parse.GetValue(runs)!.Select(path => TrainedRun.Load(path, Console.WriteLine)).ToList();
            string folder = parse.GetValue(output) ?? Path.Combine("runs", $"embeddings-{DateTime.Now:yyyyMMdd-HHmmss}");
            var (scores, report) = EmbeddingComparison.Run(trained, folder, parse.GetValue(k), Console.WriteLine);
            Console.WriteLine($"{"embedding",-20} k-NN accuracy");
            foreach (var score in scores) Console.WriteLine($"{score.Name,-20} {score.Accuracy:P2}");
            Console.WriteLine($"Report: {report}");
            return 0;
        }));
        return command;
    }
}
