namespace RcMcp.Server.Tools.Account;

/// <summary>Account and reference data: payment methods, regions, modules, persistence options, scaling factors, Redis versions.</summary>
public static class ReferenceTools
{
    public const string Toolset = "account";

    public static IEnumerable<ToolSpec> All()
    {
        yield break;
    }
}
