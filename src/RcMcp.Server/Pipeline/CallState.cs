using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Pipeline;

/// <summary>What the pipeline stages learn about one tool call; kept in the request's Items for the audit.</summary>
public sealed class CallState(ToolSpec spec, ToolArgs args)
{
    private const string Key = "rcmcp.call";

    public ToolSpec Spec => spec;
    public ToolArgs Args => args;
    /// <summary>What the gate decided (executed, dry-run, preview, confirmation-requested, declined, ...).</summary>
    public string Decision { get; set; } = "executed";
    public string? TaskId { get; set; }
    /// <summary>Set by the tool when an API dry run finished successfully.</summary>
    public JsonDryRun? DryRunResult { get; set; }

    public static CallState? Get(RequestContext<CallToolRequestParams> context) =>
        context.Items.TryGetValue(Key, out var v) ? v as CallState : null;

    public static CallState GetOrCreate(RequestContext<CallToolRequestParams> context, ToolSpec spec)
    {
        if (Get(context) is { } existing) return existing;
        var state = new CallState(spec, ToolArgs.From(context.Params?.Arguments));
        context.Items[Key] = state;
        return state;
    }

    /// <summary>The tool this request targets, if it is one of ours.</summary>
    public static ToolSpec? SpecOf(RequestContext<CallToolRequestParams> context) =>
        (context.MatchedPrimitive as RcTool)?.Spec;
}

/// <summary>A successful API dry run: what it returned (pricing) for the confirmation message.</summary>
public sealed record JsonDryRun(System.Text.Json.Nodes.JsonNode? Response);
