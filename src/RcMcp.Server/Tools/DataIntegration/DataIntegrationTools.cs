using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;

namespace RcMcp.Server.Tools.DataIntegration;

/// <summary>
/// Data Integration (RDI) workspaces. The API proxies any method and any path under a subscription's workspace to
/// the RDI service: one tool per method, each with an optional sub-path that is checked so it can never leave the
/// workspace (no dot segments, schemes, empty segments, query, fragment, backslashes or percent escapes).
/// </summary>
public static class DataIntegrationTools
{
    public static readonly Toolset Toolset = Toolset.DataIntegration;

    private static JsonObject SubPath() => JsonSchema.Str("e.g. pipelines/orders",
        1, RedisCloudRequests.MaxWorkspacePathLength, RedisCloudRequests.WorkspacePathPattern);

    private static JsonSchema.ObjectBuilder Target() => JsonSchema.Object()
        .Prop("subscriptionId", Id(), required: true)
        .Prop("path", SubPath());

    /// <summary>The RDI payload: the spec's body is a JsonNode, which the RDI service takes as an object or an array
    /// (a list of items to create or replace at once), for POST, PUT, PATCH and DELETE alike.</summary>
    private static JsonObject Payload() => JsonSchema.ObjectOrArray("RDI payload: JSON object or array.");

    private static ApiRequest Send(HttpMethod method, ToolArgs a, bool withBody = false) =>
        RedisCloudRequests.DataIntegrationWorkspace(method, a.Int("subscriptionId"), a.StringOrNull("path"),
            withBody && a.Json.TryGetProperty("body", out var b) && b.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? JsonNode.Parse(b.GetRawText()) : null);

    /// <summary>The workspace itself, the target of changes that may create what they name.</summary>
    private static ApiRequest Workspace(ToolArgs a) => RedisCloudRequests.DataIntegrationWorkspace(HttpMethod.Get, a.Int("subscriptionId"));

    /// <summary>A dot segment passes the pattern but would leave the workspace once the URL is normalised.</summary>
    private static IEnumerable<ArgumentError> ValidatePath(ToolArgs a) =>
        a.StringOrNull("path") is { } path && RedisCloudRequests.UnsafeWorkspacePath(path) is { } why
            ? [new ArgumentError("path", why, "name a path inside the workspace, e.g. pipelines/orders, without . or .. segments")]
            : [];

    private static string Where(ToolArgs a) =>
        $"the Data Integration workspace of subscription {a.Int("subscriptionId")}" + (a.StringOrNull("path") is { } p ? $", path {p}" : "");

    public static IEnumerable<ToolSpec> All() =>
    [
        ListDataIntegrationWorkspaces,
        GetDataIntegration,
        CreateDataIntegration,
        ReplaceDataIntegration,
        PatchDataIntegration,
        DeleteDataIntegration,
    ];

    public static ToolSpec ListDataIntegrationWorkspaces { get; } = new()
    {
        Name = "list_data_integration_workspaces",
        Title = "List Data Integration workspaces",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "RDI workspaces of the account and their subscriptions; read one: get_data_integration.",
        InputSchema = JsonSchema.Object().Build(),
        Operation = "getDataIntegrationWorkspaces",
        Request = _ => RedisCloudRequests.GetDataIntegrationWorkspaces(),
        SubscriptionList = ("workspaces", "subscriptionId"),
    };

    public static ToolSpec GetDataIntegration { get; } = new()
    {
        Name = "get_data_integration",
        Title = "Get Data Integration workspace data",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "The Data Integration workspace, or a path in it (e.g. a pipeline), via the RDI proxy.",
        InputSchema = Target().Build(),
        ArgumentRules = ValidatePath,
        Operation = "proxyDataIntegrationWorkspace",
        Request = a => Send(HttpMethod.Get, a),
    };

    public static ToolSpec CreateDataIntegration { get; } = Change("create_data_integration", "Post to Data Integration workspace", HttpMethod.Post, idempotent: false,
        "POST body to the workspace or a path in it (e.g. a new pipeline); sent to RDI as is.");

    public static ToolSpec ReplaceDataIntegration { get; } = Change("replace_data_integration", "Put to Data Integration workspace", HttpMethod.Put, idempotent: true,
        "PUT body to the workspace or a path in it, replacing what is there; sent to RDI as is.");

    public static ToolSpec PatchDataIntegration { get; } = Change("patch_data_integration", "Patch Data Integration workspace", HttpMethod.Patch, idempotent: false,
        "PATCH the workspace or a path in it with body (fields given change); sent to RDI as is.");

    public static ToolSpec DeleteDataIntegration { get; } = new()
    {
        Name = "delete_data_integration",
        Title = "Delete Data Integration path",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        Confirm = Confirmation.Always,
        Description = "DELETE a path (e.g. a pipeline), or the whole workspace without path, with an optional body; sent to RDI as is.",
        InputSchema = Target().Prop("body", Payload()).Build(),
        ArgumentRules = ValidatePath,
        Operation = "proxyDataIntegrationWorkspace_2",
        Request = a => Send(HttpMethod.Delete, a, withBody: true),
        TargetState = a => Send(HttpMethod.Get, a),
        DescribeImpact = (a, _) => $"Delete {Where(a)}{(a.Has("body") ? " (with the given body)" : "")} and what the RDI service keeps under it; this cannot be undone.",
    };

    private static ToolSpec Change(string name, string title, HttpMethod method, bool idempotent, string description) => new()
    {
        Name = name,
        Title = title,
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = idempotent,
        Description = description,
        InputSchema = Target().Prop("body", Payload()).Build(),
        ArgumentRules = ValidatePath,
        // The spec's operation of a sub-path (the workspace's root has its twin, which Send picks without a path).
        Operation = method.Method switch { "POST" => "proxyDataIntegrationWorkspace_3", "PUT" => "proxyDataIntegrationWorkspace_1", _ => "proxyDataIntegrationWorkspace_4" },
        Request = a => Send(method, a, withBody: true),
        TargetState = Workspace,
        DescribeImpact = (a, _) => $"{method.Method} to {Where(a)}" + (a.Has("body") ? " with the given body." : " without a body."),
    };
}
