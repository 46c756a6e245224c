namespace RcMcp.Server.Tools.Connectivity;

/// <summary>VPC peering, standard and Active-Active.</summary>
public static class VpcPeeringTools
{
    public const string Toolset = "connectivity";

    public static IEnumerable<ToolSpec> All()
    {
        yield break;
    }
}
