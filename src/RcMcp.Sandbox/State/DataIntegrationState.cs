namespace RcMcp.Sandbox.State;

/// <summary>One account's state for: Data Integration.</summary>
internal sealed class DataIntegrationState
{
}
