namespace RcMcp.Sandbox.State;

/// <summary>One account's state for: Private connectivity.</summary>
internal sealed class ConnectivityState
{
}
