using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;

namespace RcMcp.Server.Tools.Databases;

/// <summary>
/// Endpoint redirections (a preview feature of the API): a source database's endpoint sends its clients to a target
/// database. Creating and reverting one moves live traffic, so both are confirmed and name both databases.
/// </summary>
public static class EndpointRedirectionTools
{
    public static readonly Toolset Toolset = Toolset.Databases;

    private const string UuidPattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    private static JsonObject RedirectionId() => JsonSchema.Str("From create_endpoint_redirection.", 36, 36, UuidPattern);

    private static ApiRequest GetRedirection(ToolArgs a) => ToolReads.Bind("getEndpointsRedirectionStatus", a);

    public static IEnumerable<ToolSpec> All() =>
    [
        CreateEndpointRedirection,
        GetEndpointRedirection,
        RevertEndpointRedirection,
    ];

    public static ToolSpec CreateEndpointRedirection { get; } = new()
    {
        Name = "create_endpoint_redirection",
        Title = "Create endpoint redirection",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = false,
        Confirm = Confirmation.Always,
        Description = "Preview API: moves live traffic of an endpoint to another database. Follow: get_endpoint_redirection; undo: revert_endpoint_redirection.",
        InputSchema = JsonSchema.Object()
            .Prop("sourceDatabaseId", JsonSchema.Int("From list_databases.", 1), required: true)
            .Prop("targetDatabaseId", JsonSchema.Int("Receives the traffic.", 1), required: true)
            .Prop("endpointTargetType", JsonSchema.Enum("Endpoint to move.", "public", "private"), required: true)
            .Prop("duplicateACLs", JsonSchema.Bool("Copy ACL users too."))
            .Prop("migrationProtection", JsonSchema.Bool("Must be true."), required: true).Build(),
        ArgumentRules = ValidateCreate,
        Operation = "createEndpointsRedirection",
        TargetState = a => ToolReads.Bind("getAllSubscriptions", a),
        DescribeImpact = (a, _) =>
            $"Redirect the {a.String("endpointTargetType")} endpoint of database {a.Int("sourceDatabaseId")} (source) to database {a.Int("targetDatabaseId")} (target): " +
            $"clients of the source are sent to the target from now on{(a.Flag("duplicateACLs") ? ", with the source ACL users copied to it" : ", without its ACL users (duplicateACLs not set)")}. " +
            "Undo with revert_endpoint_redirection.",
    };

    public static ToolSpec GetEndpointRedirection { get; } = new()
    {
        Name = "get_endpoint_redirection",
        Title = "Get endpoint redirection",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Preview API: status (completed, reverted, ...), databases, endpoints, times, error.",
        InputSchema = JsonSchema.Object().Prop("redirectionId", RedirectionId(), required: true).Build(),
        Operation = "getEndpointsRedirectionStatus",
    };

    public static ToolSpec RevertEndpointRedirection { get; } = new()
    {
        Name = "revert_endpoint_redirection",
        Title = "Revert endpoint redirection",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = false,
        Confirm = Confirmation.Always,
        Description = "Preview API: clients of a completed redirection go back to the source. Follow: get_endpoint_redirection.",
        InputSchema = JsonSchema.Object().Prop("redirectionId", RedirectionId(), required: true).Build(),
        Operation = "revertEndpointsRedirection",
        TargetState = GetRedirection,
        Preflight = (a, state, _, _) => Task.FromResult(RevertWillFail(a, state)),
        DescribeImpact = (a, state) =>
            $"Revert endpoint redirection {a.String("redirectionId")}: the clients now sent to database {Number(state, "targetDatabaseId")?.ToString() ?? "?"} (target) " +
            $"go back to database {Number(state, "sourceDatabaseId")?.ToString() ?? "?"} (source).",
    };

    private static IEnumerable<ArgumentError> ValidateCreate(ToolArgs a)
    {
        if (!a.Flag("migrationProtection"))
            yield return new ArgumentError("migrationProtection", "must be true", "set migrationProtection to true once the person has agreed to move the traffic");
        if (a.Int("sourceDatabaseId") == a.Int("targetDatabaseId"))
            yield return new ArgumentError("targetDatabaseId", "is the source database", "name another database as the target");
    }

    /// <summary>Only a completed redirection can be reverted: say so before anyone is asked.</summary>
    private static ToolRefusal? RevertWillFail(ToolArgs a, JsonElement state)
    {
        var status = state.String("status");
        if (state.TryGetProperty("isRevert", out var r) && r.ValueKind == JsonValueKind.True)
            return new ToolRefusal(ErrorCodes.WillFail,
                $"revert_endpoint_redirection would fail: {a.String("redirectionId")} is itself a revert. Nothing was asked or sent. Revert the original redirection only.",
                "revert the original redirection", "redirectionId");
        if (status is null or "completed") return null;
        var next = status is "initiated" or "pending" or "in-progress" ? "wait until get_endpoint_redirection says completed, then call it again" : "nothing to revert";
        return new ToolRefusal(ErrorCodes.WillFail,
            $"revert_endpoint_redirection would fail: redirection {a.String("redirectionId")} is {status}, and only a completed one can be reverted. Nothing was asked or sent.",
            next, "redirectionId");
    }

    private static int? Number(JsonElement? item, string name) =>
        item is { ValueKind: JsonValueKind.Object } i && i.TryGetProperty(name, out var v) && v.TryGetInt32(out var n) ? n : null;
}
