namespace RcMcp.Sandbox.State;

/// <summary>One account's state for: Essentials plans, subscriptions and databases.</summary>
internal sealed class EssentialsState
{
}
