using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RcMcp.Server.Hosting;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Pipeline;

/// <summary>Which tools exist for this server: toolsets, and read-only mode (which wins over everything).</summary>
public sealed class ToolPolicy(ServerOptions options, ToolCatalog catalog)
{
    private readonly HashSet<string>? _toolsets = options.Toolsets is { Count: > 0 } t && !t.Contains("all", StringComparer.OrdinalIgnoreCase) ? new(t, StringComparer.OrdinalIgnoreCase) : null;

    public bool IsListed(string toolName) => catalog.Find(toolName) is not { } spec || Refusal(spec) is null;

    /// <summary>Why the tool may not run here, or null.</summary>
    public string? Refusal(ToolSpec spec)
    {
        if (_toolsets is not null && !_toolsets.Contains(spec.Toolset))
            return $"The tool {spec.Name} belongs to the toolset \"{spec.Toolset}\", which this server does not enable (enabled: {string.Join(", ", _toolsets)}). Nothing was sent. Use another tool, or ask the operator to add \"{spec.Toolset}\" to --toolsets.";
        if (options.ReadOnly && spec.IsMutating)
            return $"The tool {spec.Name} changes your Redis Cloud account, and this server runs in read-only mode (--read-only). Nothing was sent. Only read tools are available; ask the operator to restart without --read-only if a change is intended.";
        return null;
    }

    public ValueTask<CallToolResult> CheckAsync(RequestContext<CallToolRequestParams> context, CallState state,
        McpRequestHandler<CallToolRequestParams, CallToolResult> next, CancellationToken ct)
    {
        if (Refusal(state.Spec) is not { } reason) return next(context, ct);
        var readOnly = options.ReadOnly && state.Spec.IsMutating;
        state.Decision = readOnly ? "refused-read-only" : "refused-toolset";
        return ValueTask.FromResult(ToolResults.Error(readOnly ? ErrorCodes.ReadOnly : ErrorCodes.NotAllowedByPolicy, reason));
    }
}

/// <summary>Rejects invalid arguments before anything is sent, naming every bad field and its fix.</summary>
public sealed class ValidationStage
{
    public ValueTask<CallToolResult> CheckAsync(RequestContext<CallToolRequestParams> context, CallState state,
        McpRequestHandler<CallToolRequestParams, CallToolResult> next, CancellationToken ct)
    {
        var errors = Schema.ArgumentValidator.Validate(state.Spec.InputSchema, state.Args.Json);
        if (errors.Count == 0 && Schema.ArgumentValidator.NormalizeIntegers(state.Spec.InputSchema, state.Args.Json) is { } normalized)
            state.Args = new ToolArgs(normalized);
        if (errors.Count == 0 && state.Spec.ExtraValidation is { } extra) errors.AddRange(extra(state.Args));
        if (errors.Count == 0) return next(context, ct);

        state.Decision = "invalid-arguments";
        var lines = string.Join("\n", errors.Select(e => "- " + e));
        return ValueTask.FromResult(ToolResults.Error(ErrorCodes.Validation,
            $"Invalid arguments for {state.Spec.Name}; nothing was sent to Redis Cloud.\n{lines}\nCorrect these fields and call {state.Spec.Name} again.", field: errors[0].Field, next: errors[0].Fix));
    }
}

/// <summary>Without API keys every tool explains how to configure them (the server still starts, so IDEs list it).</summary>
public sealed class CredentialsStage(ServerOptions options)
{
    public const string Message =
        "Redis Cloud API credentials are not configured, so nothing was sent. Set REDIS_CLOUD_API_KEY (account key) and " +
        "REDIS_CLOUD_API_SECRET_KEY (user secret key) in the MCP server's environment (REDIS_API_KEY / REDIS_API_SECRET also work), " +
        "or start the server with --sandbox to try every tool against the built-in simulator.";

    public const string PerSessionMessage =
        "This server runs with per-session credentials (--credentials per-session), and this request carried none, so nothing was sent. " +
        "Configure your MCP client to send your Redis Cloud keys in the X-Redis-Cloud-Api-Key and X-Redis-Cloud-Api-Secret-Key HTTP headers.";

    public ValueTask<CallToolResult> CheckAsync(RequestContext<CallToolRequestParams> context, CallState state,
        McpRequestHandler<CallToolRequestParams, CallToolResult> next, CancellationToken ct)
    {
        var configured = options.PerSessionCredentials ? state.Credentials is not null : options.HasCredentials;
        if (configured) return next(context, ct);
        state.Decision = "refused-not-configured";
        return ValueTask.FromResult(ToolResults.Error(ErrorCodes.NotConfigured, options.PerSessionCredentials ? PerSessionMessage : Message));
    }
}
