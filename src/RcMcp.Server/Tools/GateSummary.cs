namespace RcMcp.Server.Tools;

/// <summary>When a tool asks a person before it acts.</summary>
public enum ConfirmationRule
{
    /// <summary>Never.</summary>
    Never,
    /// <summary>Only to show secrets (revealSecrets: true).</summary>
    ToRevealSecrets,
    /// <summary>When the arguments or the target's state show that it removes or replaces something.</summary>
    WhenRemoving,
    /// <summary>Every call.</summary>
    Always,
}

/// <summary>What a real call must pass first.</summary>
public enum DryRunRule
{
    /// <summary>A read: nothing.</summary>
    None,
    /// <summary>dryRun: true previews and sends nothing.</summary>
    Preview,
    /// <summary>The API's own dry run must succeed first with the same arguments.</summary>
    ApiFirst,
}

/// <summary>
/// A tool's gates, computed once from its declaration (<see cref="ToolSpec.Gates"/>) and used by every place that
/// states them: the gate, describe_operation, the CLI's help and tool table, docs/tools.md and the safety baseline.
/// </summary>
public sealed record GateSummary(ToolKind Kind, DryRunRule DryRun, ConfirmationRule Confirmation, bool ReturnsTask)
{
    public static GateSummary Of(ToolSpec spec) => new(
        spec.Kind,
        !spec.IsMutating ? DryRunRule.None : spec.ApiDryRun ? DryRunRule.ApiFirst : DryRunRule.Preview,
        spec.Confirm.Rule != ConfirmationRule.Never ? spec.Confirm.Rule
            : spec.CanRevealSecrets ? ConfirmationRule.ToRevealSecrets
            : ConfirmationRule.Never,
        spec.ReturnsTask);

    /// <summary>describe_operation's wording.</summary>
    public string ConfirmationText => Confirmation switch
    {
        ConfirmationRule.Always => "always",
        ConfirmationRule.WhenRemoving => "when it removes or replaces something (see the description)",
        ConfirmationRule.ToRevealSecrets => "only with revealSecrets",
        _ => "no",
    };

    /// <summary>docs/tools.md's wording.</summary>
    public string ConfirmationCell => Confirmation switch
    {
        ConfirmationRule.Always => "always",
        ConfirmationRule.WhenRemoving => "when it removes something",
        ConfirmationRule.ToRevealSecrets => "to reveal secrets",
        _ => "-",
    };

    public string DryRunCell => DryRun switch { DryRunRule.ApiFirst => "api", DryRunRule.Preview => "preview", _ => "-" };

    /// <summary>The CLI's help sentence.</summary>
    public string CliSentence
    {
        get
        {
            var gates = new List<string>();
            if (DryRun == DryRunRule.ApiFirst) gates.Add("runs the API's dry run first and shows it (the price), then asks before the real call");
            gates.AddRange(Confirmation switch
            {
                ConfirmationRule.Always => ["asks for confirmation (y/N; --yes in scripts)"],
                ConfirmationRule.ToRevealSecrets => ["asks for confirmation before showing secrets (--reveal-secrets)"],
                ConfirmationRule.WhenRemoving => ["asks for confirmation when it removes or replaces something (see the description)"],
                _ => [],
            });
            if (ReturnsTask) gates.Add("follows the task it starts to the end (--no-wait returns the task id)");
            return Kind switch
            {
                ToolKind.Read => gates.Count == 0 ? "Reads only." : "Reads only; " + string.Join("; ", gates) + ".",
                ToolKind.Destructive => "Destructive: " + string.Join("; ", gates.DefaultIfEmpty("asks for confirmation")) + ".",
                _ => "Changes your account" + (gates.Count > 0 ? ": " + string.Join("; ", gates) : "") + ".",
            };
        }
    }

    /// <summary>The CLI tool table's short form.</summary>
    public string CliShort
    {
        get
        {
            var gates = new List<string>();
            if (DryRun == DryRunRule.ApiFirst) gates.Add("dry run");
            if (Confirmation == ConfirmationRule.Always) gates.Add("confirm");
            else if (Confirmation == ConfirmationRule.ToRevealSecrets) gates.Add("confirm to reveal secrets");
            else if (Confirmation == ConfirmationRule.WhenRemoving) gates.Add("confirm if removing");
            if (ReturnsTask) gates.Add("task");
            return string.Join(", ", gates);
        }
    }
}
