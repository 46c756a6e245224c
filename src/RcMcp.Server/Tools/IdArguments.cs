using RcMcp.Cloud;
using System.Text.Json.Nodes;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.StandardArguments;

namespace RcMcp.Server.Tools;

/// <summary>Resource ids: their one schema, and which tool lists the valid values of each.</summary>
public static class IdArguments
{
    /// <summary>
    /// Where the ids every tool takes come from, said once in the server instructions instead of on each of the ~200
    /// properties that take one (those carry no description of their own; a test holds them to this list).
    /// </summary>
    public static readonly IReadOnlyList<(string Property, string Source)> IdSources =
    [
        ("subscriptionId", "list_subscriptions (Essentials tools: list_essentials_subscriptions)"),
        ("databaseId", "list_databases (Essentials tools: list_essentials_databases)"),
        ("regionId", "list_active_active_regions"),
        ("paymentMethodId", "list_payment_methods"),
        ("peeringId", "get_vpc_peerings (Active-Active: get_active_active_vpc_peerings)"),
        ("TgwId", "list_transit_gateways (Active-Active: list_active_active_transit_gateways)"),
        ("tgwInvitationId", "list_transit_gateway_invitations (Active-Active: list_active_active_transit_gateway_invitations)"),
        ("pscServiceId", "get_psc_service (Active-Active: get_active_active_psc_service)"),
        ("endpointId", "list_psc_endpoints (Active-Active: list_active_active_psc_endpoints)"),
        ("aclRedisRuleId", "list_acl_redis_rules"),
        ("aclRoleId", "list_acl_roles"),
        ("aclUserId", "list_acl_users"),
        ("userId", "list_account_users"),
        ("cloudAccountId", "list_cloud_accounts"),
    ];

    /// <summary>The tool that lists valid values of an id, for the given tool (Essentials and Active-Active tools get
    /// their own lister), or null when the id is not in <see cref="IdSources"/>.</summary>
    public static string? ListerFor(string property, string tool)
    {
        foreach (var (name, source) in IdSources)
        {
            if (name != property) continue;
            var listers = System.Text.RegularExpressions.Regex.Matches(source, "(?:list|get)_[a-z_]+").Select(m => m.Value).ToList();
            return listers.FirstOrDefault(l => tool.Contains("essentials") && l.Contains("essentials"))
                ?? listers.FirstOrDefault(l => tool.Contains("active_active") && l.Contains("active_active"))
                ?? listers[0];
        }
        return null;
    }

    /// <summary>
    /// Every resource id: a positive int32, as the spec declares them. Which tool lists each id is said once, in
    /// <see cref="IdSources"/> (the server instructions and the validator's fixes), not on every property.
    /// </summary>
    public static JsonObject Id() => JsonSchema.Int(null, 1);
}
