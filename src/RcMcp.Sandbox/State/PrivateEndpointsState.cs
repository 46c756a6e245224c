namespace RcMcp.Sandbox.State;

/// <summary>One account's state for: AWS PrivateLink and GCP Private Service Connect.</summary>
internal sealed class PrivateEndpointsState
{
}
