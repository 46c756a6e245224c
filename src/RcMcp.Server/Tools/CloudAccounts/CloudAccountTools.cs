namespace RcMcp.Server.Tools.CloudAccounts;

/// <summary>Cloud accounts (bring your own cloud).</summary>
public static class CloudAccountTools
{
    public const string Toolset = "cloud-accounts";

    public static IEnumerable<ToolSpec> All()
    {
        yield break;
    }
}
