using System.Text.Json.Nodes;
using RcMcp.Cloud;
using RcMcp.Cloud.Operations;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Tests;

/// <summary>
/// The generic binding (the operations file + canonical arguments: path and query by name, the rest as the body, dryRun
/// only where the API takes it) builds exactly the request each tool sends, for every tool but the few listed here
/// with the reason the spec cannot say.
/// </summary>
public class GenericBindingTests
{
    private static readonly ToolCatalog Catalog = new();

    /// <summary>Tools whose request the spec's facts cannot build, and why.</summary>
    public static readonly Dictionary<string, string> NotGeneric = new()
    {
        ["backup_database"] = "the API wants an empty JSON object when no field is given; the spec's body is optional",
        ["backup_essentials_database"] = "the API wants an empty JSON object when no field is given; the spec's body is optional",
        ["delete_database_tag"] = "the API answers an empty body; the spec declares a JSON object",
        ["get_cost_report"] = "the report is a file (CSV or JSON text), read as text",
        ["list_data_integration_workspaces"] = "the proxy's answers are any JSON value",
        ["get_data_integration"] = "a proxy: the spec's /** path takes the sub-path argument, and the answer is any JSON value",
        ["create_data_integration"] = "a proxy: the sub-path argument fills the spec's /** path and the body argument is sent as it is",
        ["replace_data_integration"] = "a proxy: the sub-path argument fills the spec's /** path and the body argument is sent as it is",
        ["patch_data_integration"] = "a proxy: the sub-path argument fills the spec's /** path and the body argument is sent as it is",
        ["delete_data_integration"] = "a proxy: the sub-path argument fills the spec's /** path",
    };

    public static TheoryData<string> ApiTools() => new(Catalog.Specs.Where(s => s.Request is not null).Select(s => s.Name));

    /// <summary>Every API tool names its operation. The few whose request the spec's facts cannot build keep a
    /// hand-written request for that operation (or, for the Data Integration proxy, its twin at the workspace's root),
    /// and declare its facts (dry run, task) exactly as the operations file states them.</summary>
    [Theory]
    [MemberData(nameof(ApiTools))]
    public void A_tool_names_its_operation_and_only_the_listed_few_build_their_own_request(string name)
    {
        var spec = Catalog.Find(name)!;
        spec.Operation.ShouldNotBeNull($"{name}: name its operation (Operation = \"...\")");
        foreach (var args in SpecConformanceTests.ArgumentSets(spec))
        {
            ApiRequest request;
            try { request = spec.Request!(args); }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or ArgumentException) { continue; }
            var op = ApiOperations.Get(request.Operation);
            if (!NotGeneric.ContainsKey(name)) request.Operation.ShouldBe(spec.Operation);
            else if (request.Operation != spec.Operation)
                (op.Tag, op.Method).ShouldBe((ApiOperations.Get(spec.Operation!).Tag, ApiOperations.Get(spec.Operation!).Method), $"{name}: {request.Operation} is not a twin of {spec.Operation}");
            spec.ApiDryRun.ShouldBe(op.AcceptsDryRun, $"{name}: dry run");
            (spec.ReturnsTask || spec.ReadsThroughTask).ShouldBe(op.ReturnsTask, $"{name}: task");
        }
    }

    [Theory]
    [MemberData(nameof(ApiTools))]
    public void The_generic_binding_builds_the_tools_request(string name)
    {
        var spec = Catalog.Find(name)!;
        var problems = new List<string>();
        foreach (var args in SpecConformanceTests.ArgumentSets(spec))
        {
            ApiRequest hand;
            try { hand = spec.Request!(args); }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or ArgumentException) { continue; }
            var generic = ApiOperations.Bind(hand.Operation, args.Json, spec.ApiDryRun ? ToolArgs.OwnArguments : ToolArgs.OwnArguments.Append("dryRun").ToHashSet());
            if (generic.Method != hand.Method) problems.Add($"method {generic.Method} vs {hand.Method}");
            if (generic.RelativeUri != hand.RelativeUri) problems.Add($"uri {generic.RelativeUri} vs {hand.RelativeUri}");
            if (!JsonNode.DeepEquals(generic.Body, hand.Body)) problems.Add($"body {generic.Body?.ToJsonString()} vs {hand.Body?.ToJsonString()}");
            if (generic.Expect != hand.Expect) problems.Add($"expect {generic.Expect} vs {hand.Expect}");
        }
        if (NotGeneric.ContainsKey(name)) problems.ShouldNotBeEmpty($"{name} is listed as not generic, but the generic binding builds its request: take it off the list");
        else problems.ShouldBeEmpty($"{name}: generic vs the tool's request");
    }

    public static TheoryData<string> ToolsWithTargets() => new(Catalog.Specs.Where(s => s.TargetState is not null).Select(s => s.Name));

    /// <summary>A target read bound from the tool's own arguments finds every path parameter it needs and is a GET.</summary>
    [Theory]
    [MemberData(nameof(ToolsWithTargets))]
    public void A_target_read_binds_from_the_tools_arguments(string name)
    {
        var spec = Catalog.Find(name)!;
        var bound = 0;
        foreach (var args in SpecConformanceTests.ArgumentSets(spec))
        {
            ApiRequest target;
            try { target = spec.TargetState!(args); }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException) { continue; }
            target.Method.ShouldBe(HttpMethod.Get, name);
            target.Path.ShouldNotContain("{");
            bound++;
        }
        bound.ShouldBeGreaterThan(0, $"{name}: the target read never binds");
    }

    [Fact]
    public void The_operations_file_knows_tasks_dry_runs_and_no_content()
    {
        ApiOperations.ById.Count.ShouldBe(169);
        ApiOperations.Get("deleteDatabaseById").ShouldSatisfyAllConditions(
            op => op.Method.ShouldBe(HttpMethod.Delete),
            op => op.Path.ShouldBe("/subscriptions/{subscriptionId}/databases/{databaseId}"),
            op => op.ReturnsTask.ShouldBeTrue(),
            op => op.HasBody.ShouldBeFalse());
        ApiOperations.Get("createSubscription").AcceptsDryRun.ShouldBeTrue();
        ApiOperations.Get("getSubscriptionById").AcceptsDryRun.ShouldBeFalse();
        ApiOperations.ById.Values.Count(o => o.MayAnswerNoContent).ShouldBe(10);
        // A value can never change the path.
        var bound = ApiOperations.Bind("getSubscriptionById", System.Text.Json.JsonSerializer.SerializeToElement(new { subscriptionId = "1/../2" }), new HashSet<string>());
        bound.Path.ShouldBe("/subscriptions/1%2F..%2F2");
        Should.Throw<ArgumentException>(() => ApiOperations.Bind("getSubscriptionById", System.Text.Json.JsonSerializer.SerializeToElement(new { }), new HashSet<string>()));
    }
}
