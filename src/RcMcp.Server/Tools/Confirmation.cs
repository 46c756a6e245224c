using System.Text.Json;

namespace RcMcp.Server.Tools;

/// <summary>
/// A tool's one confirmation rule (<see cref="ToolSpec.Confirm"/>): never, always, or only when the arguments — or the
/// target's current state — show that the call removes, replaces, buys or cuts off something. The gate asks from it,
/// and <see cref="GateSummary"/> states it for describe_operation, the CLI, the docs and the safety baseline.
/// </summary>
public sealed class Confirmation
{
    private readonly Func<ToolArgs, bool>? _whenArguments;
    private readonly Func<ToolArgs, JsonElement, bool>? _whenTarget;

    private Confirmation(ConfirmationRule rule, Func<ToolArgs, bool>? whenArguments, Func<ToolArgs, JsonElement, bool>? whenTarget) =>
        (Rule, _whenArguments, _whenTarget) = (rule, whenArguments, whenTarget);

    /// <summary>The call never asks (a read, or a plain write).</summary>
    public static readonly Confirmation Never = new(ConfirmationRule.Never, null, null);

    /// <summary>Every call asks (destructive, or it costs money).</summary>
    public static readonly Confirmation Always = new(ConfirmationRule.Always, null, null);

    /// <summary>Asks only for some argument values (e.g. an update that removes access).</summary>
    public static Confirmation When(Func<ToolArgs, bool> arguments) => new(ConfirmationRule.WhenRemoving, arguments, null);

    /// <summary>
    /// Asks when the target's current state (read with <see cref="ToolSpec.TargetState"/>) shows the call removes
    /// something, e.g. a replacement of an allow-list or tag set that drops entries; adding only is a plain write.
    /// </summary>
    public static Confirmation WhenTarget(Func<ToolArgs, JsonElement, bool> target) => new(ConfirmationRule.WhenRemoving, null, target);

    /// <summary>Never, Always or WhenRemoving (revealing secrets is a separate fact of the tool).</summary>
    public ConfirmationRule Rule { get; }

    /// <summary>True when only the target's state can say whether the call asks.</summary>
    public bool DependsOnTarget => _whenTarget is not null;

    /// <summary>Whether the call asks, from its arguments alone (false for a rule that needs the target).</summary>
    public bool Needed(ToolArgs args) => Rule == ConfirmationRule.Always || _whenArguments?.Invoke(args) == true;

    /// <summary>Whether the call asks, once the target is known (null when it was not needed to decide).</summary>
    public bool Needed(ToolArgs args, JsonElement? target) =>
        Needed(args) || (_whenTarget is { } when && target is { } t && when(args, t));
}
