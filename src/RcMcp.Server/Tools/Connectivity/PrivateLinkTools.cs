namespace RcMcp.Server.Tools.Connectivity;

/// <summary>AWS PrivateLink, standard and Active-Active.</summary>
public static class PrivateLinkTools
{
    public const string Toolset = "connectivity";

    public static IEnumerable<ToolSpec> All()
    {
        yield break;
    }
}
