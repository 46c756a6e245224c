using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace RcMcp.Sandbox.Endpoints;

internal static class SandboxEndpoints
{
    /// <summary>Maps every simulated operation under <c>/v1</c>. Add a new area here.</summary>
    public static void MapSandboxApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1");
        AccountEndpoints.Map(v1);
        SubscriptionEndpoints.Map(v1);
        DatabaseEndpoints.Map(v1);
        DatabaseBackupAndImportEndpoints.Map(v1);
        TaskEndpoints.Map(v1);
        ReferenceEndpoints.Map(v1);
        LogsEndpoints.Map(v1);
        SubscriptionSettingsEndpoints.Map(v1);
        DatabaseUpgradeEndpoints.Map(v1);
        DatabaseTagEndpoints.Map(v1);
        ActiveActiveEndpoints.Map(v1);
        EssentialsEndpoints.Map(v1);
        VpcPeeringEndpoints.Map(v1);
        TransitGatewayEndpoints.Map(v1);
        PrivateLinkEndpoints.Map(v1);
        PrivateServiceConnectEndpoints.Map(v1);
        AccessControlRedisRuleEndpoints.Map(v1);
        AccessControlRoleEndpoints.Map(v1);
        AccessControlUserEndpoints.Map(v1);
        UsersEndpoints.Map(v1);
        CloudAccountsEndpoints.Map(v1);
        EndpointRedirectionsEndpoints.Map(v1);
        DataIntegrationEndpoints.Map(v1);
    }
}
