namespace RcMcp.Server.Tools.DataIntegration;

/// <summary>Data Integration workspaces and the workspace proxy.</summary>
public static class DataIntegrationTools
{
    public const string Toolset = "data-integration";

    public static IEnumerable<ToolSpec> All()
    {
        yield break;
    }
}
