namespace RcMcp.Server.Tools.Databases;

/// <summary>Endpoint redirections (preview feature of the API).</summary>
public static class EndpointRedirectionTools
{
    public const string Toolset = "databases";

    public static IEnumerable<ToolSpec> All()
    {
        yield break;
    }
}
