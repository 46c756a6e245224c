namespace RcMcp.Server.Tools.Users;

/// <summary>Account users.</summary>
public static class UserTools
{
    public const string Toolset = "users";

    public static IEnumerable<ToolSpec> All()
    {
        yield break;
    }
}
