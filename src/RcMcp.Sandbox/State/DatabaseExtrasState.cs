namespace RcMcp.Sandbox.State;

/// <summary>One account's state for: Pro database extras.</summary>
internal sealed class DatabaseExtrasState
{
}
