namespace RcMcp.Server.Tools.AccessControl;

/// <summary>Database access control: Redis rules, roles and ACL users.</summary>
public static class AclTools
{
    public const string Toolset = "access-control";

    public static IEnumerable<ToolSpec> All()
    {
        yield break;
    }
}
