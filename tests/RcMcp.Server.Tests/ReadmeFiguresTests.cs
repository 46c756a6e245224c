using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RcMcp.Server.Hosting;
using RcMcp.Server.Pipeline;
using RcMcp.Server.Tools;
using Xunit.Abstractions;

namespace RcMcp.Server.Tests;

/// <summary>
/// The numbers README.md gives (operations, tools per toolset, the size of tools/list, defaults and exit codes) are
/// the real ones, computed here from the catalog, the spec and the options: a README that says otherwise fails, and
/// UPDATE_SNAPSHOTS=1 writes the real numbers into the same sentences.
/// </summary>
public class ReadmeFiguresTests(ITestOutputHelper output)
{
    /// <summary>One number of the README: a pattern whose group <c>n</c> holds it (digits, or a word up to twelve),
    /// and its real value.</summary>
    public sealed record Figure(string What, string Pattern, string Actual);

    private static readonly string[] Words =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    private static string ReadmePath => Path.Combine(Repo.Root, "README.md");

    /// <summary>A size as the README writes it: whole kilobytes from 10 KB, one decimal below.</summary>
    public static string Kb(int bytes) => bytes >= 10 * 1024
        ? Math.Round(bytes / 1024.0, MidpointRounding.AwayFromZero).ToString("0", System.Globalization.CultureInfo.InvariantCulture)
        : (bytes / 1024.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

    public static IReadOnlyList<Figure> Figures()
    {
        var catalog = new ToolCatalog();
        var apiTools = catalog.Specs.Where(s => !s.IsCatalog).ToList();
        var spec = JsonNode.Parse(File.ReadAllText(Repo.SpecPath))!.AsObject();
        var operations = spec["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(m => m.Value?["operationId"] is not null)).Count();
        var defaults = new ServerOptions();
        var listed = BudgetTests.Listing(defaults).For(null);
        var catalogOnly = BudgetTests.Listing(new ServerOptions { Toolsets = ["none"] }).For(null);
        var catalogTools = catalog.Specs.Count(s => s.IsCatalog);
        var figures = new List<Figure>
        {
            new("the spec's operations (intro)", @"the API's (?<n>\d+) operations", $"{operations}"),
            new("the spec's operations (spec test)", @"each of the spec's (?<n>\d+) operations", $"{operations}"),
            new("the spec's operations (sandbox)", @"status codes for all (?<n>\d+) operations", $"{operations}"),
            new("tools that reach the API", @"its (?<n>\d+) tools reach", $"{apiTools.Count}"),
            new("default list: everyday tools", @"\*\*Default list\*\*: (?<n>\d+) everyday tools", $"{listed.Count(t => catalog.Find(t.Name) is { IsCatalog: false })}"),
            new("default list: catalog tools", @"plus the (?<n>\w+) catalog tools", $"{listed.Count(t => catalog.Find(t.Name) is { IsCatalog: true })}"),
            new("default list: size in KB", @"catalog tools, (?<n>[\d.]+) KB", Kb(BudgetTests.Bytes(listed))),
            new("--toolsets none: size in KB", @"lists only them \((?<n>[\d.]+) KB\)", Kb(BudgetTests.Bytes(catalogOnly))),
            new("--toolsets none: catalog tools", @"`--toolsets none` lists only them", catalogOnly.Count == catalogTools ? "" : "not only the catalog tools"),
            new("client-side rate limit", @"`--api-rate-limit`, (?<n>\d+) by default", $"{defaults.ApiRateLimit}"),
            new("dry-run validity", @"with `dryRun: true` in the last (?<n>\d+) minutes", $"{defaults.DryRunValidity.TotalMinutes:0}"),
            new("wait_for_task's resumable answer", @"a resumable answer within (?<n>\d+) s", $"{defaults.WaitTimeoutSeconds}"),
            new("database lists cached", @"database lists, cached (?<n>\d+) s", $"{SubscriptionScope.CacheFor.TotalSeconds:0}"),
            new("largest gate store", @"oversized \(> (?<n>\d+) MB\)", $"{GateStore.MaxBytes / (1024 * 1024)}"),
            new("HTTP port", @"http://127\.0\.0\.1:(?<n>\d+)/mcp", $"{defaults.HttpPort}"),
            new("exit code: success", @"(?<n>\d+) success, ", $"{ExitCodes.Success}"),
            new("exit code: internal", @"(?<n>\d+) internal, ", $"{ExitCodes.Failure}"),
            new("exit code: bad command line", @"(?<n>\d+) bad command line", $"{ExitCodes.Usage}"),
            new("exit code: refused start", @"refuses to start \(exit (?<n>\d+)\)", $"{ExitCodes.Usage}"),
            new("exit code: invalid arguments", @"(?<n>\d+) invalid arguments", $"{ExitCodes.Validation}"),
            new("exit code: refused", @"(?<n>\d+) refused by a gate or policy", $"{ExitCodes.Refused}"),
            new("exit code: API error", @"(?<n>\d+) API error", $"{ExitCodes.ApiError}"),
            new("exit code: rate limited", @"(?<n>\d+) rate limited", $"{ExitCodes.RateLimited}"),
            new("exit code: task failed", @"(?<n>\d+) task failed", $"{ExitCodes.TaskFailed}"),
            new("exit code: no keys", @"(?<n>\d+) no keys", $"{ExitCodes.NotConfigured}"),
        };
        // The toolset table: one row per toolset, with its number of tools.
        foreach (var toolset in catalog.Toolsets)
            figures.Add(new($"tools in toolset {toolset}", $@"^\| `{Regex.Escape(toolset)}` \| (?<n>\d+) \|", $"{apiTools.Count(s => s.Toolset.Name == toolset)}"));
        return figures;
    }

    [Fact]
    public void The_readme_says_the_real_numbers()
    {
        var text = File.ReadAllText(ReadmePath);
        var problems = new List<string>();
        foreach (var figure in Figures())
        {
            // A sentence may wrap anywhere a space is.
            var regex = new Regex(figure.Pattern.Replace(" ", @"\s+", StringComparison.Ordinal), RegexOptions.Multiline);
            var matches = regex.Matches(text);
            if (matches.Count == 0)
            {
                problems.Add($"{figure.What}: the README has no sentence matching /{figure.Pattern}/ any more; say the number again, or change the pattern here");
                continue;
            }
            // A figure without a number (a fact, not a count): the real value is empty when the fact holds.
            if (!figure.Pattern.Contains("(?<n>", StringComparison.Ordinal))
            {
                if (figure.Actual.Length > 0) problems.Add($"{figure.What}: {figure.Actual}");
                continue;
            }
            foreach (Match m in matches)
            {
                var said = m.Groups["n"].Value;
                var real = Spelled(said, figure.Actual);
                output.WriteLine($"{figure.What}: README {said}, real {real}");
                if (said != real) problems.Add($"{figure.What}: the README says {said}, the real number is {real} (\"{m.Value.Trim()}\")");
            }
            if (Repo.UpdateSnapshots)
                text = regex.Replace(text, m => m.Value[..(m.Groups["n"].Index - m.Index)] + Spelled(m.Groups["n"].Value, figure.Actual)
                    + m.Value[(m.Groups["n"].Index - m.Index + m.Groups["n"].Length)..]);
        }

        // Every row of the toolset table is a toolset that exists.
        var known = new ToolCatalog().Toolsets;
        foreach (Match row in Regex.Matches(text, @"^\| `(?<name>[a-z-]+)` \| \d+ \|", RegexOptions.Multiline))
            if (!known.Contains(row.Groups["name"].Value))
                problems.Add($"the toolset table lists `{row.Groups["name"].Value}`, which is no toolset (they are: {string.Join(", ", known)})");

        if (Repo.UpdateSnapshots)
        {
            File.WriteAllText(ReadmePath, text);
            problems.RemoveAll(p => p.Contains("the real number is", StringComparison.Ordinal));
        }
        problems.ShouldBeEmpty("README.md is out of date: run the tests with UPDATE_SNAPSHOTS=1 to write the real numbers, then check the diff");
    }

    /// <summary>The real value in the README's style: a word where the README used one (up to twelve).</summary>
    private static string Spelled(string said, string actual) =>
        said.Length > 0 && said.All(char.IsLetter) && int.TryParse(actual, out var n) && n < Words.Length ? Words[n] : actual;

    [Fact]
    public void Sizes_are_written_as_the_readme_writes_them()
    {
        Kb(2457).ShouldBe("2.4");
        Kb(28 * 1024 + 600).ShouldBe("29");
        Kb(10 * 1024).ShouldBe("10");
    }
}
