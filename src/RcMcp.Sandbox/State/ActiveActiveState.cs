namespace RcMcp.Sandbox.State;

/// <summary>One account's state for: Active-Active regions and local properties.</summary>
internal sealed class ActiveActiveState
{
}
