// Attaching a node to an op's output: only when grad mode is on and some input requires a gradient.
namespace Engine.Autograd;

internal static class Tracking
{
    public static bool ShouldTrack(params Tensor[] inputs)
    {
        if (!NoGrad.IsGradEnabled) return false;
        foreach (var t in inputs)
        {
            if (t.RequiresGrad) return true;
        }
        return false;
    }
}
