using System.Diagnostics;
using System.Text.Json.Nodes;
using RcMcp.Cloud;
using RcMcp.Sandbox;
using RcMcp.Server.Pipeline;

namespace RcMcp.Server.Tests.Telemetry;

/// <summary>
/// Spans and metrics of tool calls, read from the SDK's in-memory exporters while the production server calls a
/// sandbox over HTTP: what each call records, that API attempts are its children, and that no argument value, API key
/// or secret the sandbox made appears anywhere in telemetry.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class CallTelemetryTests
{
    private static object? Tag(Activity span, string name) => span.GetTagItem(name);

    [Fact]
    public async Task A_read_has_a_span_with_its_tool_kind_decision_and_status_and_an_API_child_and_metrics()
    {
        await using var h = await TelemetryHarness.StartAsync();

        await h.OkAsync("list_subscriptions", []);

        var span = h.ToolSpans().ShouldHaveSingleItem();
        span.DisplayName.ShouldBe("tools/call list_subscriptions");
        span.Source.Name.ShouldBe(RcMcpTelemetry.Name);
        Tag(span, CallTelemetry.ToolAttribute).ShouldBe("list_subscriptions");
        Tag(span, CallTelemetry.KindAttribute).ShouldBe("read");
        Tag(span, CallTelemetry.DecisionAttribute).ShouldBe("executed");
        Tag(span, CallTelemetry.OutcomeAttribute).ShouldBe("ok");
        Tag(span, CallTelemetry.StatusCodesAttribute).ShouldBe(new[] { 200 });
        Tag(span, CallTelemetry.ErrorCodeAttribute).ShouldBeNull();
        Tag(span, CallTelemetry.ChannelAttribute).ShouldBeNull();
        span.Status.ShouldBe(ActivityStatusCode.Unset);

        var api = h.ApiSpans(span).ShouldHaveSingleItem();
        api.Kind.ShouldBe(ActivityKind.Client);
        api.DisplayName.ShouldBe("redis_cloud getAllSubscriptions");
        Tag(api, "http.request.method").ShouldBe("GET");
        Tag(api, "http.response.status_code").ShouldBe(200);
        Tag(api, "url.full").ShouldBe($"http://127.0.0.1:{h.Sandbox.BaseUrl.Port}/v1/subscriptions");
        Tag(api, "server.address").ShouldBe("127.0.0.1");
        Tag(api, "http.request.resend_count").ShouldBeNull();

        h.Count("rcmcp.tool.calls", (CallTelemetry.ToolAttribute, "list_subscriptions"), (CallTelemetry.OutcomeAttribute, "ok"), (CallTelemetry.KindAttribute, "read")).ShouldBe(1);
        h.Count("rcmcp.gate.decisions", (CallTelemetry.DecisionAttribute, "executed")).ShouldBe(1);
        h.HistogramCount("rcmcp.tool.call.duration", (CallTelemetry.ToolAttribute, "list_subscriptions")).ShouldBe(1);
        h.HistogramCount("rcmcp.api.request.duration", (RcMcpTelemetry.OperationAttribute, "getAllSubscriptions"), ("http.response.status_code", 200)).ShouldBe(1);
        // Every request waited for its permit (here: not at all) and the wait was measured.
        h.HistogramCount("rcmcp.api.rate_limit.wait").ShouldBe(1);
        h.Count("rcmcp.api.throttled").ShouldBe(0);
    }

    [Fact]
    public async Task A_429_then_success_shows_both_codes_a_retry_and_the_throttle_counter()
    {
        await using var h = await TelemetryHarness.StartAsync();
        h.Sandbox.AddFault(new FaultRule { Method = "GET", PathPattern = "^/subscriptions$", Statuses = new Queue<int>([429]), RetryAfterSeconds = 0 });

        await h.OkAsync("list_subscriptions", []);

        var span = h.ToolSpans().ShouldHaveSingleItem();
        Tag(span, CallTelemetry.StatusCodesAttribute).ShouldBe(new[] { 429, 200 });
        var attempts = h.ApiSpans(span);
        attempts.Count.ShouldBe(2);
        Tag(attempts[0], "http.response.status_code").ShouldBe(429);
        Tag(attempts[0], "error.type").ShouldBe("429");
        attempts[0].Status.ShouldBe(ActivityStatusCode.Error);
        Tag(attempts[1], "http.response.status_code").ShouldBe(200);
        Tag(attempts[1], "http.request.resend_count").ShouldBe(1);
        h.Count("rcmcp.api.throttled", (RcMcpTelemetry.OperationAttribute, "getAllSubscriptions")).ShouldBe(1);
        h.HistogramCount("rcmcp.api.rate_limit.wait").ShouldBe(2);
    }

    [Fact]
    public async Task A_failed_read_and_a_refused_change_carry_their_error_codes_and_decisions()
    {
        await using var h = await TelemetryHarness.StartAsync();
        var (sub, _) = await h.SeededAsync();

        var missing = await h.CallAsync("get_database", new JsonObject { ["subscriptionId"] = sub, ["databaseId"] = 987654 });
        missing.IsError.ShouldBe(true);
        var invalid = await h.CallAsync("get_database", new JsonObject { ["subscriptionId"] = "not-a-number", ["databaseId"] = 1 });
        invalid.IsError.ShouldBe(true);
        var undryRun = await h.CallAsync("create_database", new JsonObject { ["subscriptionId"] = sub, ["name"] = "never-dry-run" });
        undryRun.IsError.ShouldBe(true);

        var spans = h.ToolSpans().Where(s => (string?)Tag(s, CallTelemetry.ToolAttribute) is "get_database" or "create_database").ToList();
        spans.Count.ShouldBe(3);
        Tag(spans[0], CallTelemetry.ErrorCodeAttribute).ShouldBe("not_found");
        Tag(spans[0], CallTelemetry.OutcomeAttribute).ShouldBe("error");
        Tag(spans[0], CallTelemetry.StatusCodesAttribute).ShouldBe(new[] { 404 });
        spans[0].Status.ShouldBe(ActivityStatusCode.Error);
        spans[0].StatusDescription.ShouldBe("not_found");

        Tag(spans[1], CallTelemetry.ErrorCodeAttribute).ShouldBe("validation");
        Tag(spans[1], CallTelemetry.DecisionAttribute).ShouldBe("invalid-arguments");
        Tag(spans[1], CallTelemetry.StatusCodesAttribute).ShouldBeNull();
        h.ApiSpans(spans[1]).ShouldBeEmpty();

        Tag(spans[2], CallTelemetry.KindAttribute).ShouldBe("write");
        Tag(spans[2], CallTelemetry.DecisionAttribute).ShouldBe("refused-dry-run-required");
        Tag(spans[2], CallTelemetry.ErrorCodeAttribute).ShouldBe("dry_run_required");

        h.Count("rcmcp.tool.calls", (CallTelemetry.ToolAttribute, "get_database"), (CallTelemetry.OutcomeAttribute, "error")).ShouldBe(2);
        h.Count("rcmcp.gate.decisions", (CallTelemetry.DecisionAttribute, "refused-dry-run-required"), (CallTelemetry.KindAttribute, "write")).ShouldBe(1);
        h.Count("rcmcp.gate.decisions", (CallTelemetry.DecisionAttribute, "invalid-arguments")).ShouldBe(1);
    }

    [Fact]
    public async Task Changes_record_dry_run_task_and_approval_channel_and_no_argument_value_or_key_appears_anywhere()
    {
        await using var h = await TelemetryHarness.StartAsync(elicits: true);
        var (sub, db) = await h.SeededAsync();
        const string password = "Otel-Secret-Password-7351";
        const string name = "otel-private-db-name";
        const string tagKey = "otel-private-tag-key";
        const string tagValue = "otel-private-tag-value";

        var create = new JsonObject { ["subscriptionId"] = sub, ["name"] = name, ["datasetSizeInGb"] = 1, ["password"] = password };
        await h.OkAsync("create_database", With(create, "dryRun", true));
        var taskId = (await h.OkAsync("create_database", create)).GetProperty("taskId").GetString()!;
        await h.OkAsync("create_database_tag", new JsonObject { ["subscriptionId"] = sub, ["databaseId"] = db, ["key"] = tagKey, ["value"] = tagValue });
        await h.OkAsync("delete_database_tag", new JsonObject { ["subscriptionId"] = sub, ["databaseId"] = db, ["tagKey"] = tagKey });
        h.Elicitations.ShouldHaveSingleItem();

        var spans = h.ToolSpans();
        var dryRun = spans.First(s => (string?)Tag(s, CallTelemetry.DecisionAttribute) == "dry-run");
        Tag(dryRun, CallTelemetry.ToolAttribute).ShouldBe("create_database");
        var created = spans.Single(s => (string?)Tag(s, CallTelemetry.ToolAttribute) == "create_database" && (string?)Tag(s, CallTelemetry.DecisionAttribute) == "executed");
        Tag(created, CallTelemetry.TaskAttribute).ShouldBe(taskId);
        Tag(created, CallTelemetry.KindAttribute).ShouldBe("write");
        var deleted = spans.Single(s => (string?)Tag(s, CallTelemetry.ToolAttribute) == "delete_database_tag");
        Tag(deleted, CallTelemetry.KindAttribute).ShouldBe("destructive");
        Tag(deleted, CallTelemetry.DecisionAttribute).ShouldBe("confirmed-by-elicitation");
        Tag(deleted, CallTelemetry.ChannelAttribute).ShouldBe("form");
        Tag(deleted, CallTelemetry.OutcomeAttribute).ShouldBe("ok");
        // The tag key is in the request's path; the span shows the path's template.
        var delete = h.ApiSpans(deleted).Single(s => (string?)Tag(s, "http.request.method") == "DELETE");
        Tag(delete, "url.full").ShouldBe($"http://127.0.0.1:{h.Sandbox.BaseUrl.Port}/v1/subscriptions/{sub}/databases/{db}/tags/{{value}}");

        h.Count("rcmcp.gate.decisions", (CallTelemetry.DecisionAttribute, "confirmed-by-elicitation"), (CallTelemetry.KindAttribute, "destructive")).ShouldBe(1);
        h.Count("rcmcp.gate.decisions", (CallTelemetry.DecisionAttribute, "dry-run")).ShouldBe(1);

        var everything = h.Everything();
        everything.ShouldContain("tools/call delete_database_tag");
        foreach (var secret in new[] { password, name, tagKey, tagValue, h.ApiKey, h.SecretKey }.Concat(SandboxServer.KnownSecrets.Where(s => s.Length >= 6)))
            everything.ShouldNotContain(secret, Case.Sensitive, $"telemetry holds {secret[..3]}…");
    }

    [Fact]
    public async Task Call_operation_is_traced_as_the_tool_it_runs()
    {
        await using var h = await TelemetryHarness.StartAsync();

        await h.OkAsync("call_operation", new JsonObject { ["name"] = "list_subscriptions", ["arguments"] = new JsonObject() });

        var span = h.ToolSpans().ShouldHaveSingleItem();
        span.DisplayName.ShouldBe("tools/call list_subscriptions");
        Tag(span, CallTelemetry.ToolAttribute).ShouldBe("list_subscriptions");
        Tag(span, CallTelemetry.ViaAttribute).ShouldBe("call_operation");
        h.Count("rcmcp.tool.calls", (CallTelemetry.ToolAttribute, "list_subscriptions")).ShouldBe(1);
        h.Count("rcmcp.tool.calls", (CallTelemetry.ToolAttribute, "call_operation")).ShouldBe(0);
    }

    [Fact]
    public async Task A_token_confirmation_records_the_token_channel()
    {
        await using var h = await TelemetryHarness.StartAsync(o => o.AllowAgentConfirmation = true);
        var (sub, db) = await h.SeededAsync();
        await h.OkAsync("create_database_tag", new JsonObject { ["subscriptionId"] = sub, ["databaseId"] = db, ["key"] = "team", ["value"] = "cache" });
        var args = new JsonObject { ["subscriptionId"] = sub, ["databaseId"] = db, ["tagKey"] = "team" };

        var preview = await h.OkAsync("delete_database_tag", args);
        var token = preview.GetProperty("confirmationToken").GetString()!;
        await h.OkAsync("delete_database_tag", With(args, "confirmationToken", token));

        var spans = h.ToolSpans().Where(s => (string?)Tag(s, CallTelemetry.ToolAttribute) == "delete_database_tag").ToList();
        spans.Select(s => (string?)Tag(s, CallTelemetry.DecisionAttribute)).ShouldBe(["confirmation-requested", "confirmed-by-token"]);
        spans.ShouldAllBe(s => (string?)Tag(s, CallTelemetry.ChannelAttribute) == "token");
        h.Everything().ShouldNotContain(token);
    }

    private static JsonObject With(JsonObject args, string name, JsonNode? value)
    {
        var copy = args.DeepClone().AsObject();
        copy[name] = value;
        return copy;
    }
}
