// report.html for a run folder: title, configuration and final-metrics tables, every figure with its caption (what the
// family is about first, then reconstructions, the loss curves in one row, the rest), then the sections (one step),
// linked relatively so the folder can be moved or opened offline; CSS and script are inline.
using System.Globalization;
using System.Net;
using System.Text;

namespace Engine.Imaging;

/// <summary>Writes report.html for a run folder: configuration and metrics tables and every figure, linked relatively; CSS inline.</summary>
public sealed class ReportPage(string title)
{
    public string Title { get; } = title;

    /// <summary>A line under the title, e.g. the model kind, dataset and date.</summary>
    public string? Subtitle { get; set; }

    public List<KeyValuePair<string, string>> Config { get; } = [];

    /// <summary>A line under the configuration table (e.g. which settings it leaves out).</summary>
    public string? ConfigNote { get; set; }

    public List<KeyValuePair<string, string>> Metrics { get; } = [];

    /// <summary>Problems with the run (a loss that never fell, a constant output), shown in a box above everything else.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>The figures, shown by group (<see cref="FigureGroup"/>) and in order within one; when empty, <see cref="Write"/> shows every image in the folder.</summary>
    public List<Figure> Figures { get; } = [];

    /// <summary>Sections after the figures (the one-step section).</summary>
    public List<ReportSection> Sections { get; } = [];

    public ReportPage AddConfig(string key, object? value)
    {
        Config.Add(new(key, Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));
        return this;
    }

    public ReportPage AddMetric(string name, double value)
    {
        Metrics.Add(new(name, value.ToString("G6", CultureInfo.InvariantCulture)));
        return this;
    }

    /// <summary>Adds a figure; <paramref name="file"/> is relative to the run folder ("plots/loss.svg").</summary>
    public ReportPage AddFigure(string file, string caption, FigureGroup group = FigureGroup.Detail)
    {
        Figures.Add(new Figure(file, caption, group));
        return this;
    }

    /// <summary>Writes <paramref name="folder"/>/report.html and returns its path.</summary>
    public string Write(string folder)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "report.html");
        File.WriteAllText(path, ToHtml(folder), new UTF8Encoding(false));
        return path;
    }

    /// <summary>The page; with a folder, missing files are flagged and an empty figure list means "all images".</summary>
    public string ToHtml(string? folder = null)
    {
        IReadOnlyList<Figure> figures = (Figures.Count > 0 || folder is null ? Figures : Figure.FindIn(folder)).OrderBy(f => f.Group).ToList();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append($"<title>{Encode(Title)}</title>\n<style>\n{ReportStyle.Css}</style>\n</head>\n<body>\n");
        html.Append($"<header>\n<h1>{Encode(Title)}</h1>\n");
        if (Subtitle is not null)
        {
            html.Append($"<p class=\"subtitle\">{Encode(Subtitle)}</p>\n");
        }
        html.Append("</header>\n<main>\n");
        if (Warnings.Count > 0)
        {
            string checks = Warnings.Count == 1 ? "a health check" : $"{Warnings.Count} health checks";
            html.Append($"<section class=\"warning\" role=\"alert\">\n<h2>This run failed {checks}</h2>\n<ul>\n");
            foreach (var warning in Warnings)
            {
                html.Append($"<li>Warning: {Encode(warning)}</li>\n");
            }
            html.Append("</ul>\n<p>The figures below show what this run learned; read them with that in mind.</p>\n</section>\n");
        }
        if (Config.Count > 0 || Metrics.Count > 0)
        {
            html.Append("<section class=\"tables\">\n");
            AppendTable(html, "Configuration", "config", Config, ConfigNote);
            AppendTable(html, "Final metrics", "metrics", Metrics);
            html.Append("</section>\n");
        }
        html.Append("<h2>Figures</h2>\n<section class=\"figures\">\n");
        for (int i = 0; i < figures.Count; i++)
        {
            bool curve = figures[i].Group == FigureGroup.Curve;
            if (curve && (i == 0 || figures[i - 1].Group != FigureGroup.Curve)) html.Append("<div class=\"curves\">\n");   // one row
            AppendFigure(html, i + 1, figures[i], folder);
            if (curve && (i == figures.Count - 1 || figures[i + 1].Group != FigureGroup.Curve)) html.Append("</div>\n");
        }
        if (figures.Count == 0)
        {
            html.Append("<p>No figures.</p>\n");
        }
        html.Append("</section>\n");
        int number = figures.Count;
        foreach (var section in Sections) AppendSection(html, section, ref number, folder);
        html.Append($"</main>\n<script>\n{ReportStyle.Script}</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendTable(StringBuilder html, string heading, string id, List<KeyValuePair<string, string>> rows, string? note = null)
    {
        if (rows.Count == 0)
        {
            return;
        }
        html.Append($"<div class=\"card\">\n<h2>{heading}</h2>\n<table id=\"{id}\">\n");
        foreach (var (key, value) in rows)
        {
            string cls = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? " class=\"number\"" : "";
            html.Append($"<tr><th>{Encode(key)}</th><td{cls}>{Encode(value)}</td></tr>\n");
        }
        html.Append("</table>\n");
        if (note is not null)
        {
            html.Append($"<p class=\"note\">{Encode(note)}</p>\n");
        }
        html.Append("</div>\n");
    }

    private static void AppendSection(StringBuilder html, ReportSection section, ref int number, string? folder)
    {
        string id = section.Id is null ? "" : $" id=\"{Encode(section.Id)}\"";
        html.Append($"<section class=\"extra\"{id}>\n<h2>{Encode(section.Heading)}</h2>\n");
        foreach (var paragraph in section.Paragraphs) html.Append($"<p>{Encode(paragraph)}</p>\n");
        html.Append("<div class=\"figures\">\n");
        foreach (var figure in section.Figures) AppendFigure(html, ++number, figure, folder);
        if (section.TableHeader.Count > 0)
        {
            html.Append("<div class=\"card\">\n<table>\n<tr>");
            foreach (var cell in section.TableHeader) html.Append($"<th>{Encode(cell)}</th>");
            html.Append("</tr>\n");
            foreach (var row in section.TableRows)
            {
                html.Append("<tr>");
                foreach (var cell in row)
                {
                    bool numeric = double.TryParse(cell.TrimEnd('%', ' ', 's', 'm'), NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                    html.Append(numeric ? $"<td class=\"number\">{Encode(cell)}</td>" : $"<td>{Encode(cell)}</td>");
                }
                html.Append("</tr>\n");
            }
            html.Append("</table>\n</div>\n");
        }
        html.Append("</div>\n");
        if (section.Links.Count > 0)
        {
            html.Append("<p class=\"links\">");
            html.Append(string.Join(" · ", section.Links.Select(l => $"<a href=\"{RelativeUrl(l.File)}\">{Encode(l.Text)}</a>")));
            html.Append("</p>\n");
        }
        html.Append("</section>\n");
    }

    private static void AppendFigure(StringBuilder html, int number, Figure figure, string? folder)
    {
        string href = RelativeUrl(figure.File);
        html.Append("<figure>\n");
        if (folder is not null && !File.Exists(Path.Combine(folder, figure.File)))
        {
            html.Append($"<p class=\"missing\">Missing file: {Encode(figure.File)}</p>\n");
        }
        else
        {
            html.Append($"<img src=\"{href}\" alt=\"{Encode(figure.Caption)}\">\n");
        }
        html.Append($"<figcaption><span class=\"number\">Figure {number}.</span> {Encode(figure.Caption)}");
        html.Append($"<a href=\"{href}\">{Encode(figure.File)}</a></figcaption>\n</figure>\n");
    }

    /// <summary>Percent-encodes each path segment; refuses absolute paths, URLs and "..", so links stay inside the run folder.</summary>
    internal static string RelativeUrl(string file)
    {
        string[] segments = file.Replace('\\', '/').Split('/');
        if (Path.IsPathRooted(file) || file.Contains(':') || segments.Any(s => s is ".." or ""))
        {
            throw new ArgumentException($"Figure path '{file}' must be relative to the run folder (no '..', drive or URL).", nameof(file));
        }
        return string.Join('/', segments.Select(Uri.EscapeDataString));
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
