namespace RcMcp.Sandbox.State;

/// <summary>One account's state for: Account and reference data (regions, modules, persistence, factors, Redis versions).</summary>
internal sealed class ReferenceState
{
}
