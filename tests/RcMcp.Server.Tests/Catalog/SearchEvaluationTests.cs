using RcMcp.Server.Hosting;
using RcMcp.Server.Pipeline;
using RcMcp.Server.Tools;
using RcMcp.Server.Tools.Catalog;
using Xunit.Abstractions;

namespace RcMcp.Server.Tests.Catalog;

/// <summary>
/// Runs the evaluation set (search-eval.tsv: requests as people put them, each with every right tool) through
/// search_operations' ranking under the default policy, every tool eligible, and holds it to its bar: the right tool
/// first for at least 70 % of requests, among the first three for at least 90 %.
/// </summary>
public class SearchEvaluationTests(ITestOutputHelper output)
{
    private static readonly ToolCatalog Catalog = new();
    /// <summary>The set; SEARCH_EVAL_SET names another file of the same form, to try new requests before adding them.</summary>
    private static readonly string SetPath = Environment.GetEnvironmentVariable("SEARCH_EVAL_SET") is { Length: > 0 } other
        ? Path.GetFullPath(other)
        : Path.Combine(Repo.Root, "tests", "RcMcp.Server.Tests", "Catalog", "search-eval.tsv");

    private sealed record Entry(int Line, string Request, IReadOnlyList<string> Tools);

    private static List<Entry> Load() =>
        File.ReadAllLines(SetPath)
            .Select((text, i) => (Text: text, Line: i + 1))
            .Where(l => l.Text.Trim().Length > 0 && !l.Text.TrimStart().StartsWith('#'))
            .Select(l =>
            {
                var parts = l.Text.Split('\t');
                parts.Length.ShouldBe(2, $"search-eval.tsv line {l.Line}: request<TAB>tool1,tool2");
                return new Entry(l.Line, parts[0].Trim(), parts[1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            })
            .ToList();

    [Fact]
    public void The_set_is_large_and_names_only_real_tools()
    {
        var entries = Load();
        entries.Count.ShouldBeGreaterThanOrEqualTo(120);
        entries.Select(e => e.Request).Distinct(StringComparer.OrdinalIgnoreCase).Count().ShouldBe(entries.Count, "a request appears twice");
        var unknown = entries.SelectMany(e => e.Tools.Select(t => (e.Line, Tool: t)))
            .Where(x => Catalog.Find(x.Tool) is not { IsCatalog: false })
            .Select(x => $"line {x.Line}: {x.Tool}").ToList();
        unknown.ShouldBeEmpty();
        entries.ShouldAllBe(e => e.Tools.Count > 0);
    }

    /// <summary>With SEARCH_EVAL_DEBUG=1: the request's weighted words and the scores of what was found and wanted.</summary>
    private static string Explain(Entry entry, List<string> found)
    {
        var index = OperationSearch.For(Catalog);
        var terms = string.Join(" ", OperationSearch.Analyze(entry.Request).Select(t => $"{t.Key}:{t.Value:0.#}"));
        var scores = string.Join(", ", found.Concat(entry.Tools).Distinct().Select(t => $"{t} {index.Score(t, entry.Request):0.00}"));
        return $"\n    terms {terms}\n    scores {scores}";
    }

    [Fact]
    public void Search_finds_the_operation_people_mean()
    {
        var entries = Load();
        var policy = new ToolPolicy(new ServerOptions(), Catalog);
        var eligible = Catalog.Specs.Where(s => !s.IsCatalog).ToList();
        eligible.ShouldAllBe(s => policy.Forbidden(s, null) == null, "the default policy allows every operation");

        int top1 = 0, top3 = 0;
        var misses = new List<string>();
        var seconds = new List<string>();
        foreach (var entry in entries)
        {
            var found = CatalogQueries.Rank(Catalog, entry.Request, s => policy.Forbidden(s, null) is null, 3).Select(s => s.Name).ToList();
            if (found.Count > 0 && entry.Tools.Contains(found[0])) top1++;
            else if (found.Any(entry.Tools.Contains))
                seconds.Add($"line {entry.Line}: \"{entry.Request}\" wants {string.Join("|", entry.Tools)}; got {string.Join(", ", found)}" +
                            (Environment.GetEnvironmentVariable("SEARCH_EVAL_DEBUG") == "1" ? Explain(entry, found) : ""));
            if (found.Any(entry.Tools.Contains)) top3++;
            else misses.Add($"line {entry.Line}: \"{entry.Request}\" wants {string.Join("|", entry.Tools)}; got {(found.Count == 0 ? "nothing" : string.Join(", ", found))}" +
                            (Environment.GetEnvironmentVariable("SEARCH_EVAL_DEBUG") == "1" ? Explain(entry, found) : ""));
        }

        double p1 = 100.0 * top1 / entries.Count, p3 = 100.0 * top3 / entries.Count;
        output.WriteLine($"{entries.Count} requests: top-1 {top1} ({p1:F1} %), top-3 {top3} ({p3:F1} %)");
        output.WriteLine($"misses (not in the first three): {misses.Count}");
        foreach (var miss in misses) output.WriteLine(miss);
        output.WriteLine($"second or third: {seconds.Count}");
        foreach (var second in seconds) output.WriteLine(second);
        p3.ShouldBeGreaterThanOrEqualTo(90, $"top-3 {p3:F1} %");
        p1.ShouldBeGreaterThanOrEqualTo(70, $"top-1 {p1:F1} %");
    }
}
