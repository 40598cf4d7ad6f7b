// How a loss reduces its per-element terms: the reduction of every loss is stated at the call site.
namespace Engine;

/// <summary>How a loss reduces its per-element terms (stated at every call site).</summary>
public enum Reduction
{
    /// <summary>Sum over every element.</summary>
    Sum,

    /// <summary>Mean over every element (PyTorch's default 'mean'; for cross-entropy, the mean over rows).</summary>
    Mean,

    /// <summary>Sum over every element divided by the batch size (the first dimension): per-example sums, averaged.</summary>
    BatchMean,
}
