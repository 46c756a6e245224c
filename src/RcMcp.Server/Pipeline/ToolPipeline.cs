using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RcMcp.Server.Hosting;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Pipeline;

/// <summary>
/// The one place where cross-cutting behaviour is wired. A call flows through the stages in this order:
/// telemetry (span and metrics) ▶ typed outcome ▶ catalog dispatch (read_operation / call_operation → the named tool) ▶ call scope (caller's credentials) ▶ audit ▶ result shaping
/// ▶ argument validation (which makes the arguments canonical) ▶ credentials ▶ policy (read-only, destructive,
/// excluded tools, the request's toolsets, every subscription the call names) ▶ the tool's own argument rules
/// ▶ safety gate ▶ tool.
/// Policy decides on canonical arguments only: it never reads what the client wrote.
/// (Audit and shaping wrap the rest so they see every outcome, including refusals.)
/// </summary>
public static class ToolPipeline
{
    public static IMcpServerBuilder WithToolPipeline(this IMcpServerBuilder builder) => builder.WithRequestFilters(filters =>
    {
        // tools/list answers for the request's policy, in the catalog's order, from lists built once per policy.
        filters.AddListToolsFilter(next => (context, ct) =>
        {
            var listing = context.Services!.GetRequiredService<ToolListing>();
            return ValueTask.FromResult(new ListToolsResult { Tools = listing.For(PolicyNarrowing.Current) });
        });

        // Outermost: the call's span and metrics (docs/telemetry.md), so they see every outcome, the catalog callers' own
        // refusals included; they read what the stages below recorded once the call is over.
        filters.AddCallToolFilter(CallTelemetry.Filter);

        // The call's typed outcome, computed once from what the stages below recorded (the CLI reads it).
        filters.AddCallToolFilter(CallOutcome.Filter);

        // Then: read_operation / call_operation becomes a call of the tool it names, so every stage below treats it as that tool.
        filters.AddCallToolFilter(next => (context, ct) =>
        {
            var listing = context.Services!.GetRequiredService<ToolListing>();
            return Tools.Catalog.CatalogDispatch.Filter(listing.Catalog, listing.Tools)(next)(context, ct);
        });

        // The call's scope: every API request of this call uses the caller's own keys when it brought some.
        filters.AddCallToolFilter(next => async (context, ct) =>
        {
            if (CallState.SpecOf(context) is not { } spec) return await next(context, ct).ConfigureAwait(false);
            using var _ = RcMcp.Cloud.ApiCredentialScope.Use(CallState.GetOrCreate(context, spec).Credentials);
            return await next(context, ct).ConfigureAwait(false);
        });
        filters.AddCallToolFilter(Stage<AuditLog>((audit, context, state, next, ct) => audit.RecordAsync(context, state, next, ct)));
        filters.AddCallToolFilter(Stage<ResultShaper>((shaper, context, state, next, ct) => shaper.ShapeAsync(context, state, next, ct)));
        filters.AddCallToolFilter(Stage<ValidationStage>((validation, context, state, next, ct) => validation.CheckAsync(context, state, next, ct)));
        filters.AddCallToolFilter(Stage<CredentialsStage>((credentials, context, state, next, ct) => credentials.CheckAsync(context, state, next, ct)));
        filters.AddCallToolFilter(Stage<ToolPolicy>((policy, context, state, next, ct) => policy.CheckAsync(context, state, next, ct)));
        filters.AddCallToolFilter(Stage<ValidationStage>((validation, context, state, next, ct) => validation.CheckRulesAsync(context, state, next, ct)));
        filters.AddCallToolFilter(Stage<SafetyGate>((gate, context, state, next, ct) => gate.CheckAsync(context, state, next, ct)));
    });

    public delegate ValueTask<CallToolResult> StageHandler<in TStage>(
        TStage stage,
        RequestContext<CallToolRequestParams> context,
        CallState state,
        McpRequestHandler<CallToolRequestParams, CallToolResult> next,
        CancellationToken cancellationToken);

    /// <summary>Wraps a stage so that it only runs for RcMcp tools and gets the call's shared state.</summary>
    private static McpRequestFilter<CallToolRequestParams, CallToolResult> Stage<TStage>(StageHandler<TStage> handler) where TStage : notnull =>
        next => (context, ct) =>
        {
            if (CallState.SpecOf(context) is not { } spec) return next(context, ct);
            var state = CallState.GetOrCreate(context, spec);
            return handler(context.Services!.GetRequiredService<TStage>(), context, state, next, ct);
        };
}
