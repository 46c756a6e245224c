using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RcMcp.Cloud;
using RcMcp.Server.Hosting;

namespace RcMcp.Server.Pipeline;

/// <summary>
/// The outermost stage of the pipeline: a span per tool call ("tools/call {tool}") and the call metrics, from what the
/// other stages recorded on the call's <see cref="CallState"/> (docs/telemetry.md). Only facts the server decided are
/// recorded (the tool, its kind, the gate's decision, the approval channel, the API's status codes, the task id, the
/// error code, the outcome): never an argument value, a result, an error message (messages may quote arguments) nor
/// who approved. When nobody listens it does nothing but pass the call on.
/// </summary>
public static class CallTelemetry
{
    public const string ToolAttribute = "rcmcp.tool.name";
    public const string KindAttribute = "rcmcp.tool.kind";
    public const string DecisionAttribute = "rcmcp.gate.decision";
    public const string ChannelAttribute = "rcmcp.approval.channel";
    public const string StatusCodesAttribute = "rcmcp.api.status_codes";
    public const string TaskAttribute = "rcmcp.task.id";
    public const string ErrorCodeAttribute = "rcmcp.error.code";
    public const string OutcomeAttribute = "rcmcp.outcome";
    public const string ViaAttribute = "rcmcp.tool.via";
    public const string SandboxAttribute = "rcmcp.sandbox";

    private static readonly Counter<long> Calls = RcMcpTelemetry.Meter.CreateCounter<long>("rcmcp.tool.calls", "{call}",
        "Tool calls, by tool, kind and outcome.");

    private static readonly Counter<long> Decisions = RcMcpTelemetry.Meter.CreateCounter<long>("rcmcp.gate.decisions", "{decision}",
        "The safety gate's decisions (executed, dry-run, preview, refused-..., approved-...), by decision and tool kind.");

    private static readonly Histogram<double> Duration = RcMcpTelemetry.Meter.CreateHistogram("rcmcp.tool.call.duration", "s",
        "Time of a tool call, from the pipeline's first stage to its result (waits for a person or a task included).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RcMcpTelemetry.DurationBuckets });

    public static McpRequestFilter<CallToolRequestParams, CallToolResult> Filter => next => (context, ct) =>
    {
        if (CallState.SpecOf(context) is not { } called) return next(context, ct);
        var activity = RcMcpTelemetry.Source.StartActivity("tools/call " + called.Name, ActivityKind.Internal);
        if (activity is null && !Calls.Enabled && !Decisions.Enabled && !Duration.Enabled) return next(context, ct);
        return TraceAsync(context, next, called.Name, activity, ct);
    };

    private static async ValueTask<CallToolResult> TraceAsync(RequestContext<CallToolRequestParams> context,
        McpRequestHandler<CallToolRequestParams, CallToolResult> next, string called, Activity? activity, CancellationToken ct)
    {
        using var _ = activity;
        var responses = activity is { IsAllDataRequested: true } ? new ApiResponseLog() : null;
        using var scope = responses is null ? null : ApiResponseLog.Begin(responses);
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        string? errorType = null;
        CallToolResult? result = null;
        try
        {
            result = await next(context, ct).ConfigureAwait(false);
            outcome = result.IsError == true ? "error" : "ok";
            return result;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        catch (InputRequiredException)
        {
            // Sessionless confirmation: the client asks the person and retries the call with the answer.
            outcome = "input_required";
            throw;
        }
        catch (Exception e)
        {
            errorType = e.GetType().Name;
            throw;
        }
        finally
        {
            Record(context, called, activity, responses, outcome, result, errorType, Stopwatch.GetElapsedTime(started));
        }
    }

    private static void Record(RequestContext<CallToolRequestParams> context, string called, Activity? activity, ApiResponseLog? responses,
        string outcome, CallToolResult? result, string? errorType, TimeSpan elapsed)
    {
        // The stages after this one may have turned read_operation / call_operation into the tool it names.
        var spec = CallState.SpecOf(context);
        var state = CallState.Get(context);
        var tool = spec?.Name ?? called;
        var kind = (spec?.Kind ?? Tools.ToolKind.Read).ToString().ToLowerInvariant();
        var decision = state is null ? null : GateDecisions.TelemetryText(state);
        var errorCode = CallOutcome.Get(context)?.ErrorCode;

        if (Calls.Enabled)
            Calls.Add(1, new TagList { { ToolAttribute, tool }, { KindAttribute, kind }, { OutcomeAttribute, outcome } });
        if (decision is not null && Decisions.Enabled)
            Decisions.Add(1, new TagList { { DecisionAttribute, decision }, { KindAttribute, kind } });
        if (Duration.Enabled)
            Duration.Record(elapsed.TotalSeconds, new TagList { { ToolAttribute, tool }, { OutcomeAttribute, outcome } });

        if (activity is not { IsAllDataRequested: true }) return;
        if (tool != called)
        {
            activity.DisplayName = "tools/call " + tool;
            activity.SetTag(ViaAttribute, called);
        }
        activity.SetTag(ToolAttribute, tool);
        activity.SetTag(KindAttribute, kind);
        activity.SetTag(OutcomeAttribute, outcome);
        if (decision is not null) activity.SetTag(DecisionAttribute, decision);
        if (state?.Channel is { } channel) activity.SetTag(ChannelAttribute, channel.ToString().ToLowerInvariant());
        if (state?.TaskId is { } task) activity.SetTag(TaskAttribute, task);
        if (responses?.StatusCodes is { Length: > 0 } codes) activity.SetTag(StatusCodesAttribute, codes);
        if (errorCode is not null) activity.SetTag(ErrorCodeAttribute, errorCode);
        if (context.Services?.GetService<ServerOptions>() is { Sandbox: true }) activity.SetTag(SandboxAttribute, true);
        if (outcome is "ok" or "input_required") return;
        activity.SetTag("error.type", errorCode ?? errorType ?? outcome);
        activity.SetStatus(ActivityStatusCode.Error, errorCode ?? outcome);
    }
}
