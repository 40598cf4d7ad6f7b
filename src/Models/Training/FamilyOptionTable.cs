// A family's options record with its table of settings (FamilyOption lines), and the same seen without the record's
// type (IFamilyOptionTable): the registry lists every family's table (ExperimentRegistry.OptionTables), and the command
// line, --help, RunConfig.Validate, config.json and the report's settings table loop over that list; none names a family.
namespace Engine.Models.Training;

using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;

/// <summary>One family record's settings, for the code that handles every family alike.</summary>
public interface IFamilyOptionTable
{
    /// <summary>The record's type: the key of its value in <see cref="RunConfig.FamilyOptions"/>.</summary>
    Type Record { get; }

    IReadOnlyList<IFamilyOption> Lines { get; }

    /// <summary>The keys of the settings <paramref name="family"/> reads, for its registry row and report.</summary>
    IEnumerable<string> KeysOf(string family);

    /// <summary><paramref name="config"/> with the setting <paramref name="key"/> read from command-line text.</summary>
    RunConfig Parse(RunConfig config, string key, string text);

    /// <summary>The setting's value in <paramref name="config"/> as the command line writes it.</summary>
    string Show(RunConfig config, string key);

    /// <summary>Each setting whose value no run accepts, as (key, "must be RULE; got VALUE").</summary>
    IEnumerable<(string Key, string Problem)> Problems(RunConfig config);

    /// <summary>The checks a new run's settings need before it trains (a folder they name holds the right run).</summary>
    void CheckBeforeTraining(RunConfig config);

    /// <summary>The record's settings in config.json's form, its keys to stand at the top level.</summary>
    JsonObject ToJson(RunConfig config, JsonSerializerOptions options);

    /// <summary><paramref name="config"/> with the record read from config.json's top level (missing keys: the defaults).</summary>
    RunConfig FromJson(RunConfig config, string json, JsonSerializerOptions options);
}

/// <summary>The table of <typeparamref name="TOptions"/>: every setting of the record, in config.json's order.</summary>
public sealed class FamilyOptionTable<TOptions>(IReadOnlyList<FamilyOption<TOptions>> lines) : IReadOnlyList<FamilyOption<TOptions>>, IFamilyOptionTable
    where TOptions : class, new()
{
    /// <summary>A check of settings against the rest of the run (a class index against the dataset's classes).</summary>
    public Func<TOptions, RunConfig, IEnumerable<(string Key, string Problem)>>? Check { get; init; }

    /// <summary>What <see cref="CheckBeforeTraining"/> runs (the settings of a new run; it may read files).</summary>
    public Action<TOptions>? BeforeTraining { get; init; }

    public Type Record => typeof(TOptions);

    public IReadOnlyList<IFamilyOption> Lines => lines;

    public int Count => lines.Count;

    public FamilyOption<TOptions> this[int index] => lines[index];

    public IEnumerator<FamilyOption<TOptions>> GetEnumerator() => lines.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public IEnumerable<string> KeysOf(string family) => lines.Where(o => o.Families.Contains(family)).Select(o => o.Key);

    public RunConfig Parse(RunConfig config, string key, string text) => config.With(Line(key).Parse(config.Options<TOptions>(), text, config));

    public string Show(RunConfig config, string key) => Line(key).Show(config.Options<TOptions>());

    public IEnumerable<(string Key, string Problem)> Problems(RunConfig config)
    {
        var options = config.Options<TOptions>();
        var own = lines.Select(o => (o.Key, Problem: o.Problem(options))).Where(p => p.Problem is not null).Select(p => (p.Key, p.Problem!));
        return Check is { } check ? own.Concat(check(options, config)) : own;
    }

    public void CheckBeforeTraining(RunConfig config) => BeforeTraining?.Invoke(config.Options<TOptions>());

    public JsonObject ToJson(RunConfig config, JsonSerializerOptions options) =>
        JsonSerializer.SerializeToNode(config.Options<TOptions>(), options)!.AsObject();

    public RunConfig FromJson(RunConfig config, string json, JsonSerializerOptions options) =>
        config.With(JsonSerializer.Deserialize<TOptions>(json, options)!);

    private FamilyOption<TOptions> Line(string key) =>
        lines.FirstOrDefault(o => o.Key == key) ?? throw new ArgumentException($"{typeof(TOptions).Name} has no setting '{key}'.");
}
