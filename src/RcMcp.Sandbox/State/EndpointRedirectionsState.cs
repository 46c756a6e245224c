namespace RcMcp.Sandbox.State;

/// <summary>One account's state for: Endpoint redirections.</summary>
internal sealed class EndpointRedirectionsState
{
}
