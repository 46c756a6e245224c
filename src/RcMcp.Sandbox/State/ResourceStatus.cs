namespace RcMcp.Sandbox.State;

internal static class ResourceStatus
{
    public const string Pending = "pending";
    public const string Active = "active";
    public const string Deleting = "deleting";
}
