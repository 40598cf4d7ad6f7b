// Command-line mistakes the conventional way: one `error: ...` line per mistake, naming the bad value and the allowed
// ones, then `see 'engine VERB --help'`, on stderr, exit code 2 (as getopt tools, argparse and clap do). System.CommandLine's
// own messages (localised, type names such as System.Int32, a list of choices one per line) are replaced by ours.
namespace Engine.Cli;

using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Parsing;
using System.Globalization;

public static class UsageErrors
{
    /// <summary>Exit code of a command line that does not parse or names values no run accepts.</summary>
    public const int ExitCode = 2;

    /// <summary>Writes the parse errors of <paramref name="parsed"/> and the help hint to stderr; returns <see cref="ExitCode"/>.</summary>
    public static int Write(ParseResult parsed)
    {
        var command = parsed.CommandResult;
        return Write(Lines(parsed), CommandPath(command.Command));
    }

    /// <summary>Writes one `error:` line per message, then the help hint for <paramref name="commandPath"/>; returns <see cref="ExitCode"/>.</summary>
    public static int Write(IEnumerable<string> messages, string commandPath)
    {
        foreach (var message in messages.Distinct()) Console.Error.WriteLine("error: " + Sentence(message));
        Console.Error.WriteLine($"see '{commandPath} --help'");
        return ExitCode;
    }

    /// <summary>"engine train" for the train verb, "engine" for the root.</summary>
    public static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? symbol = command; symbol is Command c; symbol = symbol.Parents.FirstOrDefault())
        {
            names.Add(c is RootCommand ? "engine" : c.Name);
        }
        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>The messages, in order: the command's own mistakes (unknown verb, option or argument, a missing argument), then each option's.</summary>
    internal static List<string> Lines(ParseResult parsed)
    {
        var command = parsed.CommandResult;
        var lines = new List<string>();
        if (command.Command is RootCommand)
        {
            lines.Add(RootLine(parsed));                      // no verb or an unknown one: everything else follows from it
            return lines;
        }
        foreach (var token in parsed.UnmatchedTokens)
        {
            lines.Add(token.StartsWith('-') ? UnknownOption(command.Command, token)
                : $"unexpected argument '{token}'; '{CommandPath(command.Command)}' takes {Takes(command.Command)}");
        }
        foreach (var argument in command.Command.Arguments)
        {
            if (argument.Arity.MinimumNumberOfValues > 0 && command.GetResult(argument) is not { Tokens.Count: > 0 })
            {
                var choices = Choices(argument);
                lines.Add($"'{CommandPath(command.Command)}' needs its <{argument.Name}> argument" +
                    (choices.Count > 0 ? $"; choose one of: {string.Join(", ", choices)}" : ""));
            }
        }
        foreach (var error in parsed.Errors)
        {
            switch (error.SymbolResult)
            {
                case OptionResult option:
                    lines.Add(OptionLine(option, error.Message));
                    break;
                case ArgumentResult { Parent: OptionResult option }:
                    lines.Add(OptionLine(option, error.Message));
                    break;
                case ArgumentResult { Tokens.Count: > 0 }:
                    lines.Add(error.Message);                                   // our validators' lines (e.g. an unknown model)
                    break;
                case CommandResult when !AboutTokensOrMissingArguments(error.Message, parsed):
                    lines.Add(error.Message);                                   // a command's validator (pca: not both options)
                    break;
            }
        }
        if (lines.Count == 0) lines.AddRange(parsed.Errors.Select(e => e.Message));    // anything else, as the parser says it
        return lines;
    }

    /// <summary>The parser's own line about an unmatched token or a missing argument, which <see cref="Lines"/> words itself.</summary>
    private static bool AboutTokensOrMissingArguments(string message, ParseResult parsed) =>
        parsed.UnmatchedTokens.Any(t => message.Contains($"'{t}'", StringComparison.Ordinal)) ||
        parsed.CommandResult.Command.Arguments.Any(a => message.Contains($"'{a.Name}'", StringComparison.Ordinal));

    /// <summary>An option's mistake: a value that is not a number of its type, a missing value, or our validator's line.</summary>
    private static string OptionLine(OptionResult result, string message)
    {
        var option = result.Option;
        var values = result.Tokens.Select(t => t.Value).ToList();
        string? kind = Kind(option.ValueType);
        if (result.IdentifierToken is null && option.Required)
        {
            return $"'{CommandPath((Command)option.Parents.First())}' needs {option.Name}" + (kind is null ? "" : $" ({kind})");
        }
        if (values.Count == 0 && option.Arity.MinimumNumberOfValues > 0)
        {
            return $"{option.Name} needs a value" + (kind is null ? "" : $" ({kind})");
        }
        if (kind is not null && values.FirstOrDefault(v => !Parses(option.ValueType, v)) is string bad)
        {
            return $"{option.Name} takes {kind}; got '{bad}'";
        }
        return message;
    }

    private static string RootLine(ParseResult parsed)
    {
        var root = (RootCommand)parsed.CommandResult.Command;
        var verbs = root.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        string list = string.Join(", ", verbs);
        var first = parsed.Tokens.FirstOrDefault()?.Value;
        if (first is null)
        {
            return $"no command given; choose one of: {list}";
        }
        if (first.StartsWith('-'))
        {
            return UnknownOption(root, first);
        }
        string? near = Nearest(first, verbs);
        return $"unknown command '{first}'" + (near is null ? "" : $" (did you mean '{near}'?)") + $"; choose one of: {list}";
    }

    private static string UnknownOption(Command command, string token)
    {
        string name = token.Split('=', 2)[0];
        var options = AllOptions(command).Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name))
            .Where(n => n.StartsWith("--", StringComparison.Ordinal)).Distinct().ToList();
        string? near = Nearest(name, options);
        return near is not null
            ? $"unknown option '{name}' (did you mean '{near}'?)"
            : $"unknown option '{name}'; '{CommandPath(command)}' takes {string.Join(", ", options)}";
    }

    /// <summary>The options a command accepts: its own and the recursive ones of its parents (--help).</summary>
    private static IEnumerable<Option> AllOptions(Command command)
    {
        foreach (var option in command.Options) yield return option;
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            foreach (var option in parent.Options.Where(o => o.Recursive)) yield return option;
        }
    }

    private static string Takes(Command command) =>
        command.Arguments.Count == 0 ? "no arguments"
            : string.Join(" and ", command.Arguments.Select(a => $"<{a.Name}>")) + " only";

    /// <summary>The values an argument accepts when it lists them (the model names), else empty.</summary>
    private static List<string> Choices(Argument argument) =>
        argument.GetCompletions(CompletionContext.Empty).Select(c => c.Label).ToList();

    /// <summary>What a number option takes, in words; null for the other types.</summary>
    private static string? Kind(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) => "a whole number",
        var t when t == typeof(ulong) => "a whole number >= 0",
        var t when t == typeof(float) || t == typeof(double) => "a number, e.g. 0.001 or 1e-3",
        _ => null,
    };

    private static bool Parses(Type type, string text) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        var t when t == typeof(ulong) => ulong.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        var t when t == typeof(float) => float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        var t when t == typeof(double) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        _ => true,
    };

    /// <summary>The closest candidate within two edits (one for names of three letters or fewer), else null.</summary>
    public static string? Nearest(string word, IEnumerable<string> candidates) =>
        candidates.Select(c => (Name: c, Distance: Distance(word, c))).Where(c => c.Distance <= Math.Min(2, c.Name.Length / 2))
            .OrderBy(c => c.Distance).Select(c => c.Name).FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }

    /// <summary>A message as one lower-case clause without its final full stop: "Unknown class 'x'." gives "unknown class 'x'".</summary>
    private static string Sentence(string message)
    {
        string line = message.ReplaceLineEndings(" ").Trim().TrimEnd('.');
        return line.Length > 1 && char.IsUpper(line[0]) && char.IsLower(line[1]) ? char.ToLowerInvariant(line[0]) + line[1..] : line;
    }
}
