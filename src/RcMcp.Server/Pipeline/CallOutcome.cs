using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace RcMcp.Server.Pipeline;

/// <summary>
/// What became of one tool call, typed: the gate's decision, the error code of an error result, the task the call
/// started and whether the call saw it finish, whether it was only a dry run or a preview, whether it ended waiting
/// for a confirmation token or declined by the person, and the price a dry run estimated. Computed once by the
/// pipeline (<see cref="Filter"/>) from what the stages recorded on the <see cref="CallState"/>; the CLI reads it
/// instead of probing result keys. A client gets it in the result's <c>_meta</c> under <see cref="MetaKey"/> only when
/// its request's <c>_meta</c> asks for it with the same key set to true, so no other client's results grow.
/// </summary>
public sealed record CallOutcome(
    GateDecision? Decision,
    bool IsError,
    string? ErrorCode,
    string? TaskId,
    bool? Done,
    bool DryRun,
    bool ConfirmationRequired,
    bool Declined,
    string? EstimatedPrice)
{
    /// <summary>The request and result <c>_meta</c> key.</summary>
    public const string MetaKey = "io.github.rcmcp/outcome";

    private const string ItemKey = "rcmcp.outcome";

    /// <summary>The outcome of a call whose result is <paramref name="result"/>.</summary>
    public static CallOutcome Of(CallState? state, CallToolResult result)
    {
        var decision = state?.Decision;
        return new CallOutcome(
            decision,
            result.IsError == true,
            ErrorCodeOf(result),
            state?.TaskId,
            state?.TaskDone,
            decision is GateDecision.DryRun or GateDecision.Preview,
            decision == GateDecision.ConfirmationRequested,
            decision is { } d && GateDecisions.Declined(d),
            state?.EstimatedPrice);
    }

    /// <summary>The outcome the pipeline computed for this request, once it has answered.</summary>
    public static CallOutcome? Get(RequestContext<CallToolRequestParams> context) =>
        context.Items.TryGetValue(ItemKey, out var v) ? v as CallOutcome : null;

    /// <summary>The pipeline stage that computes the outcome (just inside telemetry, so it sees every answer) and
    /// hands it to a client that asked for it.</summary>
    public static McpRequestFilter<CallToolRequestParams, CallToolResult> Filter => next => async (context, ct) =>
    {
        if (CallState.SpecOf(context) is null) return await next(context, ct).ConfigureAwait(false);
        var result = await next(context, ct).ConfigureAwait(false);
        var outcome = Of(CallState.Get(context), result);
        context.Items[ItemKey] = outcome;
        if (context.Params?.Meta?[MetaKey] is JsonValue asked && asked.GetValueKind() == JsonValueKind.True)
        {
            result.Meta ??= [];
            result.Meta[MetaKey] = outcome.ToJson();
        }
        return result;
    };

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["decision"] = Decision is { } d ? GateDecisions.Text(d) : null,
            ["isError"] = IsError,
            ["errorCode"] = ErrorCode,
            ["taskId"] = TaskId,
            ["done"] = Done,
            ["dryRun"] = DryRun,
            ["confirmationRequired"] = ConfirmationRequired,
            ["declined"] = Declined,
            ["estimatedPrice"] = EstimatedPrice,
        };
        // What is unknown, and the flags that are false, are left out (FromMeta reads them back as such), so the
        // outcome stays a few bytes; done keeps false (the call waited and the task had not finished).
        foreach (var key in json.Where(p => p.Value is null || p.Key != "done" && p.Value.GetValueKind() == JsonValueKind.False).Select(p => p.Key).ToList())
            json.Remove(key);
        return json;
    }

    /// <summary>The outcome a result carries in its <c>_meta</c>, or null when it carries none.</summary>
    public static CallOutcome? FromMeta(JsonObject? meta)
    {
        if (meta?[MetaKey] is not JsonObject o) return null;
        var text = (string?)o["decision"];
        GateDecision? decision = text is null ? null : Enum.GetValues<GateDecision>().First(m => GateDecisions.Text(m) == text);
        return new CallOutcome(decision, (bool?)o["isError"] ?? false, (string?)o["errorCode"], (string?)o["taskId"], (bool?)o["done"],
            (bool?)o["dryRun"] ?? false, (bool?)o["confirmationRequired"] ?? false, (bool?)o["declined"] ?? false, (string?)o["estimatedPrice"]);
    }

    /// <summary>structuredContent.error.code of an error result (one of <see cref="Tools.ErrorCodes"/>), or the
    /// declined-confirmation code of a declined call.</summary>
    public static string? ErrorCodeOf(CallToolResult? result)
    {
        if (result?.StructuredContent is not { ValueKind: JsonValueKind.Object } content) return null;
        if (content.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object &&
            error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String)
            return AsCode(code.GetString());
        if (content.TryGetProperty("confirmed", out var confirmed) && confirmed.ValueKind == JsonValueKind.False &&
            content.TryGetProperty("code", out var declined) && declined.ValueKind == JsonValueKind.String)
            return AsCode(declined.GetString());
        return null;
    }

    /// <summary>Codes are snake_case words; anything else is not recorded as one.</summary>
    private static string? AsCode(string? code) =>
        code is { Length: > 0 and <= 40 } && code.All(c => c is (>= 'a' and <= 'z') or '_') ? code : null;
}
