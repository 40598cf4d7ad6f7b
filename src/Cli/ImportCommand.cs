// `engine import --model ae|vae|... --encoder FILE --decoder FILE [--latent N] --out RUN`: a run folder from the
// course's PyTorch weights (encoder.state_dict() and decoder.state_dict() saved as safetensors), ready for eval, report,
// interpolate, sample and resume (which fine-tunes from them for --epochs).
namespace Engine.Cli;

using System.CommandLine;
using Engine.Models;
using Engine.Models.Training;

public static class ImportCommand
{
    public static Command Create()
    {
        string[] importable = [.. Engine.Models.Experiments.ExperimentRegistry.Families.Where(f => f.Importable).Select(f => f.Name)];
        var model = new Option<string>("--model") { Description = string.Join(", ", importable) + ".", Required = true };
        TrainCommand.OneOf(model, importable);
        var encoder = new Option<string>("--encoder") { Description = "The course Encoder's state dict (safetensors).", Required = true };
        var decoder = new Option<string>("--decoder") { Description = "The course Decoder's state dict (safetensors).", Required = true };
        var latent = TrainCommand.Positive(new Option<int?>("--latent") { Description = "Latent size (default: read from the decoder file)." });
        var output = new Option<string>("--out") { Description = "The run folder to create.", Required = true };
        var epochs = TrainCommand.Positive(new Option<int>("--epochs") { Description = "Epochs that `engine resume` fine-tunes for.", DefaultValueFactory = _ => 5 });
        var lr = new Option<float>("--lr") { Description = "Adam learning rate of a later `engine resume`.", DefaultValueFactory = _ => 1e-4f };
        var dataset = TrainCommand.DatasetOption();
        var data = TrainCommand.DataOption();
        var limit = TrainCommand.Positive(new Option<int?>("--limit") { Description = "Train on at most N images (when resumed)." });
        var testLimit = TrainCommand.Positive(new Option<int?>("--test-limit") { Description = $"Evaluate on at most N test images (default: all; on ilgpu-cpu the first {RunDriver.IlgpuCpuTestLimit})." });
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the run the --out folder holds (refused otherwise)." };
        var command = new Command("import", "Make a run folder from the course's PyTorch Encoder and Decoder weights (safetensors).")
        {
            model, encoder, decoder, latent, output, epochs, lr, dataset, data, limit, testLimit, overwrite,
        };
        command.SetAction(parse => EngineCommand.Guard(() =>
        {
            string decoderFile = parse.GetValue(decoder)!;
            int size = parse.GetValue(latent) ?? (File.Exists(decoderFile) ? CourseWeights.DecoderLatent(decoderFile) : null)
                ?? throw new ArgumentException($"'{decoderFile}' is not a course Decoder state dict (no linear.weight of shape (512, Z)); " +
                    "give the latent size with --latent, or check the file.");
            var config = new RunConfig
            {
                Family = parse.GetValue(model)!,
                Latent = size,
                Epochs = parse.GetValue(epochs),
                LearningRate = parse.GetValue(lr),
                Dataset = Engine.Nn.Data.Datasets.Check(parse.GetValue(dataset)!),
                DataDir = parse.GetValue(data),
                Limit = parse.GetValue(limit),
                TestLimit = parse.GetValue(testLimit),
            };
            var outcome = CourseImport.Run(config, parse.GetValue(output)!, parse.GetValue(encoder)!, decoderFile,
                parse.GetValue(overwrite), Console.WriteLine);
            Console.WriteLine($"Report: {outcome.Report}");
            return 0;
        }));
        return command;
    }
}
