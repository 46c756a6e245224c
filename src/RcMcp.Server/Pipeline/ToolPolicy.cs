using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RcMcp.Server.Hosting;
using RcMcp.Server.Tools;
using RcMcp.Server.Tools.Catalog;

namespace RcMcp.Server.Pipeline;

/// <summary>
/// A request's own narrowing of the server's policy (HTTP headers X-RcMcp-Read-Only, X-RcMcp-Toolsets,
/// X-RcMcp-Exclude-Tools): it can only take away, never add.
/// </summary>
public sealed record PolicyNarrowing(bool ReadOnly, IReadOnlyList<string>? Toolsets, IReadOnlyList<string> ExcludeTools)
{
    private static readonly AsyncLocal<PolicyNarrowing?> CurrentValue = new();

    /// <summary>The narrowing of the request being handled (set by the HTTP guard), or null.</summary>
    public static PolicyNarrowing? Current => CurrentValue.Value;

    public static IDisposable Use(PolicyNarrowing? narrowing)
    {
        var previous = CurrentValue.Value;
        CurrentValue.Value = narrowing;
        return new Restore(previous);
    }

    public string Key => $"{ReadOnly}|{string.Join(",", Toolsets ?? ["*"])}|{string.Join(",", ExcludeTools)}";

    private sealed class Restore(PolicyNarrowing? previous) : IDisposable
    {
        public void Dispose() => CurrentValue.Value = previous;
    }
}

/// <summary>
/// Which tools are listed, and which calls may run. Listing (toolsets, --tools, --no-catalog) decides what a client
/// holds; policy (read-only, --deny-destructive, --exclude-tools, --allow-subscriptions, and a request's narrowing)
/// decides what may run, for a direct call and through call_operation alike. Read-only wins over everything. The
/// tools/list answer is computed once per policy and kept.
/// </summary>
public sealed class ToolPolicy
{
    public const string DefaultToolset = "default";
    public static readonly string[] SpecialToolsets = [DefaultToolset, "all", "none"];

    private readonly ServerOptions _options;
    private readonly ToolCatalog _catalog;
    private readonly HashSet<string> _listedByServer;
    private readonly HashSet<string> _excluded;
    private readonly HashSet<int>? _subscriptions;
    private readonly ConcurrentDictionary<string, IReadOnlyList<ToolSpec>> _lists = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HashSet<string>> _narrowed = new(StringComparer.Ordinal);

    public ToolPolicy(ServerOptions options, ToolCatalog catalog)
    {
        _options = options;
        _catalog = catalog;
        _excluded = new HashSet<string>(options.ExcludeTools, StringComparer.Ordinal);
        _subscriptions = options.AllowSubscriptions.Count > 0 ? [.. options.AllowSubscriptions] : null;
        _listedByServer = Members(options.Toolsets is { Count: > 0 } t ? t : [DefaultToolset]);
        _listedByServer.UnionWith(options.Tools);
    }

    /// <summary>The problems with the names given on the command line (unknown toolsets or tools), or none.</summary>
    public static List<string> Check(ServerOptions options, ToolCatalog catalog)
    {
        var problems = new List<string>();
        var toolsets = catalog.Toolsets.Concat(SpecialToolsets).ToHashSet(StringComparer.Ordinal);
        foreach (var name in options.Toolsets ?? [])
            if (!toolsets.Contains(name))
                problems.Add($"unknown toolset \"{name}\"; valid toolsets: {string.Join(", ", SpecialToolsets.Concat(catalog.Toolsets))}");
        foreach (var name in options.Tools.Concat(options.ExcludeTools))
            if (catalog.Find(name) is null)
                problems.Add($"unknown tool \"{name}\"; valid tools: {string.Join(", ", catalog.Specs.Select(s => s.Name))}");
        foreach (var id in options.AllowSubscriptions)
            if (id <= 0) problems.Add("--allow-subscriptions takes subscription ids (whole numbers above 0), comma-separated");
        return problems;
    }

    /// <summary>The tools of some toolsets (area names, default, all, none), without the catalog tools.</summary>
    private HashSet<string> Members(IEnumerable<string> toolsets)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var toolset in toolsets)
        {
            IEnumerable<ToolSpec> members = toolset switch
            {
                "all" => _catalog.Specs,
                "none" => [],
                DefaultToolset => _catalog.Specs.Where(s => s.Default),
                _ => _catalog.Specs.Where(s => s.Toolset.Name == toolset),
            };
            names.UnionWith(members.Where(s => !s.IsCatalog).Select(s => s.Name));
        }
        return names;
    }

    /// <summary>The tools/list answer for a policy, in the catalog's fixed order (computed once per policy).</summary>
    public IReadOnlyList<ToolSpec> Listed(PolicyNarrowing? narrowing) => _lists.GetOrAdd(narrowing?.Key ?? "", _ =>
    {
        return _catalog.Specs.Where(spec =>
        {
            // In read-only mode call_operation could run nothing: read_operation is the catalog's way to every read.
            if (spec.IsCatalog) return !_options.NoCatalog && !(spec.Name == CatalogTools.Call && (_options.ReadOnly || narrowing?.ReadOnly == true));
            if (!_listedByServer.Contains(spec.Name)) return false;
            return Forbidden(spec, narrowing) is null;
        }).ToList();
    });

    public bool IsListed(string name, PolicyNarrowing? narrowing) => Listed(narrowing).Any(s => s.Name == name);

    /// <summary>Why policy forbids this tool whatever its arguments (read-only, destructive, excluded, outside the
    /// request's toolsets), or null.</summary>
    public ToolRefusal? Forbidden(ToolSpec spec, PolicyNarrowing? narrowing)
    {
        if (spec.IsCatalog) return null;
        var readOnly = _options.ReadOnly || narrowing?.ReadOnly == true;
        if (readOnly && spec.IsMutating)
            return new(ErrorCodes.ReadOnly,
                $"The tool {spec.Name} changes your Redis Cloud account, and this server runs in read-only mode{(_options.ReadOnly ? " (--read-only)" : " for this request (X-RcMcp-Read-Only)")}. Nothing was sent. Only read tools are available; ask the operator if a change is intended.");
        if (_options.DenyDestructive && spec.Kind == ToolKind.Destructive)
            return new(ErrorCodes.NotAllowedByPolicy,
                $"The tool {spec.Name} deletes data, access or connectivity, and this server refuses destructive calls (--deny-destructive). Nothing was sent. Make the change in the Redis Cloud console, or ask the operator.");
        if (_excluded.Contains(spec.Name) || narrowing?.ExcludeTools.Contains(spec.Name) == true)
            return new(ErrorCodes.NotAllowedByPolicy,
                $"The tool {spec.Name} is excluded on this server{(_excluded.Contains(spec.Name) ? " (--exclude-tools)" : " for this request (X-RcMcp-Exclude-Tools)")}. Nothing was sent.");
        if (narrowing?.Toolsets is { } toolsets && !_narrowed.GetOrAdd(string.Join(",", toolsets), _ => Members(toolsets)).Contains(spec.Name))
            return new(ErrorCodes.NotAllowedByPolicy,
                $"The tool {spec.Name} (toolset {spec.Toolset}) is outside the toolsets this request allows ({string.Join(", ", toolsets)}; X-RcMcp-Toolsets). Nothing was sent.");
        if (_subscriptions is not null && spec.CreatesSubscription)
            return new(ErrorCodes.NotAllowedByPolicy,
                $"{spec.Name} would create a subscription outside the allowed ones ({string.Join(", ", _subscriptions.Order())}; --allow-subscriptions). Nothing was sent.");
        return null;
    }

    /// <summary>Why policy refuses this call with these (validated, canonical) arguments before any read, or null.</summary>
    public ToolRefusal? Refusal(ToolSpec spec, ToolArgs args, PolicyNarrowing? narrowing)
    {
        if (Forbidden(spec, narrowing) is { } forbidden) return forbidden;
        if (args.Flag(StandardArguments.RevealSecretsName) && (_options.ReadOnly || narrowing?.ReadOnly == true) && !_options.AllowSecretReveal)
            return new(ErrorCodes.ReadOnly,
                $"revealSecrets is refused in read-only mode unless the server runs with --allow-secret-reveal. Nothing was sent. Call {spec.Name} without revealSecrets (secrets stay redacted).",
                Field: StandardArguments.RevealSecretsName);
        return null;
    }

    /// <summary>Under --allow-subscriptions: the ids that may be seen, else null.</summary>
    public IReadOnlySet<int>? AllowedSubscriptions => _subscriptions;

    /// <summary>
    /// The policy stage. It runs after validation, so it sees only canonical arguments (100002.0 is 100002 by then,
    /// and "100002" never gets here). Under --allow-subscriptions every subscription and database the call names, at
    /// any depth, is checked (databases named alone are resolved with reads) before anything else is sent.
    /// </summary>
    public async ValueTask<CallToolResult> CheckAsync(RequestContext<CallToolRequestParams> context, CallState state,
        McpRequestHandler<CallToolRequestParams, CallToolResult> next, CancellationToken ct)
    {
        var refusal = Refusal(state.Spec, state.Args, PolicyNarrowing.Current);
        if (refusal is null && _subscriptions is not null && !state.Spec.IsCatalog)
        {
            var services = context.Services!;
            try
            {
                refusal = await services.GetRequiredService<SubscriptionScope>().CheckAsync(state.Spec, state.Args, _subscriptions,
                    services.GetRequiredService<RcMcp.Cloud.IRedisCloudClient>(), state.Principal, ct).ConfigureAwait(false);
            }
            catch (RcMcp.Cloud.RedisCloudApiException e)
            {
                refusal = new(ErrorCodes.NotAllowedByPolicy,
                    $"The databases of the allowed subscriptions could not be read to check this call against --allow-subscriptions: {e.Message} Nothing was sent; try again.");
            }
        }
        if (refusal is not null)
        {
            state.Decision = refusal.Code == ErrorCodes.ReadOnly ? GateDecision.RefusedReadOnly : GateDecision.RefusedPolicy;
            return ToolResults.Error(refusal.Code, refusal.Message, refusal.Field, refusal.Next);
        }
        var result = await next(context, ct).ConfigureAwait(false);
        if (_subscriptions is null || state.Spec.IsCatalog) return result;
        if (state.TaskId is { } started) _startedTasks[started] = 0;
        return await HideOthersAsync(result, state, context.Services!, ct).ConfigureAwait(false);
    }

    /// <summary>Tasks this process started for allowed calls: list_tasks shows them even before they name their resource.</summary>
    private readonly ConcurrentDictionary<string, byte> _startedTasks = new(StringComparer.Ordinal);

    /// <summary>A task this server started, or whose resource (<paramref name="ids"/>' resourceId or
    /// additionalResourceId) is an allowed subscription or one of its databases.</summary>
    private async Task<bool> TaskIsAllowedAsync(string taskId, IEnumerable<long?> ids, CallState state, IServiceProvider services, CancellationToken ct)
    {
        if (_startedTasks.ContainsKey(taskId)) return true;
        var allowed = _subscriptions!;
        var scope = services.GetRequiredService<SubscriptionScope>();
        var client = services.GetRequiredService<RcMcp.Cloud.IRedisCloudClient>();
        foreach (var given in ids)
            if (given is { } id && id > 0 &&
                (id <= int.MaxValue && allowed.Contains((int)id) || await scope.InAllowedAsync(id, allowed, client, state.Principal, ct).ConfigureAwait(false)))
                return true;
        return false;
    }

    /// <summary>The resource ids of a task in a list's JSON (its response's resourceId and additionalResourceId).</summary>
    private static IEnumerable<long?> IdsOf(System.Text.Json.Nodes.JsonNode? response) =>
        new[] { response?["resourceId"], response?["additionalResourceId"] }
            .Select(node => node is System.Text.Json.Nodes.JsonValue v && v.TryGetValue(out long id) ? id : (long?)null);

    /// <summary>Removes, at any depth, list entries whose subscriptionId is not allowed; returns how many.</summary>
    private static int HideForeignEntries(System.Text.Json.Nodes.JsonNode? node, IReadOnlySet<int> allowed, int depth)
    {
        if (depth > 64) return 0;
        var hidden = 0;
        switch (node)
        {
            case System.Text.Json.Nodes.JsonArray array:
                foreach (var item in array.ToList())
                {
                    if (item is System.Text.Json.Nodes.JsonObject o && o["subscriptionId"] is System.Text.Json.Nodes.JsonValue id &&
                        (!id.TryGetValue(out long value) || value is <= 0 or > int.MaxValue || !allowed.Contains((int)value)))
                    {
                        array.Remove(item);
                        hidden++;
                    }
                    else hidden += HideForeignEntries(item, allowed, depth + 1);
                }
                break;
            case System.Text.Json.Nodes.JsonObject obj:
                foreach (var (_, value) in obj.ToList()) hidden += HideForeignEntries(value, allowed, depth + 1);
                break;
        }
        return hidden;
    }

    /// <summary>
    /// Under --allow-subscriptions, lists leave out what the policy hides: subscription lists keep the allowed ones;
    /// list_tasks keeps the tasks whose resource is an allowed subscription or one of its databases, and the tasks
    /// this server started; whatever cannot be attributed is left out, and the answer says how many were.
    /// </summary>
    private async Task<CallToolResult> HideOthersAsync(CallToolResult result, CallState state, IServiceProvider services, CancellationToken ct)
    {
        var spec = state.Spec;
        if (spec.AnswersOneTask && state.ShownTask is { TaskId: { } taskIdShown } shown &&
            !await TaskIsAllowedAsync(taskIdShown, [shown.Response?.ResourceId, shown.Response?.AdditionalResourceId], state, services, ct).ConfigureAwait(false))
        {
            state.Decision = GateDecision.RefusedPolicy;
            return ToolResults.Error(ErrorCodes.NotAllowedByPolicy,
                $"Task {taskIdShown} does not belong to a subscription this server may use (--allow-subscriptions), or does not name its resource yet and was not started here; it is not shown.",
                field: "taskId", next: "Use list_tasks for the tasks you may see.");
        }
        if (result.IsError == true || result.StructuredContent is not { } structured) return result;
        if (System.Text.Json.Nodes.JsonNode.Parse(structured.GetRawText()) is not System.Text.Json.Nodes.JsonObject payload) return result;
        var allowed = _subscriptions!;
        var hidden = 0;
        if (spec.SubscriptionList is { } list && payload[list.Array] is System.Text.Json.Nodes.JsonArray subscriptions)
            foreach (var item in subscriptions.ToList())
                if (item?[list.Id] is not System.Text.Json.Nodes.JsonValue id || !id.TryGetValue(out int value) || !allowed.Contains(value))
                {
                    subscriptions.Remove(item);
                    hidden++;
                }
        if (spec.TaskList is { } taskArray && payload[taskArray] is System.Text.Json.Nodes.JsonArray tasks)
        {
            foreach (var task in tasks.ToList())
            {
                if (task is System.Text.Json.Nodes.JsonObject t && (string?)t["taskId"] is { } taskId &&
                    await TaskIsAllowedAsync(taskId, IdsOf(t["response"]), state, services, ct).ConfigureAwait(false)) continue;
                tasks.Remove(task);
                hidden++;
            }
            if (payload["total"] is not null) payload["total"] = tasks.Count;
        }
        // Anywhere in a read's answer, an entry of a list that names a subscription outside the allowed ones (an ACL
        // role's databases, a workspace, a log line) is left out.
        if (!spec.IsMutating) hidden += HideForeignEntries(payload, allowed, 0);
        if (hidden == 0) return result;
        payload["hiddenByPolicy"] = hidden;
        return ToolResults.Json(payload);
    }
}

/// <summary>
/// Rejects invalid arguments before anything is sent, naming every bad field and its fix, in two steps around policy:
/// the schema first (after which the arguments are canonical: integers as plain integers, so 100002.0 and 1.00002e5
/// are 100002 for every later stage), then the tool's own rules that the schema cannot express, once policy has
/// decided on the canonical arguments.
/// </summary>
public sealed class ValidationStage
{
    public ValueTask<CallToolResult> CheckAsync(RequestContext<CallToolRequestParams> context, CallState state,
        McpRequestHandler<CallToolRequestParams, CallToolResult> next, CancellationToken ct)
    {
        var errors = Schema.ArgumentValidator.Validate(state.Spec.InputSchema, state.Args.Json);
        if (errors.Count == 0 && Schema.ArgumentValidator.NormalizeIntegers(state.Spec.InputSchema, state.Args.Json) is { } normalized)
            state.Args = new ToolArgs(normalized);
        return errors.Count == 0 ? next(context, ct) : ValueTask.FromResult(Refuse(state, errors));
    }

    /// <summary>The tool's own rules (mutually exclusive fields, a change that names nothing to change, ...).</summary>
    public ValueTask<CallToolResult> CheckRulesAsync(RequestContext<CallToolRequestParams> context, CallState state,
        McpRequestHandler<CallToolRequestParams, CallToolResult> next, CancellationToken ct)
    {
        var errors = state.Spec.ArgumentRules?.Invoke(state.Args).ToList() ?? [];
        return errors.Count == 0 ? next(context, ct) : ValueTask.FromResult(Refuse(state, errors));
    }

    private static CallToolResult Refuse(CallState state, List<Schema.ArgumentError> errors)
    {
        state.Decision = GateDecision.InvalidArguments;
        var lines = string.Join("\n", errors.Select(e => "- " + e));
        return ToolResults.Error(ErrorCodes.Validation,
            $"Invalid arguments for {state.Spec.Name}; nothing was sent to Redis Cloud.\n{lines}\nCorrect these fields and call {state.Spec.Name} again.", field: errors[0].Field, next: errors[0].Fix);
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
        if (state.Spec.IsCatalog) return next(context, ct);
        var configured = options.PerSessionCredentials ? state.Credentials is not null : options.HasCredentials;
        if (configured) return next(context, ct);
        state.Decision = GateDecision.RefusedNotConfigured;
        return ValueTask.FromResult(ToolResults.Error(ErrorCodes.NotConfigured, options.PerSessionCredentials ? PerSessionMessage : Message));
    }
}
