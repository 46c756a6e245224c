using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Server.Pipeline;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Tests;

/// <summary>Before → after lines of a preview, from the target's current state.</summary>
public class ChangeDiffTests
{
    private static readonly ToolCatalog Catalog = new();

    private static List<string> Lines(string tool, string args, string target) =>
        ChangeDiff.ToJson(ChangeDiff.Of(Catalog.Find(tool)!, new ToolArgs(JsonDocument.Parse(args).RootElement), JsonDocument.Parse(target).RootElement))
            .OfType<JsonObject>().Select(Approval.ChangeLine).ToList();

    private const string Database = """
        {"databaseId":5,"name":"cache","datasetSizeInGb":1,"replication":true,
         "security":{"sourceIps":["0.0.0.0/0","10.1.0.0/16"],"enableTls":false,"password":"old-pass-123"},
         "alerts":[{"name":"dataset-size","value":80}],"throughputMeasurement":{"by":"operations-per-second","value":25000}}
        """;

    [Fact]
    public void A_list_replacement_shows_old_and_new_with_added_and_removed_entries()
    {
        var lines = Lines("update_database", """{"subscriptionId":1,"databaseId":5,"sourceIp":["10.1.0.0/16","192.168.0.0/24"]}""", Database);
        lines.ShouldBe(["sourceIp: [0.0.0.0/0, 10.1.0.0/16] → [10.1.0.0/16, 192.168.0.0/24] (adds 192.168.0.0/24) (removes 0.0.0.0/0)"]);
    }

    [Fact]
    public void Scalars_show_old_and_new_and_unchanged_fields_are_left_out()
    {
        var lines = Lines("update_database", """{"subscriptionId":1,"databaseId":5,"name":"cache","datasetSizeInGb":2.0,"replication":false,"enableTls":true}""", Database);
        lines.ShouldBe(["datasetSizeInGb: 1 → 2.0", "replication: true → false", "enableTls: false → true"]);
    }

    [Fact]
    public void A_password_is_changed_never_shown()
    {
        var lines = Lines("update_database", """{"subscriptionId":1,"databaseId":5,"password":"new-secret-value"}""", Database);
        lines.ShouldHaveSingleItem().ShouldBe("password: (set) → changed (the new value is not shown)");
        string.Join("\n", lines).ShouldNotContain("new-secret-value");
        string.Join("\n", lines).ShouldNotContain("old-pass-123");
    }

    [Fact]
    public void Objects_in_lists_are_matched_by_name_and_nested_objects_by_field()
    {
        var lines = Lines("update_database", """
            {"subscriptionId":1,"databaseId":5,"alerts":[{"name":"dataset-size","value":90},{"name":"latency","value":5}],
             "throughputMeasurement":{"by":"operations-per-second","value":50000}}
            """, Database);
        lines.ShouldBe([
            "alerts: [dataset-size (value=80)] → [dataset-size (value=90), latency (value=5)] (adds dataset-size (value=90), latency (value=5)) (removes dataset-size (value=80))",
            "throughputMeasurement.value: 25000 → 50000",
        ]);
    }

    [Fact]
    public void A_field_the_target_does_not_show_says_so()
    {
        Lines("update_database", """{"subscriptionId":1,"databaseId":5,"dataEvictionPolicy":"noeviction"}""", Database)
            .ShouldBe(["dataEvictionPolicy: (not shown by the API) → noeviction"]);
    }

    [Fact]
    public void Ids_and_our_own_arguments_are_not_changes()
    {
        Lines("update_database", """{"subscriptionId":1,"databaseId":5,"dryRun":true,"confirmationToken":"x","waitForCompletion":true}""", Database).ShouldBeEmpty();
    }
}
