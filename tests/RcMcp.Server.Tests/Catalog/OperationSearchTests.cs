using RcMcp.Server.Tools;
using RcMcp.Server.Tools.Catalog;

namespace RcMcp.Server.Tests.Catalog;

/// <summary>The ranking behind search_operations, in process: what it finds, what it leaves out, and bad input.</summary>
public class OperationSearchTests
{
    private static readonly ToolCatalog Catalog = new();
    private static readonly List<ToolSpec> Operations = Catalog.Specs.Where(s => !s.IsCatalog).ToList();

    private static List<string> Rank(string query, int limit = 3, Func<ToolSpec, bool>? eligible = null) =>
        CatalogQueries.Rank(Catalog, query, eligible ?? (_ => true), limit).Select(s => s.Name).ToList();

    /// <summary>The examples of issue 18 that the keyword ranking got wrong: each now finds a right tool first.</summary>
    [Theory]
    [InlineData("how much did we spend last month", "create_cost_report,get_cost_report")]
    [InlineData("spend", "create_cost_report,get_cost_report")]
    [InlineData("invoice", "create_cost_report,get_cost_report")]
    [InlineData("read-only user for a database", "create_acl_user,create_acl_role,create_acl_redis_rule")]
    [InlineData("wipe all keys", "flush_active_active_database")]
    [InlineData("drop the test database", "delete_database,delete_essentials_database")]
    [InlineData("firewall rules for the whole subscription", "get_subscription_cidr_allowlist,update_subscription_cidr_allowlist")]
    [InlineData("available cloud regions", "list_regions")]
    public void The_issues_examples_find_the_operation_first(string query, string right)
    {
        var found = Rank(query);
        found.ShouldNotBeEmpty(query);
        right.Split(',').ShouldContain(found[0], $"\"{query}\" found {string.Join(", ", found)}");
    }

    [Fact]
    public void Every_operation_is_first_for_its_own_name_in_words()
    {
        var wrong = Operations
            .Select(s => (s.Name, Found: Rank(s.Name.Replace('_', ' '), 1)))
            .Where(x => x.Found.FirstOrDefault() != x.Name)
            .Select(x => $"{x.Name}: {string.Join(", ", x.Found)}").ToList();
        wrong.ShouldBeEmpty();
    }

    [Fact]
    public void Every_operation_is_among_the_first_three_for_its_title()
    {
        var wrong = Operations
            .Select(s => (s.Name, s.Title, Found: Rank(s.Title)))
            .Where(x => !x.Found.Contains(x.Name))
            .Select(x => $"{x.Name} (\"{x.Title}\"): {string.Join(", ", x.Found)}").ToList();
        wrong.ShouldBeEmpty();
    }

    [Fact]
    public void Only_eligible_operations_are_found_and_never_more_than_the_limit()
    {
        Rank("delete database", 50, s => s.Kind == ToolKind.Read).ShouldAllBe(n => Catalog.Find(n)!.Kind == ToolKind.Read);
        Rank("delete database", 50, s => s.Toolset == Toolset.Essentials).ShouldAllBe(n => Catalog.Find(n)!.Toolset == Toolset.Essentials);
        Rank("delete database", 50, s => s.Name != "delete_database").ShouldNotContain("delete_database");
        Rank("database", 5).Count.ShouldBe(5);
        Rank("database", 1).Count.ShouldBe(1);
        Rank("delete database", 50, _ => false).ShouldBeEmpty();
        Rank("how much did we spend", 50).ShouldNotContain(n => Catalog.Find(n)!.IsCatalog);
    }

    [Fact]
    public void The_ranking_is_deterministic_and_built_once_per_catalog()
    {
        OperationSearch.For(Catalog).ShouldBeSameAs(OperationSearch.For(Catalog));
        foreach (var query in new[] { "database", "create", "peering", "drop the test database", "tags" })
            Rank(query, 50).ShouldBe(Rank(query, 50), query);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("the of and to")]
    [InlineData("???!!!")]
    [InlineData("'\"'\"")]
    [InlineData("=")]
    [InlineData("a=b=c")]
    [InlineData("called")]
    [InlineData("named \"")]
    [InlineData("データベース")]
    [InlineData("🔥🔥🔥")]
    [InlineData("12345 67890")]
    [InlineData("+++ --- ***")]
    [InlineData("drop table users; --")]
    public void Odd_requests_never_fail(string query)
    {
        var found = Rank(query, 10);
        found.Count.ShouldBeLessThanOrEqualTo(10);
        found.ShouldAllBe(n => Catalog.Find(n) != null);
    }

    [Fact]
    public void A_request_without_any_searchable_word_lists_operations_in_catalog_order_and_an_unknown_word_finds_nothing()
    {
        Rank("the of and to", 3).ShouldBe(Operations.Take(3).Select(s => s.Name));
        Rank("zzqxv", 10).ShouldBeEmpty();
        Rank(new string('x', 200), 10).ShouldBeEmpty();
        Rank(string.Join(' ', Enumerable.Repeat("database", 100)), 3).ShouldNotBeEmpty();
    }

    [Fact]
    public void Lexicon_triggers_of_different_entries_never_merge_by_stemming()
    {
        // "tagging" stems to "tag" and "peer a" to "peer": a trigger that becomes another entry's trigger would
        // silently add that entry's meaning (tag -> create). The same trigger written twice is deliberate.
        // Forms of a word that stem alike (backup, backups) must be listed in the same entries; otherwise one form
        // carries a meaning the other does not ("tagging" adding "create" to "tag").
        var merged = SearchLexicon.Entries
            .SelectMany((e, i) => e.Triggers.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(t => (Key: OperationSearch.TriggerKey(t), Text: t.ToLowerInvariant(), Entry: i)))
            .Where(x => x.Key.Length > 0)
            .GroupBy(x => x.Key)
            .Where(g => g.GroupBy(x => x.Entry).Select(e => string.Join("|", e.Select(x => x.Text).Distinct().Order())).Distinct().Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(" / ", g.Select(x => $"\"{x.Text}\" (entry {x.Entry})").Distinct())}")
            .ToList();
        merged.ShouldBeEmpty();
    }

    [Fact]
    public void Words_are_split_stemmed_and_weighed()
    {
        SearchText.Terms("PrivateLink sourceIp list_essentials_databases").ShouldBe(["privat", "link", "sourc", "ip", "list", "essential", "databas"]);
        SearchText.Stem("peerings").ShouldBe(SearchText.Stem("peering"));
        SearchText.Stem("created").ShouldBe(SearchText.Stem("create"));
        SearchText.Stem("logged").ShouldBe(SearchText.Stem("log"));
        SearchText.Stem("settings").ShouldNotBe(SearchText.Stem("set"));
        SearchText.Tokens("5GB europe-west1 10.0.0.0/16").ShouldBe(["gb", "europe", "west"]);

        var terms = OperationSearch.Analyze("drop the test database");
        terms[SearchText.Stem("delete")].ShouldBeGreaterThan(0.5);
        terms[SearchText.Stem("drop")].ShouldBeLessThan(0.5);          // a known word counts little as itself
        terms[SearchText.Stem("database")].ShouldBe(1.0);
        terms.ShouldNotContainKey("the");
        OperationSearch.Analyze("allow 10.0.0.0/16").ShouldContainKey("cidr");
        OperationSearch.Analyze("label it team=payments").ShouldNotContainKey(SearchText.Stem("payments"));
    }
}
