// Finds what the repository's text points at: relative links in Markdown (with #heading anchors), repository paths
// named in Markdown and in source comments (src/..., tools/..., notes/... for docs/notes/...), ../ paths that leave the
// repository, and test classes named in source comments. Each check returns "file:line: problem" lines; LinkTests asserts they are empty.
namespace Engine.Tests.Style;

using System.Text.RegularExpressions;

internal static partial class RepositoryLinks
{
    /// <summary>Folders that hold build outputs, installs or downloads, not written text: never scanned.</summary>
    private static readonly HashSet<string> SkippedFolders =
        [".git", "bin", "obj", ".packages", ".tools", ".gpu", "runs", "TestResults", "BenchmarkDotNet.Artifacts", "node_modules"];

    /// <summary>The top-level folders a path in a comment or a guide may start with; notes/ means docs/notes/.</summary>
    [GeneratedRegex(@"(?<![\w./\-])(?:src|tests|tools|bench|docs|data|samples|\.ci|notes)/[\w.\-/*<>{},]*")]
    private static partial Regex RepositoryPath();

    /// <summary>[text](target "title"), ![alt](target) and [text](&lt;target with spaces&gt;).</summary>
    [GeneratedRegex(@"(?<!\\)!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(?:<([^>]*)>|([^\s)]+))(?:\s+(?:""[^""]*""|'[^']*'))?\s*\)")]
    private static partial Regex InlineLink();

    /// <summary>A reference definition, [name]: target, and HTML href/src attributes.</summary>
    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)|(?:href|src)=""([^""]+)""")]
    private static partial Regex OtherLink();

    /// <summary>A path that climbs out of its file's folder: ../x, ../../y/z.md.</summary>
    [GeneratedRegex(@"(?<![\w./\-])(?:\.\./)+[\w.\-/]*")]
    private static partial Regex ClimbingPath();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\b[A-Z][A-Za-z0-9]*Tests\b")]
    private static partial Regex TestClassName();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.\-]*:|^//")]
    private static partial Regex External();

    /// <summary>Every file under <paramref name="root"/> outside the skipped folders, as paths relative to it with '/'.</summary>
    public static IEnumerable<string> Files(string root)
    {
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            string folder = pending.Pop();
            foreach (string sub in Directory.EnumerateDirectories(folder))
            {
                string name = Path.GetFileName(sub);
                if (!SkippedFolders.Contains(name) && !name.StartsWith('.')) pending.Push(sub);   // .git, .cache, .tools: not the repo's text
            }
            foreach (string file in Directory.EnumerateFiles(folder))
            {
                yield return Path.GetRelativePath(root, file).Replace('\\', '/');
            }
        }
    }

    /// <summary>Relative links in one Markdown file that leave the repository, name nothing, or name a missing heading.</summary>
    public static IEnumerable<string> BrokenLinks(string root, string markdown, Counter counter)
    {
        string[] lines = File.ReadAllLines(Path.Combine(root, markdown));
        foreach (var (number, text) in OutsideCodeBlocks(lines))
        {
            string prose = CodeSpan().Replace(text, m => new string(' ', m.Length));
            var targets = InlineLink().Matches(prose).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
                .Concat(OtherLink().Matches(prose).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value));
            foreach (string target in targets)
            {
                if (External().IsMatch(target)) continue;
                counter.Checked++;
                string? problem = Resolve(root, markdown, target);
                if (problem is not null) yield return $"{markdown}:{number}: ({target}) {problem}";
            }
        }
    }

    /// <summary>Null when <paramref name="target"/>, relative to <paramref name="markdown"/>'s folder, resolves; else why not.</summary>
    private static string? Resolve(string root, string markdown, string target)
    {
        int hash = target.IndexOf('#');
        string path = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
        string? anchor = hash < 0 ? null : Uri.UnescapeDataString(target[(hash + 1)..]);
        string folder = Path.GetDirectoryName(Path.Combine(root, markdown))!;
        string full = path.Length == 0 ? Path.Combine(root, markdown)
            : Path.GetFullPath(path.StartsWith('/') ? Path.Combine(root, path.TrimStart('/')) : Path.Combine(folder, path));
        string relative = Path.GetRelativePath(root, full);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return "points outside the repository; move the file in or link a URL";
        }
        if (!File.Exists(full) && !Directory.Exists(full)) return $"names {relative}, which does not exist";
        if (anchor is not null && anchor.Length > 0 && full.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
            && !HeadingAnchors(File.ReadAllLines(full)).Contains(anchor))
        {
            return $"no heading of {relative} has the anchor #{anchor}";
        }
        return null;
    }

    /// <summary>GitHub's heading anchors: lower case, punctuation dropped, spaces to '-', repeats numbered -1, -2.</summary>
    public static HashSet<string> HeadingAnchors(IEnumerable<string> lines)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, text) in OutsideCodeBlocks(lines.ToArray()))
        {
            var heading = Regex.Match(text, @"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$");
            if (!heading.Success) continue;
            string slug = new string(heading.Groups[1].Value.ToLowerInvariant()
                .Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_').ToArray()).Replace(' ', '-');
            int repeat = seen.GetValueOrDefault(slug);
            seen[slug] = repeat + 1;
            anchors.Add(repeat == 0 ? slug : $"{slug}-{repeat}");
        }
        return anchors;
    }

    /// <summary>Repository paths named in <paramref name="text"/> that do not exist (globs must match something).</summary>
    public static IEnumerable<string> MissingPaths(string root, string text, Counter counter)
    {
        foreach (Match match in RepositoryPath().Matches(text))
        {
            string path = match.Value.TrimEnd('.', ',', ':', ';');
            if (path.StartsWith("notes/", StringComparison.Ordinal)) path = "docs/" + path;
            var segments = path.TrimEnd('/').Split('/');
            if (segments.Any(s => s is "bin" or "obj")) continue;   // build outputs, made by dotnet build
            counter.Checked++;
            int placeholder = Array.FindIndex(segments, s => s.IndexOfAny(['<', '{', '*']) >= 0);
            string existing = Path.Combine(root, Path.Combine(placeholder < 0 ? segments : segments[..placeholder]));
            bool found = placeholder < 0 ? File.Exists(existing) || Directory.Exists(existing)
                : Directory.Exists(existing) && (segments[placeholder].IndexOfAny(['<', '{']) >= 0
                    || Directory.EnumerateFileSystemEntries(existing, segments[placeholder]).Any());
            if (!found) yield return path;
        }
    }

    /// <summary>
    /// Paths in <paramref name="text"/> of <paramref name="file"/> that start with ../ and, from the file's folder, end
    /// outside the repository (a clone has nothing there, e.g. ../shared/notes/x.md); ../ that stays inside is fine.
    /// </summary>
    public static IEnumerable<string> PathsLeavingTheRepository(string root, string file, string text)
    {
        string folder = Path.GetDirectoryName(Path.Combine(root, file))!;
        foreach (Match match in ClimbingPath().Matches(text))
        {
            string relative = Path.GetRelativePath(root, Path.GetFullPath(Path.Combine(folder, match.Value)));
            if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)) yield return match.Value;
        }
    }

    /// <summary>The comment text of each line of a source file (//, #, &lt;!-- --&gt;), by the file's kind; null when not source.</summary>
    public static IEnumerable<(int Number, string Comment)>? Comments(string file, string[] lines)
    {
        string? marker = Path.GetExtension(file) switch
        {
            ".cs" => "//",
            ".sh" or ".py" => "#",
            ".csproj" or ".props" or ".targets" or ".config" => "<!--",
            "" when file.StartsWith(".ci/", StringComparison.Ordinal) => "#",
            _ => null,
        };
        if (marker is null) return null;
        return marker == "<!--" ? XmlComments(lines) : lines.Select((line, i) => (Number: i + 1, Line: line))
            .Where(l => !l.Line.StartsWith("#!", StringComparison.Ordinal) && l.Line.Contains(marker, StringComparison.Ordinal))
            .Select(l => (l.Number, l.Line[l.Line.IndexOf(marker, StringComparison.Ordinal)..]));
    }

    /// <summary>The lines of XML comments, which may span several lines.</summary>
    private static IEnumerable<(int Number, string Comment)> XmlComments(string[] lines)
    {
        bool inComment = false;
        for (int i = 0; i < lines.Length; i++)
        {
            int start = inComment ? 0 : lines[i].IndexOf("<!--", StringComparison.Ordinal);
            if (start < 0) continue;
            int end = lines[i].IndexOf("-->", start, StringComparison.Ordinal);
            inComment = end < 0;
            yield return (i + 1, end < 0 ? lines[i][start..] : lines[i][start..end]);
        }
    }

    /// <summary>Test classes named in a comment (a name ending in "Tests") that no file under tests/ declares.</summary>
    public static IEnumerable<string> MissingTestClasses(string comment, IReadOnlySet<string> testClasses) =>
        TestClassName().Matches(comment).Select(m => m.Value).Where(name => !testClasses.Contains(name));

    /// <summary>Lines outside fenced code blocks, numbered from 1.</summary>
    private static IEnumerable<(int Number, string Text)> OutsideCodeBlocks(string[] lines)
    {
        bool inFence = false;
        for (int i = 0; i < lines.Length; i++)
        {
            string trimmed = lines[i].TrimStart();
            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }
            if (!inFence) yield return (i + 1, lines[i]);
        }
    }

    /// <summary>How many links or paths a check looked at, so a test can tell an empty result from an empty scan.</summary>
    public sealed class Counter
    {
        public int Checked { get; set; }
    }
}
