using System.Text.Json;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.Connectivity.ConnectivityScope;
using static RcMcp.Server.Tools.Connectivity.PrivateLinkTools;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;

namespace RcMcp.Server.Tools.Connectivity;

/// <summary>
/// GCP Private Service Connect, standard and Active-Active (one service per subscription, or per region, with endpoints
/// for consumer VPCs). Every operation answers with a task, reads included. The Google Cloud side (addresses,
/// forwarding rules, DNS) is done by the person with the creation and deletion scripts; RcMcp never runs them.
/// </summary>
public static class PrivateServiceConnectTools
{
    public static readonly Toolset Toolset = Toolset.Connectivity;

    /// <summary>Google Cloud resource names (RFC 1035).</summary>
    private const string GcpName = "^[a-z][-a-z0-9]*$";

    private static readonly string[] EndpointFields = ["gcpProjectId", "gcpVpcName", "gcpVpcSubnetName", "endpointConnectionName", "action"];

    public static IEnumerable<ToolSpec> All() =>
    [
        GetPscService,
        CreatePscService,
        DeletePscService,
        ListPscEndpoints,
        CreatePscEndpoint,
        UpdatePscEndpoint,
        DeletePscEndpoint,
        GetPscEndpointCreationScript,
        GetPscEndpointDeletionScript,
        GetActiveActivePscService,
        CreateActiveActivePscService,
        DeleteActiveActivePscService,
        ListActiveActivePscEndpoints,
        CreateActiveActivePscEndpoint,
        UpdateActiveActivePscEndpoint,
        DeleteActiveActivePscEndpoint,
        GetActiveActivePscEndpointCreationScript,
        GetActiveActivePscEndpointDeletionScript,
    ];

    public static ToolSpec GetPscService { get; } = GetPscServiceFor(false);
    public static ToolSpec CreatePscService { get; } = CreatePscServiceFor(false);
    public static ToolSpec DeletePscService { get; } = DeletePscServiceFor(false);
    public static ToolSpec ListPscEndpoints { get; } = ListPscEndpointsFor(false);
    public static ToolSpec CreatePscEndpoint { get; } = CreatePscEndpointFor(false);
    public static ToolSpec UpdatePscEndpoint { get; } = UpdatePscEndpointFor(false);
    public static ToolSpec DeletePscEndpoint { get; } = DeletePscEndpointFor(false);
    public static ToolSpec GetPscEndpointCreationScript { get; } = GetPscEndpointCreationScriptFor(false);
    public static ToolSpec GetPscEndpointDeletionScript { get; } = GetPscEndpointDeletionScriptFor(false);

    public static ToolSpec GetActiveActivePscService { get; } = GetPscServiceFor(true);
    public static ToolSpec CreateActiveActivePscService { get; } = CreatePscServiceFor(true);
    public static ToolSpec DeleteActiveActivePscService { get; } = DeletePscServiceFor(true);
    public static ToolSpec ListActiveActivePscEndpoints { get; } = ListPscEndpointsFor(true);
    public static ToolSpec CreateActiveActivePscEndpoint { get; } = CreatePscEndpointFor(true);
    public static ToolSpec UpdateActiveActivePscEndpoint { get; } = UpdatePscEndpointFor(true);
    public static ToolSpec DeleteActiveActivePscEndpoint { get; } = DeletePscEndpointFor(true);
    public static ToolSpec GetActiveActivePscEndpointCreationScript { get; } = GetPscEndpointCreationScriptFor(true);
    public static ToolSpec GetActiveActivePscEndpointDeletionScript { get; } = GetPscEndpointDeletionScriptFor(true);

    private static string[] EndpointParams(bool aa) => PathParams(aa, "pscServiceId", "endpointId");
    private static string ListEndpoints(bool aa) => aa ? "list_active_active_psc_endpoints" : "list_psc_endpoints";

    private static Func<ToolArgs, ApiRequest> GetService(bool aa) => a => aa
        ? ToolReads.Bind("getActiveActivePscService", a)
        : ToolReads.Bind("getPscService", a);

    private static Func<ToolArgs, ApiRequest> GetEndpoints(bool aa) => a => aa
        ? ToolReads.Bind("getActiveActivePscServiceEndpoints", a)
        : ToolReads.Bind("getPscServiceEndpoints", a);

    private static JsonSchema.ObjectBuilder Service(bool aa) => Target(aa).Prop("pscServiceId", Id(), required: true);
    private static JsonSchema.ObjectBuilder Endpoint(bool aa) => Service(aa).Prop("endpointId", Id(), required: true);


    private static ToolSpec GetPscServiceFor(bool aa) => new()
    {
        Name = (aa ? "get_active_active_psc_service" : "get_psc_service"),
        Title = Title("Get", "PSC service", aa),
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "GCP Private Service Connect: pscServiceId, status, service attachment and connection host name.",
        InputSchema = Target(aa).Build(),
        Operation = aa ? "getActiveActivePscService" : "getPscService",
    };

    private static ToolSpec CreatePscServiceFor(bool aa) => new()
    {
        Name = (aa ? "create_active_active_psc_service" : "create_psc_service"),
        Title = Title("Create", "PSC service", aa),
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = false,
        Description = $"One per {Scope(aa)}, Google Cloud only. Task: wait_for_task; its resourceId is the pscServiceId.",
        InputSchema = Target(aa).Build(),
        Operation = aa ? "createActiveActivePscService" : "createPscService",
        TargetState = a => ToolReads.Bind("getSubscriptionById", a),
        DescribeImpact = (a, state) => $"Create a Private Service Connect service for {Where(a, aa)}{Named(state)}.",
    };

    private static ToolSpec DeletePscServiceFor(bool aa) => new()
    {
        Name = (aa ? "delete_active_active_psc_service" : "delete_psc_service"),
        Title = Title("Delete", "PSC service", aa),
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        Confirm = Confirmation.Always,
        Description = "Delete its endpoints first; the databases are then no longer reachable through it. Task: wait_for_task.",
        InputSchema = Target(aa).Build(),
        Operation = aa ? "deleteActiveActivePscService" : "deletePscService",
        TargetState = GetService(aa),
        DescribeImpact = (a, state) =>
            $"Delete Private Service Connect service {state.Scalar("id")} ({state.Scalar("status")}) of {Where(a, aa)}: the databases of the " +
            $"subscription are no longer reachable through {state.Scalar("connectionHostName")} (service attachment " +
            $"{state.Scalar("serviceAttachmentName")}) from any consumer VPC.",
    };

    private static ToolSpec ListPscEndpointsFor(bool aa) => new()
    {
        Name = ListEndpoints(aa),
        Title = Title("List", "PSC endpoints", aa),
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Per endpoint: id, project, VPC, subnet, name prefix, status (initialized until its script has run).",
        InputSchema = Service(aa).Build(),
        Operation = aa ? "getActiveActivePscServiceEndpoints" : "getPscServiceEndpoints",
    };

    private static ToolSpec CreatePscEndpointFor(bool aa) => new()
    {
        Name = (aa ? "create_active_active_psc_endpoint" : "create_psc_endpoint"),
        Title = Title("Create", "PSC endpoint", aa),
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = false,
        Description = "Register a consumer VPC. Task: wait_for_task (resourceId is the endpointId); then get its creation script.",
        InputSchema = EndpointSettings(Service(aa), required: true).Build(),
        Operation = aa ? "createActiveActivePscServiceEndpoint" : "createPscServiceEndpoint",
        TargetState = GetService(aa),
        DescribeImpact = (a, state) =>
            $"Register endpoint {a.String("endpointConnectionName")} for VPC {a.String("gcpVpcName")} (subnet {a.String("gcpVpcSubnetName")}) of " +
            $"Google Cloud project {a.String("gcpProjectId")} on Private Service Connect service {a.Int("pscServiceId")} of {Where(a, aa)}.",
    };

    private static ToolSpec UpdatePscEndpointFor(bool aa) => new()
    {
        Name = (aa ? "update_active_active_psc_endpoint" : "update_psc_endpoint"),
        Title = Title("Update", "PSC endpoint", aa),
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = true,
        Description = "Change an endpoint before its script runs, or accept or reject it (reject is confirmed). Task: wait_for_task.",
        InputSchema = EndpointSettings(Endpoint(aa), required: false)
                .Prop("action", JsonSchema.Enum("Reject cuts the VPC off.", "accept", "reject")).Build(),
        ArgumentRules = a => ChangesSomething(EndpointFields.Any(a.Has), "give a field to change, or action"),
        Confirm = Confirmation.When(a => a.StringOrNull("action") == "reject"),
        Operation = aa ? "updateActiveActivePscServiceEndpoint" : "updatePscServiceEndpoint",
        TargetState = GetEndpoints(aa),
        DescribeImpact = (a, state) =>
        {
            var endpoint = FindEndpoint(state, a.Int("endpointId"));
            var change = string.Join(", ", a.Body(EndpointParams(aa), keepDryRun: false).Select(p => $"{p.Key} to {p.Value}"));
            return $"Update Private Service Connect endpoint {DescribeEndpoint(a, endpoint)}: set {change}." +
                   (a.StringOrNull("action") == "reject"
                       ? $" Rejecting cuts the connection: VPC {endpoint.Scalar("gcpVpcName")} can no longer reach the databases of {Where(a, aa)}."
                       : "");
        },
    };

    private static ToolSpec DeletePscEndpointFor(bool aa) => new()
    {
        Name = (aa ? "delete_active_active_psc_endpoint" : "delete_psc_endpoint"),
        Title = Title("Delete", "PSC endpoint", aa),
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        Confirm = Confirmation.Always,
        Description = "Its VPC loses access to the databases; the person runs the deletion script first. Task: wait_for_task.",
        InputSchema = Endpoint(aa).Build(),
        Operation = aa ? "deleteActiveActivePscServiceEndpoint" : "deletePscServiceEndpoint",
        TargetState = GetEndpoints(aa),
        Preflight = (a, state, _, _) => Task.FromResult(FindEndpoint(state, a.Int("endpointId")) is null
            ? new ToolRefusal(ErrorCodes.WillFail,
                $"{(aa ? "delete_active_active_psc_endpoint" : "delete_psc_endpoint")} would fail: {a.Int("endpointId")} is not an endpoint of Private Service Connect service " +
                $"{a.Int("pscServiceId")} (its endpoints: {List(state.Array("endpoints").Select(e => e.Scalar("id")))}). Nothing was asked or sent.",
                $"take the endpointId from {ListEndpoints(aa)}", "endpointId")
            : null),
        DescribeImpact = (a, state) =>
        {
            var endpoint = FindEndpoint(state, a.Int("endpointId"));
            return $"Delete Private Service Connect endpoint {DescribeEndpoint(a, endpoint)}: VPC {endpoint.Scalar("gcpVpcName")} of project " +
                   $"{endpoint.Scalar("gcpProjectId")} can no longer reach the databases of {Where(a, aa)} through service {a.Int("pscServiceId")}.";
        },
    };

    private static ToolSpec GetPscEndpointCreationScriptFor(bool aa) => new()
    {
        Name = (aa ? "get_active_active_psc_endpoint_creation_script" : "get_psc_endpoint_creation_script"),
        Title = Title("Get", "PSC endpoint creation script", aa),
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "gcloud script the person runs in Cloud Shell to create the endpoint (address, forwarding rule, DNS).",
        InputSchema = Endpoint(aa).Build(),
        Operation = aa ? "getActiveActivPscServiceEndpointCreationScript" : "getPscServiceEndpointCreationScript",
        ShapeResponse = (r, _) => GcloudScript(r,
            "Run it in Google Cloud Shell, or a shell where gcloud is signed in with rights on the project of the endpoint.",
            $"When it has run, call {ListEndpoints(aa)}: the endpoint turns active and the VPC reaches the databases through the connection host name."),
    };

    private static ToolSpec GetPscEndpointDeletionScriptFor(bool aa) => new()
    {
        Name = (aa ? "get_active_active_psc_endpoint_deletion_script" : "get_psc_endpoint_deletion_script"),
        Title = Title("Get", "PSC endpoint deletion script", aa),
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "gcloud script the person runs in Cloud Shell to remove the endpoint resources before deleting it.",
        InputSchema = Endpoint(aa).Build(),
        Operation = aa ? "getActiveActivPscServiceEndpointDeletionScript" : "getPscServiceEndpointDeletionScript",
        ShapeResponse = (r, _) => GcloudScript(r,
            "Run it in Google Cloud Shell, or a shell where gcloud is signed in with rights on the project of the endpoint.",
            $"When it has run, call {(aa ? "delete_active_active_psc_endpoint" : "delete_psc_endpoint")} to remove the endpoint from Redis Cloud too."),
    };

    private static JsonSchema.ObjectBuilder EndpointSettings(JsonSchema.ObjectBuilder o, bool required) => o
        .Prop("gcpProjectId", JsonSchema.Str("Of the consumer VPC.", 6, 63, "^[a-z][-a-z0-9.:]*$"), required)
        .Prop("gcpVpcName", JsonSchema.Str("Consumer VPC.", null, 63, GcpName), required)
        .Prop("gcpVpcSubnetName", JsonSchema.Str("Subnet in gcpVpcName.", null, 63, GcpName), required)
        .Prop("endpointConnectionName", JsonSchema.Str("Name prefix.", null, 63, GcpName), required);

    private static JsonElement? FindEndpoint(JsonElement? state, int endpointId) =>
        state.Array("endpoints").Cast<JsonElement?>().FirstOrDefault(e => e.Scalar("id") == endpointId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static string DescribeEndpoint(ToolArgs a, JsonElement? endpoint) =>
        endpoint is null
            ? $"{a.Int("endpointId")} of service {a.Int("pscServiceId")}"
            : $"{a.Int("endpointId")} ({endpoint.Scalar("endpointConnectionName")}, {endpoint.Scalar("status")}) of service {a.Int("pscServiceId")}";

    /// <summary>The API's script object: bash (the script), powershell and terraformGcp as alternatives.</summary>
    private static System.Text.Json.Nodes.JsonObject GcloudScript(JsonElement resource, string where, string next)
    {
        var script = resource.ValueKind == JsonValueKind.Object && resource.TryGetProperty("script", out var s) && s.ValueKind == JsonValueKind.Object ? s : (JsonElement?)null;
        var result = Script(resource, script.Scalar("bash"), where, next, ("powershell", script.Scalar("powershell")));
        if (script is { } sc && sc.TryGetProperty("terraformGcp", out var tf) && tf.ValueKind == JsonValueKind.Object)
            result["terraformGcp"] = ToolResults.ToNode(tf);
        return result;
    }
}
