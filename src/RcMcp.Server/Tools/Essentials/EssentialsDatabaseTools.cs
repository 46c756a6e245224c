namespace RcMcp.Server.Tools.Essentials;

/// <summary>Essentials databases.</summary>
public static class EssentialsDatabaseTools
{
    public const string Toolset = "essentials";

    public static IEnumerable<ToolSpec> All()
    {
        yield break;
    }
}
