namespace RcMcp.Sandbox.State;

/// <summary>One account's state for: Database access control.</summary>
internal sealed class AccessControlState
{
}
