// Trains the course's autoencoder on a few batches of Fashion-MNIST with the packed Engine packages, then saves its
// weights as safetensors (PyTorch state_dict names). Usage: dotnet run -- [output folder]; see samples/README.md.
using Engine;
using Engine.Memory;
using Engine.Models;
using Engine.Nn;
using Engine.Nn.Checkpoints;
using Engine.Nn.Data;

var data = FashionMnist.Load(log: Console.WriteLine, limit: 512);    // the full set if installed, else data/'s sample
var model = new Autoencoder(latent: 24, ImageShape.FashionMnist);    // the course's convolutional AE
var optimizer = new Adam(model.Parameters(), learningRate: 1e-3f);
var loader = new BatchLoader(data.Train, batchSize: 64, seed: 1);

foreach (var batch in loader.Epoch(0))                               // 8 batches of 64 images
{
    using var scope = TensorScope.Begin();                           // frees this step's intermediate tensors
    var x = Tensor.FromArray(batch.Images, new Shape(batch.Count, 1, 28, 28));
    optimizer.ZeroGrad();                                            // 1. zero grad
    var reconstruction = model.Forward(x);                           // 2. forward
    var loss = Autoencoder.Loss(reconstruction, x);                  // 3. loss: BCE, mean over pixels
    loss.Backward();                                                 // 4. backward
    optimizer.Step();                                                // 5. step
    Console.WriteLine($"batch {batch.Index + 1}/{loader.BatchesPerEpoch}: BCE {loss.ToScalar():F4}");
}

string folder = args.Length > 0 ? args[0] : ".";
Directory.CreateDirectory(folder);
string path = Path.Combine(folder, "autoencoder.safetensors");
Checkpoint.Save(model, path);
Console.WriteLine($"Saved {model.ParameterCount():N0} parameters to {path}");
