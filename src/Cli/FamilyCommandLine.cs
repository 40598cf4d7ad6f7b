// The families' own settings on `engine train`'s command line: one --key per line of every family record's table
// (ExperimentRegistry.OptionTables), with the line's help, its default and where the families' defaults differ from it;
// a value the line's rule refuses is one line at parse time, and the values given are read into the run's records.
namespace Engine.Cli;

using System.CommandLine;
using Engine.Models.Experiments;
using Engine.Models.Training;

internal sealed class FamilyCommandLine
{
    private readonly List<(IFamilyOptionTable Table, IFamilyOption Line, Option<string> Option)> _options;

    /// <summary>The --key options of <paramref name="tables"/>' lines; with <paramref name="family"/>, only the lines that family reads.</summary>
    public FamilyCommandLine(IEnumerable<IFamilyOptionTable> tables, string? family = null) =>
        _options = [.. tables.SelectMany(t => t.Lines.Where(l => l.OnCommandLine && (family is null || l.Families.Contains(family)))
            .Select(l => (t, l, Create(t, l))))];

    /// <summary>The --key options, in the tables' order.</summary>
    public IEnumerable<Option<string>> Options => _options.Select(o => o.Option);

    /// <summary><paramref name="config"/> with each setting given on the command line; the others keep its values.</summary>
    public RunConfig Read(ParseResult parse, RunConfig config) =>
        _options.Aggregate(config, (c, o) =>
            parse.GetResult(o.Option) is { Implicit: false } && parse.GetValue(o.Option) is string text ? o.Table.Parse(c, o.Line.Key, text) : c);

    private static Option<string> Create(IFamilyOptionTable table, IFamilyOption line)
    {
        var (defaults, uniform) = Defaults(table, line);
        var option = new Option<string>("--" + line.Key) { Description = line.Description + defaults };
        if (uniform && line.DefaultText is string text) option.DefaultValueFactory = _ => text;
        option.Validators.Add(r =>
        {
            if (line.ReadsRun || r.Tokens.Count == 0 || TrainCommand.TryGet<string>(r) is not string value) return;   // read against the run later
            try
            {
                var config = table.Parse(new RunConfig(), line.Key, value);
                foreach (var (key, problem) in table.Problems(config).Where(p => p.Key == line.Key)) r.AddError($"--{key} {problem}.");
            }
            catch (ArgumentException e)
            {
                r.AddError(e.Message);
            }
        });
        return option;
    }

    /// <summary>
    /// " (default per model: vae 0.005, cvae 0.02; --recipe notebook: vae-kl-only 0.1, cvae 0.005)": where the families'
    /// engine defaults differ from the line's, and the notebook recipe's from the engine's; uniform: every family that
    /// reads it starts from the line's default.
    /// </summary>
    private static (string Text, bool Uniform) Defaults(IFamilyOptionTable table, IFamilyOption line)
    {
        RunConfig Engine(ExperimentFamily f) => f.Defaults(new RunConfig { Family = f.Name });
        var engine = line.Families.Select(ExperimentRegistry.Find).Select(f => (f.Name, Value: table.Show(Engine(f), line.Key))).ToList();
        bool uniform = engine.All(e => e.Value == (line.DefaultText ?? "nothing"));     // "nothing": unset, its default decided later
        var notebook = ExperimentRegistry.Families.Where(f => f.HasNotebookRecipe)
            .Select(f => (f.Name, Engine: table.Show(Engine(f), line.Key), Notebook: table.Show(f.Defaults(Engine(f) with { Recipe = Recipes.Notebook }), line.Key)))
            .Where(d => d.Engine != d.Notebook).Select(d => $"{d.Name} {d.Notebook}").ToList();
        var parts = new List<string>();
        if (!uniform) parts.Add("default per model: " + string.Join(", ", engine.Select(e => $"{e.Name} {e.Value}")));
        if (notebook.Count > 0) parts.Add("--recipe notebook: " + string.Join(", ", notebook));
        return (parts.Count == 0 ? "" : " (" + string.Join("; ", parts) + ")", uniform);
    }
}
