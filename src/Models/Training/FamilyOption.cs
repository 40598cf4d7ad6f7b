// One setting of a family's options record, described once: its key (in config.json, and --key on the command line),
// the families that read it, its one-line help (units included), its default and its rule. The command line and its
// --help, the check of a run's settings and the report's settings table are all made from these descriptions; the
// kinds of setting (number, count, choice, reduction, path) are FamilyOption's factories, at the end.
namespace Engine.Models.Training;

using System.Globalization;

/// <summary>A setting of some family's record, seen without its type: what the command line and --help read.</summary>
public interface IFamilyOption
{
    string Key { get; }
    IReadOnlyList<string> Families { get; }
    string Description { get; }
    string? DefaultText { get; }

    /// <summary>False for a setting only config.json holds (the losses' reductions): no --key on the command line.</summary>
    bool OnCommandLine { get; }

    /// <summary>Its command-line text is read against the rest of the run (a class name against --dataset's classes).</summary>
    bool ReadsRun { get; }
}

/// <summary>One setting of the options record <typeparamref name="TOptions"/>: key, families, help, default and rule.</summary>
public abstract class FamilyOption<TOptions>(string key, IReadOnlyList<string> families, string help) : IFamilyOption
{
    private Func<string, RunConfig, string>? _resolve;

    /// <summary>The config.json key; the command line's option is --key.</summary>
    public string Key => key;

    /// <summary>The families that read this setting (the report shows it for them; --help names them).</summary>
    public IReadOnlyList<string> Families => families;

    /// <summary>"aae, aae-semi: help": the --help line.</summary>
    public string Description => $"{string.Join(", ", families)}: {help}";

    /// <summary>The default as the command line shows it; null when the default depends on other settings.</summary>
    public abstract string? DefaultText { get; }

    public bool OnCommandLine { get; private set; } = true;

    public bool ReadsRun => _resolve is not null;

    /// <summary>This setting, kept out of the command line: config.json alone holds it.</summary>
    public FamilyOption<TOptions> FileOnly()
    {
        OnCommandLine = false;
        return this;
    }

    /// <summary>This setting, its command-line text first turned into its value's text by <paramref name="resolve"/>, given the run.</summary>
    public FamilyOption<TOptions> Resolving(Func<string, RunConfig, string> resolve)
    {
        _resolve = resolve;
        return this;
    }

    /// <summary><see cref="Parse(TOptions, string)"/> of the text as the rest of <paramref name="run"/> reads it.</summary>
    public TOptions Parse(TOptions options, string text, RunConfig run) => Parse(options, _resolve is { } resolve ? resolve(text, run) : text);

    /// <summary>The setting's value in <paramref name="options"/> as the command line writes it.</summary>
    public abstract string Show(TOptions options);

    /// <summary>
    /// <paramref name="options"/> with this setting read from the command line's <paramref name="text"/>; text that is
    /// not a value of the setting's type is an <see cref="ArgumentException"/> naming --key and the rule.
    /// </summary>
    public abstract TOptions Parse(TOptions options, string text);

    /// <summary>Null when the setting's value in <paramref name="options"/> is allowed; else "must be RULE; got VALUE".</summary>
    public abstract string? Problem(TOptions options);
}

/// <summary>Reads a setting's value from command-line text (invariant culture); false when the text is not one.</summary>
public delegate bool TryRead<T>(string text, out T value);

/// <summary>A setting of type <typeparamref name="T"/>, read and written through the record's property.</summary>
public sealed class FamilyOption<TOptions, T>(
    string key, IReadOnlyList<string> families, string help, T defaultValue, Func<TOptions, T> get, Func<TOptions, T, TOptions> with,
    TryRead<T> read, Func<T, bool> allowed, string rule)
    : FamilyOption<TOptions>(key, families, help)
{
    public override string? DefaultText => defaultValue is null ? null : Format(defaultValue);

    public override TOptions Parse(TOptions options, string text) =>
        read(text, out T value) ? with(options, value) : throw new ArgumentException($"--{Key} must be {rule}; got '{text}'.");

    public override string? Problem(TOptions options) => allowed(get(options)) ? null : $"must be {rule}; got {Format(get(options))}";

    public override string Show(TOptions options) => Format(get(options));

    private static string Format(T value) => value switch
    {
        null => "nothing",
        float f => f.ToString(CultureInfo.InvariantCulture),                   // the shortest text that reads back the same float
        Enum e => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(e.ToString()),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}

/// <summary>The kinds of setting a family has: a number, a count, an optional count, one of a few names.</summary>
public static class FamilyOption
{
    public static FamilyOption<TOptions, float> Number<TOptions>(string key, IReadOnlyList<string> families, string help, float defaultValue,
        Func<TOptions, float> get, Func<TOptions, float, TOptions> with, Func<float, bool> allowed, string rule) =>
        new(key, families, help, defaultValue, get, with,
            (string text, out float value) => float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value),
            v => float.IsFinite(v) && allowed(v), rule);

    /// <summary>An integer that <paramref name="allowed"/> accepts (its <paramref name="rule"/> in words).</summary>
    public static FamilyOption<TOptions, int> Integer<TOptions>(string key, IReadOnlyList<string> families, string help, int defaultValue,
        Func<TOptions, int> get, Func<TOptions, int, TOptions> with, Func<int, bool> allowed, string rule) =>
        new(key, families, help, defaultValue, get, with, ReadInt, allowed, rule);

    /// <summary>Text any value of which is allowed, or unset (a folder to read: its checks come when it is read).</summary>
    public static FamilyOption<TOptions, string?> OptionalText<TOptions>(string key, IReadOnlyList<string> families, string help,
        Func<TOptions, string?> get, Func<TOptions, string?, TOptions> with) =>
        new(key, families, help, null, get, with, (string text, out string? value) => (value = text) is not null, _ => true, "a path");

    /// <summary>One of the loss reductions (mean, sum, batch-mean), as config.json names them.</summary>
    public static FamilyOption<TOptions, Reduction> LossReduction<TOptions>(string key, IReadOnlyList<string> families, string help,
        Reduction defaultValue, Func<TOptions, Reduction> get, Func<TOptions, Reduction, TOptions> with)
    {
        var names = Enum.GetValues<Reduction>().ToDictionary(r => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(r.ToString()));
        return new(key, families, help, defaultValue, get, with, names.TryGetValue, names.ContainsValue, "one of " + string.Join(", ", names.Keys));
    }

    /// <summary>A positive integer (steps, items).</summary>
    public static FamilyOption<TOptions, int> Count<TOptions>(string key, IReadOnlyList<string> families, string help, int defaultValue,
        Func<TOptions, int> get, Func<TOptions, int, TOptions> with) =>
        new(key, families, help, defaultValue, get, with, ReadInt, v => v >= 1, "a positive integer");

    /// <summary>A positive integer, or unset (null: a default that depends on other settings).</summary>
    public static FamilyOption<TOptions, int?> OptionalCount<TOptions>(string key, IReadOnlyList<string> families, string help,
        Func<TOptions, int?> get, Func<TOptions, int?, TOptions> with) =>
        new(key, families, help, null, get, with,
            (string text, out int? value) => (value = ReadInt(text, out int n) ? n : null) is not null,
            v => v is null or >= 1, "a positive integer");

    /// <summary>One of <paramref name="choices"/>.</summary>
    public static FamilyOption<TOptions, string> Choice<TOptions>(string key, IReadOnlyList<string> families, string help, string defaultValue,
        Func<TOptions, string> get, Func<TOptions, string, TOptions> with, IReadOnlyList<string> choices) =>
        new(key, families, help, defaultValue, get, with, (string text, out string value) => (value = text) is not null,
            choices.Contains, "one of " + string.Join(", ", choices));

    private static bool ReadInt(string text, out int value) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
}
