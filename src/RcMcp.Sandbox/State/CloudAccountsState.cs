namespace RcMcp.Sandbox.State;

/// <summary>One account's state for: Cloud accounts.</summary>
internal sealed class CloudAccountsState
{
}
