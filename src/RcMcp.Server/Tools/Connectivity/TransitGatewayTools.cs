namespace RcMcp.Server.Tools.Connectivity;

/// <summary>AWS Transit Gateway attachments and invitations, standard and Active-Active.</summary>
public static class TransitGatewayTools
{
    public const string Toolset = "connectivity";

    public static IEnumerable<ToolSpec> All()
    {
        yield break;
    }
}
