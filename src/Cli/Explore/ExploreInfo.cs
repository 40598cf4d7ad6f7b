// What the explorer's page needs to draw a run, sent once as JSON: the family, the test codes and their classes (the
// scatter), the codes' mean and first two principal directions (the default plane when Z > 2), the AAE prior's support
// outline, and the bound on code values a decode accepts. N = test images, Z = latent size.
namespace Engine.Cli.Explore;

using Engine.Models;

public sealed record ExploreInfo(
    string Name, string Model, string Label, string Device, int Latent, int Count, int Width, int Height,
    IReadOnlyList<string> Classes, bool Conditional, bool Variational, ExplorePrior? Prior,
    float[] Codes,        // (N, Z)
    int[] Labels,         // (N)
    float[] Mean,         // (Z)
    float[] First,        // (Z)
    float[] Second,       // (Z)
    float CodeBound)
{
    public static ExploreInfo Of(LatentExplorer e, string name) => new(
        name, e.Config.Family, $"{e.Config.Family} z{e.Latent}", e.Config.Device, e.Latent, e.Test.Count, e.Test.Width, e.Test.Height,
        e.Test.ClassNames, e.Conditional, e.Variational,
        e.Prior is { } p ? new ExplorePrior(p.Name, p.Description, p.Outline()) : null,
        e.Codes, e.Test.Labels, e.Principal.Mean, e.Principal.First, e.Principal.Second, e.CodeBound);
}

/// <summary>The AAE's prior: its name, one line, and its support's outline in the (z_i, z_j) plane as (x0, y0, x1, y1, ...).</summary>
public sealed record ExplorePrior(string Name, string Description, float[] Outline);
