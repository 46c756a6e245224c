namespace RcMcp.Server.Tools.Logs;

/// <summary>System and session logs, cost reports.</summary>
public static class LogsBillingTools
{
    public const string Toolset = "logs-billing";

    public static IEnumerable<ToolSpec> All()
    {
        yield break;
    }
}
