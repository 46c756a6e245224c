using System.Text.Json;
using RcMcp.Server.Pipeline;
using RcMcp.Server.Schema;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Tests;

/// <summary>
/// Which arguments of every tool name a subscription or a database (for --allow-subscriptions), and how they are found
/// in canonical arguments. The committed references baseline (tests/RcMcp.Server.Tests/references-baseline.txt) is
/// every tool's declarations: a change to one is a deliberate edit of that file (UPDATE_SNAPSHOTS=1 rewrites it).
/// </summary>
public class ReferenceTests
{
    private static readonly ToolCatalog Catalog = new();
    private static string BaselinePath => Path.Combine(Repo.Root, "tests", "RcMcp.Server.Tests", "references-baseline.txt");

    [Fact]
    public void Every_id_like_property_of_every_tool_is_declared_a_reference_or_not_one()
    {
        var undeclared = Catalog.Specs.SelectMany(s => References.Undeclared(s).Select(p => $"{s.Name}: {p}")).ToList();
        undeclared.ShouldBeEmpty("declare these in References (the table by name) or in the tool's own References: " + string.Join(", ", undeclared));
    }

    [Fact]
    public void A_new_id_like_property_without_a_declaration_is_caught()
    {
        // The guard itself must be able to fail: a made-up tool with an unknown id property.
        var spec = new ToolSpec
        {
            Name = "probe", Title = "Probe", Description = "Probe.", Toolset = Toolset.Account, Kind = ToolKind.Read, Idempotent = true,
            InputSchema = JsonSchema.Object().Prop("widgetId", JsonSchema.Int(null, 1)).Prop("nested", JsonSchema.Object().Prop("gadgetIds", JsonSchema.Array(null, JsonSchema.Int(null, 1)))).Build(),
        };
        References.Undeclared(spec).ShouldBe(["widgetId", "nested.gadgetIds"]);
        var declared = new ToolSpec
        {
            Name = "probe", Title = "Probe", Description = "Probe.", Toolset = Toolset.Account, Kind = ToolKind.Read, Idempotent = true,
            InputSchema = spec.InputSchema,
            References = [new("widgetId", ReferenceKind.None, "a widget"), new("nested.gadgetIds", ReferenceKind.Database)],
        };
        References.Undeclared(declared).ShouldBeEmpty();
    }

    [Fact]
    public void The_declarations_match_the_committed_baseline()
    {
        var lines = Catalog.Specs.SelectMany(s => References.Of(s).Select(r => $"{s.Name} {r}")).ToList();
        var text = "# tool path kind (see ReferenceTests; none: not a subscription or database, and why)\n" + string.Join("\n", lines) + "\n";
        if (Repo.UpdateSnapshots) File.WriteAllText(BaselinePath, text);
        File.Exists(BaselinePath).ShouldBeTrue("run the tests with UPDATE_SNAPSHOTS=1 to write references-baseline.txt");
        File.ReadAllText(BaselinePath).ShouldBe(text);
    }

    [Fact]
    public void Every_tool_that_names_a_subscription_declares_it()
    {
        // Spot checks of the meaning, beyond the catalog-wide guard.
        Kinds("get_database").ShouldBe(["subscriptionId subscription", "databaseId database"]);
        Kinds("create_acl_role").ShouldContain("redisRules.databases.subscriptionId subscription");
        Kinds("create_acl_role").ShouldContain("redisRules.databases.databaseId database");
        Kinds("create_endpoint_redirection").ShouldBe(["sourceDatabaseId database", "targetDatabaseId database"]);
        Kinds("revert_endpoint_redirection").ShouldBe(["redirectionId redirection"]);
        Kinds("list_system_logs").ShouldBe(["resourceId subscriptionordatabase"]);
        Kinds("create_cost_report").ShouldContain("subscriptionIds subscription");
        Kinds("create_cost_report").ShouldContain("databaseIds database");
    }

    private static List<string> Kinds(string tool) =>
        References.Of(Catalog.Find(tool)!).Where(r => r.Kind != ReferenceKind.None).Select(r => r.ToString()).ToList();

    private static List<FoundReference> Find(string tool, string json) =>
        References.Find(Catalog.Find(tool)!, JsonDocument.Parse(json).RootElement);

    [Fact]
    public void Nested_references_are_found_with_their_place()
    {
        var found = Find("create_acl_role", """
            {"name":"r","redisRules":[{"ruleName":"a","databases":[{"subscriptionId":100001,"databaseId":5},{"subscriptionId":100002,"databaseId":6}]}]}
            """);
        found.Where(f => f.Kind == ReferenceKind.Subscription).Select(f => (f.Field, f.Value)).ShouldBe(
            [("redisRules[0].databases[0].subscriptionId", 100001L), ("redisRules[0].databases[1].subscriptionId", 100002L)]);
        // A database beside its subscription is checked through that subscription.
        found.Where(f => f.Kind == ReferenceKind.Database).ShouldAllBe(f => f.ScopedBySubscription);
    }

    [Fact]
    public void A_database_named_alone_must_be_resolved()
    {
        var found = Find("create_endpoint_redirection", """{"sourceDatabaseId":5,"targetDatabaseId":7,"endpointTargetType":"public","migrationProtection":true}""");
        found.Select(f => (f.Field, f.Kind, f.Value, f.ScopedBySubscription)).ShouldBe(
            [("sourceDatabaseId", ReferenceKind.Database, 5L, false), ("targetDatabaseId", ReferenceKind.Database, 7L, false)]);
        Find("create_cost_report", """{"startDate":"2025-01-01","endDate":"2025-01-02","databaseIds":[3,4]}""")
            .Select(f => f.Field).ShouldBe(["databaseIds[0]", "databaseIds[1]"]);
    }

    [Theory]
    [InlineData("""{"subscriptionId":100001,"body":{"source":{"subscriptionId":100002}}}""", "body.source.subscriptionId", 100002L)]
    [InlineData("""{"subscriptionId":100001,"body":{"targets":[{"database_id":"5000009"}]}}""", "body.targets[0].database_id", 5000009L)]
    [InlineData("""{"subscriptionId":100001,"body":{"sub-id":"x100002"}}""", "body.sub-id", long.MinValue)]
    public void Free_form_bodies_are_scanned_for_ids_however_they_are_spelt(string json, string field, long value)
    {
        var found = Find("create_data_integration", json);
        found.ShouldContain(f => f.Field == field && f.Value == value, string.Join(", ", found));
    }

    [Theory]
    [InlineData("100002.0")]
    [InlineData("1.00002e5")]
    [InlineData("100002E0")]
    [InlineData("1000020e-1")]
    public void Other_spellings_of_a_number_are_the_same_id_once_canonical(string spelling)
    {
        var spec = Catalog.Find("get_subscription")!;
        var raw = JsonDocument.Parse($$"""{"subscriptionId":{{spelling}}}""").RootElement;
        ArgumentValidator.Validate(spec.InputSchema, raw).ShouldBeEmpty();
        var canonical = ArgumentValidator.NormalizeIntegers(spec.InputSchema, raw) ?? raw;
        canonical.GetProperty("subscriptionId").GetRawText().ShouldBe("100002");
        References.Find(spec, canonical).ShouldHaveSingleItem().Value.ShouldBe(100002L);
        // Even uncanonical, the finder reads the number's value, never a prefix of its text.
        References.Find(spec, raw).ShouldHaveSingleItem().Value.ShouldBe(100002L);
    }
}
