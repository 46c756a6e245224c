namespace RcMcp.Server.Tools.ActiveActive;

/// <summary>Active-Active regions and local properties.</summary>
public static class ActiveActiveRegionTools
{
    public const string Toolset = "active-active";

    public static IEnumerable<ToolSpec> All()
    {
        yield break;
    }
}
