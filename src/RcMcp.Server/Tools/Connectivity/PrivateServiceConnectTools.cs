namespace RcMcp.Server.Tools.Connectivity;

/// <summary>GCP Private Service Connect, standard and Active-Active.</summary>
public static class PrivateServiceConnectTools
{
    public const string Toolset = "connectivity";

    public static IEnumerable<ToolSpec> All()
    {
        yield break;
    }
}
