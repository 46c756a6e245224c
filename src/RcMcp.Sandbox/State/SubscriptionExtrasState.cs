namespace RcMcp.Sandbox.State;

/// <summary>One account's state for: Pro subscription extras.</summary>
internal sealed class SubscriptionExtrasState
{
}
