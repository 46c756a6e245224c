namespace RcMcp.Server.Tools.Subscriptions;

/// <summary>Pro subscription extras: pricing, CIDR allow-list, maintenance windows, resource tags.</summary>
public static class SubscriptionExtraTools
{
    public const string Toolset = "subscriptions";

    public static IEnumerable<ToolSpec> All()
    {
        yield break;
    }
}
