// The words of the convolution chooser (ConvGemm.Choose): the three passes of a convolution, the algorithms it picks
// among, and the phase-split switch the tests and the lab force.
namespace Engine.Kernels.Cpu.Conv;

/// <summary>One of the three passes of a convolution.</summary>
internal enum ConvPass
{
    Forward,
    BackwardData,
    BackwardWeight,
}

/// <summary>The algorithms the fast CPU convolution chooses among (<see cref="ConvGemm.Choose"/>).</summary>
internal enum ConvAlgorithm
{
    /// <summary>DirectConv / DirectConvWeight: tiles of output rows in vector registers, no lowering.</summary>
    Direct,

    /// <summary>PhaseConvForward / PhaseConv / PhaseConvWeight: a stride-2 pass as stride-1 GEMMs over the input's phases.</summary>
    PhaseSplit,

    /// <summary>im2col, then the blocked SGEMM over the batch.</summary>
    Im2ColGemm,

    /// <summary>A 1 x 1 stride-1 convolution: the SGEMM straight on the input, no im2col.</summary>
    PointwiseGemm,
}

/// <summary>Whether stride-2 passes use the phase split: by measured shape rules, always (tests), or never.</summary>
internal enum PhaseSplit
{
    Auto,
    Always,
    Never,
}
