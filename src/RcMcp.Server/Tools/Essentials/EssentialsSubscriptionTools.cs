namespace RcMcp.Server.Tools.Essentials;

/// <summary>Essentials (fixed-plan) plans, versions and subscriptions.</summary>
public static class EssentialsSubscriptionTools
{
    public const string Toolset = "essentials";

    public static IEnumerable<ToolSpec> All()
    {
        yield break;
    }
}
