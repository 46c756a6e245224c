namespace RcMcp.Server.Tools.Databases;

/// <summary>Pro database extras: versions and upgrades, backup and import status, import, certificate, slow log, traffic, tags.</summary>
public static class DatabaseExtraTools
{
    public const string Toolset = "databases";

    public static IEnumerable<ToolSpec> All()
    {
        yield break;
    }
}
