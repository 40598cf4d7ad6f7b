// A section of the run report after its figures (the "one step" section: where a training step's time and memory go):
// a heading, paragraphs, figures side by side, a table with a header row, and links to files of the run folder.
namespace Engine.Imaging;

/// <summary>A report section: heading, paragraphs, figures, one table and links, all relative to the run folder.</summary>
public sealed class ReportSection(string heading)
{
    public string Heading { get; } = heading;

    /// <summary>The id of the section element, for links to it ("one-step").</summary>
    public string? Id { get; init; }

    public List<string> Paragraphs { get; } = [];

    public List<Figure> Figures { get; } = [];

    /// <summary>The table's header cells; empty: no table.</summary>
    public List<string> TableHeader { get; } = [];

    public List<IReadOnlyList<string>> TableRows { get; } = [];

    /// <summary>Links under the section: a file of the run folder and its text.</summary>
    public List<(string File, string Text)> Links { get; } = [];
}
