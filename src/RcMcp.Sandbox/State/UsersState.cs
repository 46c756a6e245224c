namespace RcMcp.Sandbox.State;

/// <summary>One account's state for: Account users.</summary>
internal sealed class UsersState
{
}
