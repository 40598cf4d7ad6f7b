// Anomaly detection, like PyTorch's torch.autograd.detect_anomaly: inside `using (Anomaly.Detect())` every op's output
// and every gradient a node returns is checked for NaN and infinity, and the first op that turns finite inputs into a
// non-finite result is named in an AnomalyException. Each check copies the tensor to the host: for debugging only.
namespace Engine.Autograd;

public sealed class Anomaly : IDisposable
{
    [ThreadStatic]
    private static int t_depth;

    private bool _disposed;

    private Anomaly() => t_depth++;

    /// <summary>Whether ops on this thread are checked.</summary>
    public static bool IsEnabled => t_depth > 0;

    public static Anomaly Detect() => new();

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            t_depth--;
        }
    }

    /// <summary>After an op's forward: a non-finite output from finite inputs names the op; a non-finite input that no op made names the input.</summary>
    internal static void CheckForward(string op, Tensor output, Tensor[] inputs)
    {
        if (FirstNonFinite(output) is not (int index, double value)) return;
        for (int k = 0; k < inputs.Length; k++)
        {
            if (inputs[k].IsLeaf && FirstNonFinite(inputs[k]) is (int i, double v))
            {
                throw new AnomalyException($"Anomaly: input {k} of {op} (shape {inputs[k].Shape}, not made by an op: a parameter or " +
                    $"the data) holds {Describe(v)} at index {i}; its output became non-finite there.");
            }
        }
        throw new AnomalyException($"Anomaly: {op} is the first op whose output is not finite: its output (shape {output.Shape}) holds " +
            $"{Describe(value)} at index {index} although its inputs ({string.Join(", ", inputs.Select(t => t.Shape.ToString()))}) were finite.");
    }

    /// <summary>During backward: a non-finite gradient returned by a node names the node and the input.</summary>
    internal static void CheckBackward(Node node, Tensor dOutput, Tensor?[] inputGrads)
    {
        for (int k = 0; k < inputGrads.Length; k++)
        {
            if (inputGrads[k] is { } g && FirstNonFinite(g) is (int index, double value))
            {
                string upstream = FirstNonFinite(dOutput) is null ? "from a finite output gradient" : "passing on a non-finite output gradient";
                throw new AnomalyException($"Anomaly: the backward of {node.Name} returned {Describe(value)} in the gradient of its input {k} " +
                    $"(shape {g.Shape}) at index {index}, {upstream}.");
            }
        }
    }

    private static (int Index, double Value)? FirstNonFinite(Tensor tensor)
    {
        var values = tensor.ToDoubleArray();
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i])) return (i, values[i]);
        }
        return null;
    }

    private static string Describe(double value) =>
        double.IsNaN(value) ? "NaN" : value > 0 ? "+infinity" : "-infinity";
}

/// <summary>An op produced NaN or infinity while anomaly detection was on; the message names the op.</summary>
public sealed class AnomalyException(string message) : ArithmeticException(message);
