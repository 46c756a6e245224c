namespace RcMcp.Sandbox.State;

/// <summary>One account's state for: System and session logs, cost reports.</summary>
internal sealed class LogsState
{
}
