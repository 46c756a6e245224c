using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RcMcp.Cloud;
using RcMcp.Cloud.Models;
using RcMcp.Server.Pipeline;

namespace RcMcp.Server.Tools;

/// <summary>
/// Adapts a <see cref="ToolSpec"/> to the SDK. The generic execution is: build the spec's one API request, send it,
/// and shape the answer (data for reads; the task and the next step for changes, or the finished task when
/// waitForCompletion is set). Cross-cutting concerns are not here: they are the request filters in Pipeline/.
/// </summary>
public sealed class RcTool(ToolSpec spec) : McpServerTool
{
    public ToolSpec Spec => spec;

    public override Tool ProtocolTool { get; } = new()
    {
        Name = spec.Name,
        Title = spec.Title,
        Description = spec.Description,
        InputSchema = JsonSerializer.SerializeToElement(spec.InputSchema, ServerJson.Context.JsonObject),
        // Every hint is set on purpose (the protocol's defaults, destructive and open-world, are wrong for ours); the
        // title is the tool's own, not repeated here.
        Annotations = new ToolAnnotations
        {
            ReadOnlyHint = spec.Kind == ToolKind.Read,
            DestructiveHint = spec.Kind == ToolKind.Destructive,
            IdempotentHint = spec.Idempotent,
            OpenWorldHint = false,
        },
    };

    public override IReadOnlyList<object> Metadata { get; } = [];

    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        var services = request.Services ?? throw new InvalidOperationException("No service provider for the tool call.");
        var state = CallState.GetOrCreate(request, spec);
        var invocation = new ToolInvocation(spec, state.Args, services.GetRequiredService<IRedisCloudClient>(), request, services.GetRequiredService<TaskWaiter>())
        {
            CancellationToken = cancellationToken,
        };

        if (spec.Handler is not null) return await spec.Handler(invocation).ConfigureAwait(false);
        if (spec.Request is null) throw new InvalidOperationException($"Tool {spec.Name} declares neither Request nor Handler.");

        if (spec.ReadsThroughTask) return await ReadThroughTaskAsync(invocation, state, cancellationToken).ConfigureAwait(false);

        if (!spec.ReturnsTask)
        {
            var response = await invocation.Client.SendAsync(spec.Request(state.Args), cancellationToken).ConfigureAwait(false);
            if (spec.IsMutating && RedisCloudClient.IsNoContent(response))
                return Noted(ToolResults.TaskStarted(spec.Name, new TaskStateUpdate { AcceptedWithoutTask = true }, spec.FollowWith), state.Args);
            var shaped = spec.ShapeResponse?.Invoke(response, state.Args) ?? ToolResults.ToNode(response) ?? new JsonObject();
            return Noted(ToolResults.Json(shaped), state.Args);
        }

        // An answer without a taskId is an invalid response (the client says so), never "call wait_for_task with taskId ''".
        if (spec.ApiDryRun && state.Args.DryRun)
        {
            var dry = await invocation.Tasks.RunAsync(spec.Request(state.Args), invocation.Tasks.DryRunWait(request.Server, request.Params?.ProgressToken),
                state, cancellationToken).ConfigureAwait(false);
            return FinishDryRun(invocation, state, dry);
        }
        var run = await invocation.Tasks.RunAsync(spec.Request(state.Args), state.Args.WaitForCompletion ? invocation.DefaultWait : TaskWait.HandBack,
            state, cancellationToken).ConfigureAwait(false);
        return Noted(run.ToResult(spec.Name, spec.FollowWith), state.Args);
    }

    /// <summary>A change's result with the spec's <see cref="ToolSpec.ResultNote"/> added to its next step.</summary>
    private CallToolResult Noted(CallToolResult result, ToolArgs args)
    {
        if (!spec.IsMutating || result.IsError == true || spec.ResultNote?.Invoke(args) is not { } note) return result;
        if (result.StructuredContent is not { } structured || JsonNode.Parse(structured.GetRawText()) is not JsonObject payload) return result;
        payload["next"] = ((string?)payload["next"] is { Length: > 0 } next ? next + " " : "") + note;
        return ToolResults.Json(payload);
    }

    /// <summary>
    /// A read whose API answers with a task: wait for it (the wait_for_task limits, with progress) and return the data
    /// the task carries; when it takes longer, a resumable answer with the task id (wait_for_task returns the data).
    /// </summary>
    private async Task<CallToolResult> ReadThroughTaskAsync(ToolInvocation invocation, CallState state, CancellationToken ct)
    {
        var run = await invocation.Tasks.RunAsync(spec.Request!(state.Args), invocation.DefaultWait, state, ct).ConfigureAwait(false);
        if (!run.Done || run.Failed) return TaskWaiter.ToResult(run.Outcome);

        JsonNode data = run.Resource is { } r
            ? spec.ShapeResponse?.Invoke(r, state.Args) ?? ToolResults.ToNode(r) ?? new JsonObject()
            : new JsonObject();
        if (data is not JsonObject obj) obj = new JsonObject { ["items"] = data };
        return ToolResults.Json(obj);
    }

    private CallToolResult FinishDryRun(ToolInvocation invocation, CallState state, TaskRun run)
    {
        if (!run.Done || run.Failed) return TaskWaiter.ToResult(run.Outcome);

        var result = ToolResults.ToNode(run.Resource);
        state.DryRunResult = new JsonDryRun(result);
        var confirm = spec.NeedsConfirmation(state.Args) ? " The person will be asked to confirm (or you get a confirmation token)." : "";
        var payload = new JsonObject { ["dryRun"] = true, ["valid"] = true };
        // The price is shown where this change alters it; a rename or a new password is dry-run without one.
        var priced = spec.ChangesPrice(state.Args);
        if ((priced ? result : Pricing.Without(result)) is { } shown) payload["result"] = shown;
        if (priced && Pricing.Summarize(result) is { } price) payload["estimatedPrice"] = state.EstimatedPrice = price;
        payload["next"] = $"Nothing changed. To apply, call {spec.Name} with the same arguments without dryRun within " +
                          $"{invocation.Service<Hosting.ServerOptions>().DryRunValidity.TotalMinutes:0} minutes.{confirm}";
        return ToolResults.Json(payload);
    }
}
