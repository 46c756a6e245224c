using System.Security.Cryptography;
using System.Text;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RcMcp.Cloud;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Pipeline;

/// <summary>What the pipeline stages learn about one tool call; kept in the request's Items for the audit.</summary>
public sealed class CallState(ToolSpec spec, ToolArgs args, ApiCredentials? credentials)
{
    private const string Key = "rcmcp.call";

    /// <summary>Where a transport puts the credentials a client sent for this request (per-session credentials).</summary>
    public const string CredentialsItem = "rcmcp.credentials";

    /// <summary>Set by a transport when the request has no session, so the handler cannot wait for a client's answer.</summary>
    public const string SessionlessItem = "rcmcp.sessionless";

    /// <summary>True when this request runs without a session (stateless HTTP, or the 2026-07-28 revision).</summary>
    public bool Sessionless { get; init; }

    public ToolSpec Spec => spec;
    /// <summary>The arguments; validation may replace them with their normalised form (integers as integers).</summary>
    public ToolArgs Args { get; set; } = args;

    /// <summary>The caller's own API keys (per-session credentials), or null for the server's keys.</summary>
    public ApiCredentials? Credentials => credentials;

    /// <summary>Whose call this is: tokens and dry runs of one caller (one pair of keys, on one API) are never valid
    /// for another, in this process or in the next one that shares the gate's file.</summary>
    public string Principal { get; init; } = Fingerprint(credentials, null);

    /// <summary>A short, one-way fingerprint of a pair of keys and the API they talk to.</summary>
    public static string Fingerprint(ApiCredentials? credentials, Hosting.ServerOptions? server)
    {
        var (key, secret) = credentials is not null ? (credentials.ApiKey, credentials.SecretKey) : (server?.ApiKey ?? "", server?.ApiSecretKey ?? "");
        var text = key + "\n" + secret + "\n" + (server?.ApiUrl ?? "");
        return "key:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
    /// <summary>What the pipeline decided (<see cref="GateDecisions"/> gives its audit and telemetry texts).</summary>
    public GateDecision Decision { get; set; } = GateDecision.Executed;
    /// <summary>Who approved or denied the call on the approval page, when a named person did (audit only, never telemetry).</summary>
    public string? DecidedBy { get; set; }
    /// <summary>Set when the person typed a secret on the approval page in place of the model's value.</summary>
    public bool SecretTypedOnPage { get; set; }
    /// <summary>The task this call started (a change's), for the audit and telemetry.</summary>
    public string? TaskId { get; set; }
    /// <summary>Whether the task the call followed finished (true) or was still running when the wait ended (false);
    /// null when the call handed the task id back without waiting, or followed no task.</summary>
    public bool? TaskDone { get; set; }
    /// <summary>The one task a get_task or wait_for_task call shows (policy checks that it may be shown).</summary>
    public RcMcp.Cloud.Models.TaskStateUpdate? ShownTask { get; set; }
    /// <summary>The estimated price a dry run showed, when it showed one.</summary>
    public string? EstimatedPrice { get; set; }
    /// <summary>How the person was asked for approval, when they were (none: there was no way to ask). For telemetry.</summary>
    public Approvals.ApprovalChannel? Channel { get; set; }
    /// <summary>The target's state as the safety gate read it (once per call).</summary>
    public System.Text.Json.JsonElement? Target { get; set; }
    /// <summary>The spec's prediction against the target (its preflight, which may read the API), made once per call.</summary>
    public Task<Tools.ToolRefusal?>? Prediction { get; set; }
    /// <summary>Set by the safety gate when the person confirmed revealSecrets: the result keeps secret fields.</summary>
    public bool SecretsRevealed { get; set; }
    /// <summary>Set by the tool when an API dry run finished successfully.</summary>
    public JsonDryRun? DryRunResult { get; set; }

    public static CallState? Get(RequestContext<CallToolRequestParams> context) =>
        context.Items.TryGetValue(Key, out var v) ? v as CallState : null;

    public static CallState GetOrCreate(RequestContext<CallToolRequestParams> context, ToolSpec spec)
    {
        if (Get(context) is { } existing) return existing;
        var credentials = context.Items.TryGetValue(CredentialsItem, out var c) ? c as ApiCredentials : null;
        var server = context.Services?.GetService(typeof(Hosting.ServerOptions)) as Hosting.ServerOptions;
        var state = new CallState(spec, ToolArgs.From(context.Params?.Arguments), credentials)
        {
            Sessionless = context.Items.TryGetValue(SessionlessItem, out var sessionless) && sessionless is true,
            Principal = Fingerprint(credentials, server),
        };
        context.Items[Key] = state;
        return state;
    }

    /// <summary>The tool this request targets, if it is one of ours.</summary>
    public static ToolSpec? SpecOf(RequestContext<CallToolRequestParams> context) =>
        (context.MatchedPrimitive as RcTool)?.Spec;
}

/// <summary>A successful API dry run: what it returned (pricing) for the confirmation message.</summary>
public sealed record JsonDryRun(System.Text.Json.Nodes.JsonNode? Response);
