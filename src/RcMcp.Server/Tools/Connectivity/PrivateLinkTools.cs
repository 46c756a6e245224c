using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.Connectivity.ConnectivityScope;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;

namespace RcMcp.Server.Tools.Connectivity;

/// <summary>
/// AWS PrivateLink, standard and Active-Active (one per subscription, or per region). Every operation answers with a
/// task, reads included. The AWS side (accepting the resource share, creating the VPC endpoint) is done by the person
/// in their own AWS account with the endpoint script; RcMcp never runs it.
/// </summary>
public static class PrivateLinkTools
{
    public static readonly Toolset Toolset = Toolset.Connectivity;

    private static readonly string[] PrincipalTypes = ["aws_account", "organization", "organization_unit", "iam_role", "iam_user", "service_principal"];

    public static IEnumerable<ToolSpec> All() =>
    [
        GetPrivateLink,
        CreatePrivateLink,
        DeletePrivateLink,
        AddPrivateLinkPrincipal,
        RemovePrivateLinkPrincipals,
        GetPrivateLinkEndpointScript,
        DisassociatePrivateLinkConnections,
        GetActiveActivePrivateLink,
        CreateActiveActivePrivateLink,
        DeleteActiveActivePrivateLink,
        AddActiveActivePrivateLinkPrincipal,
        RemoveActiveActivePrivateLinkPrincipals,
        GetActiveActivePrivateLinkEndpointScript,
        DisassociateActiveActivePrivateLinkConnections,
    ];

    public static ToolSpec GetPrivateLink { get; } = GetPrivateLinkFor(false);
    public static ToolSpec CreatePrivateLink { get; } = CreatePrivateLinkFor(false);
    public static ToolSpec DeletePrivateLink { get; } = DeletePrivateLinkFor(false);
    public static ToolSpec AddPrivateLinkPrincipal { get; } = AddPrivateLinkPrincipalFor(false);
    public static ToolSpec RemovePrivateLinkPrincipals { get; } = RemovePrivateLinkPrincipalsFor(false);
    public static ToolSpec GetPrivateLinkEndpointScript { get; } = GetPrivateLinkEndpointScriptFor(false);
    public static ToolSpec DisassociatePrivateLinkConnections { get; } = DisassociatePrivateLinkConnectionsFor(false);

    public static ToolSpec GetActiveActivePrivateLink { get; } = GetPrivateLinkFor(true);
    public static ToolSpec CreateActiveActivePrivateLink { get; } = CreatePrivateLinkFor(true);
    public static ToolSpec DeleteActiveActivePrivateLink { get; } = DeletePrivateLinkFor(true);
    public static ToolSpec AddActiveActivePrivateLinkPrincipal { get; } = AddPrivateLinkPrincipalFor(true);
    public static ToolSpec RemoveActiveActivePrivateLinkPrincipals { get; } = RemovePrivateLinkPrincipalsFor(true);
    public static ToolSpec GetActiveActivePrivateLinkEndpointScript { get; } = GetPrivateLinkEndpointScriptFor(true);
    public static ToolSpec DisassociateActiveActivePrivateLinkConnections { get; } = DisassociatePrivateLinkConnectionsFor(true);

    private static Func<ToolArgs, ApiRequest> GetLink(bool aa) => a => aa
        ? ToolReads.Bind("getActiveActivePrivateLink", a)
        : ToolReads.Bind("getPrivateLink", a);

    private static ToolSpec GetPrivateLinkFor(bool aa) => new()
    {
        Name = (aa ? "get_active_active_private_link" : "get_private_link"),
        Title = Title("Get", "PrivateLink", aa),
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Status, share, principals, VPC endpoint connections and the databases it reaches (rlEndpoint).",
        InputSchema = Target(aa).Build(),
        Operation = aa ? "getActiveActivePrivateLink" : "getPrivateLink",
    };

    private static ToolSpec CreatePrivateLinkFor(bool aa) => new()
    {
        Name = (aa ? "create_active_active_private_link" : "create_private_link"),
        FollowWith = (aa ? "get_active_active_private_link" : "get_private_link"),
        Title = Title("Create", "PrivateLink", aa),
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = false,
        Description = $"One per {Scope(aa)}, AWS only, with a first principal. Task: wait_for_task; then get its endpoint script.",
        InputSchema = Target(aa)
                .Prop("shareName", JsonSchema.Str("AWS RAM resource share.", 1, 64), required: true)
                .Prop("principal", Principal(), required: true)
                .Prop("type", JsonSchema.Enum("Of the principal.", PrincipalTypes), required: true)
                .Prop("alias", Alias()).Build(),
        Operation = aa ? "createActiveActivePrivateLink" : "createPrivateLink",
        TargetState = a => ToolReads.Bind("getSubscriptionById", a),
        DescribeImpact = (a, state) =>
            $"Create an AWS PrivateLink for {Where(a, aa)}{Named(state)}, shared through resource share {a.String("shareName")} " +
            $"with principal {a.String("principal")} ({a.String("type")}).",
    };

    private static ToolSpec DeletePrivateLinkFor(bool aa) => new()
    {
        Name = (aa ? "delete_active_active_private_link" : "delete_private_link"),
        FollowWith = (aa ? "get_active_active_private_link" : "get_private_link"),
        Title = Title("Delete", "PrivateLink", aa),
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        Confirm = Confirmation.Always,
        Description = "Every principal and VPC endpoint connection loses access to the databases. Task: wait_for_task.",
        InputSchema = Target(aa).Build(),
        Operation = aa ? "deleteActiveActivePrivateLink" : "deletePrivateLink",
        TargetState = GetLink(aa),
        DescribeImpact = (a, state) =>
            $"Delete the AWS PrivateLink of {Where(a, aa)}{Share(state)}: principals {List(Principals(state))} lose access, connections " +
            $"{List(Connections(state))} are cut, and databases {Databases(state)} are no longer reachable through it.",
    };

    private static ToolSpec AddPrivateLinkPrincipalFor(bool aa) => new()
    {
        Name = (aa ? "add_active_active_private_link_principal" : "add_private_link_principal"),
        FollowWith = (aa ? "get_active_active_private_link" : "get_private_link"),
        Title = Title("Add", "PrivateLink principal", aa),
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = false,
        Description = "Let another AWS principal in. Task: wait_for_task; then the person runs the endpoint script there.",
        InputSchema = Target(aa)
                .Prop("principal", Principal(), required: true)
                .Prop("type", JsonSchema.Enum("Default aws_account.", PrincipalTypes))
                .Prop("alias", Alias()).Build(),
        Operation = aa ? "createActiveActivePrivateLinkPrincipal" : "createPrivateLinkPrincipal",
        TargetState = GetLink(aa),
        DescribeImpact = (a, state) =>
            $"Allow principal {a.String("principal")} to reach databases {Databases(state)} of {Where(a, aa)} through the PrivateLink{Share(state)} " +
            $"(principals now: {List(Principals(state))}).",
    };

    private static ToolSpec RemovePrivateLinkPrincipalsFor(bool aa) => new()
    {
        Name = (aa ? "remove_active_active_private_link_principals" : "remove_private_link_principals"),
        FollowWith = (aa ? "get_active_active_private_link" : "get_private_link"),
        Title = Title("Remove", "PrivateLink principal", aa),
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        Confirm = Confirmation.Always,
        Description = "The principal loses access and its VPC endpoint connections are cut. Task: wait_for_task.",
        InputSchema = Target(aa)
                .Prop("principal", JsonSchema.Str("As the PrivateLink lists it.", 1, 2048), required: true).Build(),
        Operation = aa ? "deleteActiveActivePrivateLinkPrincipals" : "deletePrivateLinkPrincipals",
        TargetState = GetLink(aa),
        Preflight = (a, state, _, _) => Task.FromResult(UnknownPrincipal(a, state, aa)),
        DescribeImpact = (a, state) =>
            $"Remove principal {a.String("principal")} from the AWS PrivateLink of {Where(a, aa)}{Share(state)}: its connections " +
            $"{List(ConnectionsOf(state, a.String("principal")))} are cut and it can no longer reach databases {Databases(state)}.",
    };

    private static ToolSpec GetPrivateLinkEndpointScriptFor(bool aa) => new()
    {
        Name = (aa ? "get_active_active_private_link_endpoint_script" : "get_private_link_endpoint_script"),
        Title = Title("Get", "PrivateLink endpoint script", aa),
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Script the person runs in AWS (CloudShell or aws CLI) to accept the share and create the VPC endpoint.",
        InputSchema = Target(aa).Build(),
        Operation = aa ? "getActiveActivePrivateLinkEndpointScript" : "getPrivateLinkEndpointScript",
        ShapeResponse = (r, _) => Script(r, r.Scalar("resourceEndpointScript"),
            "Run it in AWS CloudShell, or a shell where the aws CLI is signed in to the AWS account of a principal, in the region of the subscription. Set VPC_ID, SUBNET_IDS and SECURITY_GROUP_ID first.",
            $"When it has run, call {(aa ? "get_active_active_private_link" : "get_private_link")}: the new VPC endpoint connection is listed and the databases answer on their rlEndpoint from that VPC.",
            ("terraform", r.Scalar("terraformAwsScript"))),
    };

    private static ToolSpec DisassociatePrivateLinkConnectionsFor(bool aa) => new()
    {
        Name = (aa ? "disassociate_active_active_private_link_connections" : "disassociate_private_link_connections"),
        Title = Title("Disassociate", "PrivateLink connections", aa),
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        Confirm = Confirmation.Always,
        Description = "Cut VPC endpoint connections, as the PrivateLink lists them: those VPCs lose access. Task: wait_for_task.",
        InputSchema = Target(aa)
                .Prop("connections", JsonSchema.Array("principalId is their ownerId.", JsonSchema.Object()
                    .Prop("associationId", JsonSchema.Str(null, 1), required: true)
                    .Prop("connectionId", JsonSchema.Str(null, 1))
                    .Prop("type", JsonSchema.Str(null, 1), required: true)
                    .Prop("principalId", JsonSchema.Str(null, 1), required: true), minItems: 1, maxItems: 100), required: true).Build(),
        Operation = aa ? "disassociateActiveActivePrivateLinkConnections" : "disassociatePrivateLinkConnections",
        TargetState = GetLink(aa),
        Preflight = (a, state, _, _) => Task.FromResult(UnknownConnection(a, state, aa)),
        DescribeImpact = (a, state) =>
        {
            var cut = a.Json.GetProperty("connections").EnumerateArray()
                .Select(c => $"{c.Scalar("connectionId") ?? c.Scalar("associationId")} (owner {c.Scalar("principalId")})").ToList();
            return $"Disconnect {cut.Count} VPC endpoint connection(s) {List(cut)} from the AWS PrivateLink of {Where(a, aa)}{Share(state)}: " +
                   $"those VPCs can no longer reach databases {Databases(state)}.";
        },
    };

    // ---- Shared by the PrivateLink and Private Service Connect tools ----

    internal static string Where(ToolArgs a, bool activeActive) => activeActive
        ? $"region {a.Int("regionId")} of subscription {a.Int("subscriptionId")}"
        : $"subscription {a.Int("subscriptionId")}";

    internal static string Named(JsonElement? state) => state.Scalar("name") is { } name ? $" ({name})" : "";

    internal static string List(IEnumerable<string?> items)
    {
        var present = items.Where(i => !string.IsNullOrEmpty(i)).ToList();
        return present.Count == 0 ? "(none)" : string.Join(", ", present);
    }

    /// <summary>A script the person runs in their own cloud account: the text, where to run it and what to call next.</summary>
    internal static JsonObject Script(JsonElement resource, string? script, string where, string next, params (string Name, string? Text)[] alternatives)
    {
        var result = new JsonObject { ["script"] = script };
        if (script is null) result["resource"] = ToolResults.ToNode(resource);
        foreach (var (name, text) in alternatives)
            if (text is not null) result[name] = text;
        result["where"] = where + " RcMcp never runs it.";
        result["next"] = next;
        return result;
    }

    // ---- PrivateLink state, for impacts and preflights ----

    private static JsonObject Principal() => JsonSchema.Str("AWS account id or ARN.", 1, 2048);

    private static JsonObject Alias() => JsonSchema.Str("Display label.", 1, 128);

    private static string Share(JsonElement? state)
    {
        var parts = new[] { state.Scalar("shareName") is { } s ? "share " + s : null, state.Scalar("status") }.Where(p => p is not null).ToList();
        return parts.Count == 0 ? "" : $" ({string.Join(", ", parts)})";
    }

    private static IEnumerable<string?> Principals(JsonElement? state) => state.Array("principals").Select(p => p.Scalar("principal"));

    private static IEnumerable<string?> Connections(JsonElement? state) =>
        state.Array("connections").Select(c => c.Scalar("connectionId") ?? c.Scalar("associationId"));

    /// <summary>The connections a principal owns: their ownerId is the AWS account the principal names.</summary>
    private static IEnumerable<string?> ConnectionsOf(JsonElement? state, string principal) =>
        state.Array("connections")
            .Where(c => c.Scalar("ownerId") is { Length: > 0 } owner && principal.Contains(owner, StringComparison.Ordinal))
            .Select(c => c.Scalar("connectionId") ?? c.Scalar("associationId"));

    private static string Databases(JsonElement? state) =>
        List(state.Array("databases").Select(d => d.Scalar("databaseId") + (d.Scalar("rlEndpoint") is { Length: > 0 } rl ? $" ({rl})" : "")));

    private static ToolRefusal? UnknownPrincipal(ToolArgs a, JsonElement state, bool aa)
    {
        var principal = a.String("principal");
        var known = Principals(state).ToList();
        return known.Contains(principal)
            ? null
            : new ToolRefusal(ErrorCodes.WillFail,
                $"{(aa ? "remove_active_active_private_link_principals" : "remove_private_link_principals")} would fail: {principal} is not a principal of the PrivateLink of {Where(a, aa)} " +
                $"(its principals: {List(known)}). Nothing was asked or sent.",
                "use a principal the PrivateLink lists", "principal");
    }

    private static ToolRefusal? UnknownConnection(ToolArgs a, JsonElement state, bool aa)
    {
        var known = state.Array("connections").Select(c => c.Scalar("associationId")).ToHashSet();
        var unknown = a.Json.GetProperty("connections").EnumerateArray().Select(c => c.Scalar("associationId")).Where(id => !known.Contains(id)).ToList();
        return unknown.Count == 0
            ? null
            : new ToolRefusal(ErrorCodes.WillFail,
                $"{(aa ? "disassociate_active_active_private_link_connections" : "disassociate_private_link_connections")} would fail: association {List(unknown)} is not a connection of the PrivateLink of " +
                $"{Where(a, aa)} (its connections: {List(known)}). Nothing was asked or sent.",
                $"take the connections from {(aa ? "get_active_active_private_link" : "get_private_link")}", "connections");
    }
}
