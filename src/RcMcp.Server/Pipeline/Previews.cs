using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using RcMcp.Cloud;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Pipeline;

/// <summary>
/// What a person and the model are shown before a change: the exact request (body redacted), which target it is
/// (read once per call; its id, name and status, not its whole state), before → after for every field an update
/// changes, and the impact (what is lost, bought or cut off).
/// When the target cannot be read or the spec predicts the call would certainly fail, the call stops here: nobody is
/// asked, nothing is reserved or sent.
/// </summary>
public sealed class Previews(IRedisCloudClient client, Redactor redactor, TaskWaiter waiter)
{
    private readonly TaskFlow _tasks = new(client, waiter);

    /// <summary>
    /// The exact request plus the target's identity and the changes. When the target cannot be read (404,
    /// unreachable) or the preview shows the call would certainly fail, the call ends here: nobody is asked, no token
    /// is issued, nothing is sent.
    /// </summary>
    public async Task<(JsonObject Preview, CallToolResult? Stop)> BuildAsync(CallState state, CancellationToken ct)
    {
        var spec = state.Spec;
        var args = state.Args;
        var request = spec.Request!(args);
        var exact = new JsonObject
        {
            ["method"] = request.Method.Method,
            ["url"] = client.BaseUrl.ToString().TrimEnd('/') + request.RelativeUri,
        };
        if (request.Body is { } body) exact["body"] = redactor.Redact(body.DeepClone());
        var preview = new JsonObject { ["tool"] = spec.Name, ["request"] = exact };

        var (target, unreadable) = await ReadTargetAsync(state, ct).ConfigureAwait(false);
        if (unreadable is not null) return (preview, unreadable);
        if (target is { } t)
        {
            if (TargetSummary.Of(t) is { Count: > 0 } identity) preview["target"] = redactor.Redact(identity);
            if (await PredictAsync(state, t, ct).ConfigureAwait(false) is { } refusal)
            {
                state.Decision = GateDecision.RefusedWillFail;
                return (preview, ToolResults.Error(refusal.Code, refusal.Message, refusal.Field, refusal.Next));
            }
        }

        // The impact names what the call touches (an import source, a backup location): it is redacted here, once for
        // every tool, because the confirmation prompt built from it goes to the client without passing the result shaper.
        // An update (PUT, PATCH) shows before → after per field; a create's request body is its "after", a delete's impact says what is lost.
        if (request.Method == HttpMethod.Put || request.Method == HttpMethod.Patch)
            if (ChangeDiff.Of(spec, args, target) is { Count: > 0 } changes)
                preview["changes"] = redactor.Redact(ChangeDiff.ToJson(changes));
        preview["impact"] = redactor.Redact(spec.DescribeImpact?.Invoke(args, target) ??
            (spec.CanRevealSecrets && args.Flag(StandardArguments.RevealSecretsName) && !spec.IsMutating
                ? $"Show the secrets (passwords) in the answer of {spec.Name} to the assistant and this conversation. Everything else stays redacted."
                : spec.Title));
        return (preview, null);
    }

    /// <summary>The target's current state (once per call), or the refusal when it cannot be read.</summary>
    public async Task<(JsonElement? Target, CallToolResult? Unreadable)> ReadTargetAsync(CallState state, CancellationToken ct)
    {
        var spec = state.Spec;
        if (spec.TargetState is not { } stateRequest) return (null, null);
        if (state.Target is { } cached) return (cached, null);
        try
        {
            var request = stateRequest(state.Args);
            if (request.Expect == ResponseShape.Task) return await ReadTargetThroughTaskAsync(state, request, ct).ConfigureAwait(false);
            var current = await client.SendAsync(request, ct).ConfigureAwait(false);
            state.Target = current;
            return (current, null);
        }
        catch (RedisCloudApiException e)
        {
            state.Decision = GateDecision.RefusedTargetUnreadable;
            var why = e.StatusCode == 404 ? "the target does not exist" : "its current state could not be read";
            return (null, ToolResults.Error(ErrorCodes.For(e),
                $"{spec.Name} stopped before asking or sending anything: {why} ({redactor.Redact(e.ApiMessage ?? e.Message)}). {ErrorHints.For(e, spec, state.Args)}",
                next: ErrorHints.For(e, spec, state.Args)));
        }
    }

    /// <summary>
    /// A target whose GET answers with a task (e.g. the VPC peerings of a subscription): waits for the task (the
    /// wait_for_task limits) and uses its response.resource; a task that fails or does not finish stops the call.
    /// </summary>
    private async Task<(JsonElement? Target, CallToolResult? Unreadable)> ReadTargetThroughTaskAsync(CallState state, ApiRequest request, CancellationToken ct)
    {
        var run = await _tasks.RunAsync(request, _tasks.DefaultWait(), record: null, ct).ConfigureAwait(false);
        var task = run.Task;
        if (task.IsCompleted)
        {
            var current = task.Response?.Resource ?? JsonSerializer.SerializeToElement(new JsonObject(), ServerJson.Context.JsonObject);
            state.Target = current;
            return (current, null);
        }
        state.Decision = GateDecision.RefusedTargetUnreadable;
        var why = run.Failed
            ? $"the task reading it failed: {task.Response?.ErrorCode ?? "error"}{(task.Response?.ErrorDescription is { Length: > 0 } d ? $" ({redactor.Redact(d).TrimEnd('.')})" : "")}"
            : $"the task reading it did not finish within {_tasks.DefaultTimeout.TotalSeconds:0} s (still {task.Status})";
        return (null, ToolResults.Error(run.Failed ? ErrorCodes.TaskFailed : ErrorCodes.Timeout,
            $"{state.Spec.Name} stopped before asking or sending anything: the current state of its target could not be read, because {why}. Nothing was sent.",
            next: run.Failed ? "Read the error, fix the cause (e.g. the subscription or the id), and call again." : $"Call {state.Spec.Name} again in a moment."));
    }

    /// <summary>The spec's prediction for a call that needs no preview (no confirmation): refusal, or null.</summary>
    public async Task<CallToolResult?> PreflightAsync(CallState state, CancellationToken ct)
    {
        var (target, unreadable) = await ReadTargetAsync(state, ct).ConfigureAwait(false);
        if (unreadable is not null) return unreadable;
        if (target is not { } t || await PredictAsync(state, t, ct).ConfigureAwait(false) is not { } refusal) return null;
        state.Decision = GateDecision.RefusedWillFail;
        return ToolResults.Error(refusal.Code, refusal.Message, refusal.Field, refusal.Next);
    }

    /// <summary>
    /// The spec's preflight against the target, run once per call: a call that passes it before asking is not
    /// predicted again (with the same API reads) while its prompt is built.
    /// </summary>
    private Task<ToolRefusal?> PredictAsync(CallState state, JsonElement target, CancellationToken ct) =>
        state.Spec.Preflight is not { } preflight ? Task.FromResult<ToolRefusal?>(null)
            : state.Prediction ??= preflight(state.Args, target, client, ct);
}
