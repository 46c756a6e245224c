using RcMcp.Server.Approvals;

namespace RcMcp.Server.Pipeline;

/// <summary>
/// What the pipeline decided for one tool call: one member per outcome. Each member's text (<see cref="GateDecisions.Text"/>)
/// is the documented <c>decision</c> of the audit log and the <c>rcmcp.gate.decision</c> telemetry attribute
/// (docs/telemetry.md lists them all); who decided and what else happened are kept apart on <see cref="CallState"/>.
/// </summary>
public enum GateDecision
{
    /// <summary>The call went through every stage and the tool ran (reads, and changes that need no approval or got it by other means).</summary>
    Executed,
    /// <summary>An API dry run was sent (dryRun: true on a tool whose API supports it); nothing changed.</summary>
    DryRun,
    /// <summary>dryRun: true on a tool whose API has no dry run: the exact request and the target were shown, nothing was sent.</summary>
    Preview,
    /// <summary>The arguments broke the schema or the tool's own rules; nothing was sent.</summary>
    InvalidArguments,
    /// <summary>A change was refused because the server runs read-only.</summary>
    RefusedReadOnly,
    /// <summary>The policy in force (allowed subscriptions, destructive off, excluded tools, toolsets) refused the call.</summary>
    RefusedPolicy,
    /// <summary>No API keys are configured (or this request carried none under per-session credentials).</summary>
    RefusedNotConfigured,
    /// <summary>The gate's state file is unsafe (a link, another user's, readable by others); nothing was sent.</summary>
    RefusedUnsafeStateFile,
    /// <summary>The shared store of dry runs and approvals could not be reached; the change was refused before sending.</summary>
    RefusedStoreUnavailable,
    /// <summary>The real call of a tool that must be dry-run first came without a matching recent dry run.</summary>
    RefusedDryRunRequired,
    /// <summary>The matching dry run was held by a call that ended without saying whether it sent the change.</summary>
    RefusedDryRunSpent,
    /// <summary>Another call with the same arguments is using the matching dry run right now.</summary>
    RefusedDryRunInUse,
    /// <summary>The target's state shows the call would certainly fail; nobody was asked, nothing was sent.</summary>
    RefusedWillFail,
    /// <summary>The target could not be read (missing, unreachable, or its reading task failed); nothing was sent.</summary>
    RefusedTargetUnreadable,
    /// <summary>Confirmation skipped by --dangerously-skip-confirmation.</summary>
    ConfirmationSkipped,
    /// <summary>A form answer came back with request state that was already used.</summary>
    RefusedRequestStateAlreadyUsed,
    /// <summary>A form answer came back with request state whose approval expired.</summary>
    RefusedRequestStateExpired,
    /// <summary>A form answer came back with request state sealed for another call (arguments, tool or caller).</summary>
    RefusedRequestStateOtherCall,
    /// <summary>A form answer came back with request state this server did not seal, or that was changed.</summary>
    RefusedRequestStateForged,
    /// <summary>The person is asked by a form through an input-required result; the client retries with the answer.</summary>
    ElicitationRequested,
    /// <summary>Nobody answered the form in time.</summary>
    ConfirmationTimedOut,
    /// <summary>--require-elicitation is set and this client cannot ask the person.</summary>
    RefusedElicitationRequired,
    /// <summary>There is no way to reach a person for the approval here.</summary>
    RefusedNoApprovalChannel,
    /// <summary>A preview and a single-use confirmation token were handed back (unattended automation or the sandbox).</summary>
    ConfirmationRequested,
    /// <summary>A confirmation token was carried, but this server does not honour tokens.</summary>
    RefusedTokenNotHonoured,
    /// <summary>A valid confirmation token confirmed the call.</summary>
    ConfirmedByToken,
    /// <summary>The confirmation token had expired.</summary>
    RefusedTokenExpired,
    /// <summary>The confirmation token was already used.</summary>
    RefusedTokenAlreadyUsed,
    /// <summary>The confirmation token was issued for another tool or other arguments.</summary>
    RefusedTokenOtherCall,
    /// <summary>The confirmation token was issued under another policy.</summary>
    RefusedTokenOtherPolicy,
    /// <summary>This server never issued the confirmation token.</summary>
    RefusedTokenUnknown,
    /// <summary>The person accepted the form with its box ticked.</summary>
    ConfirmedByElicitation,
    /// <summary>The person accepted the form without ticking its box.</summary>
    DeclinedUnchecked,
    /// <summary>The person declined the form.</summary>
    DeclinedByUser,
    /// <summary>The person dismissed the form.</summary>
    CancelledByUser,
    /// <summary>The approval page was handed to the client to open (URL elicitation).</summary>
    ApprovalRequestedUrl,
    /// <summary>The server opened the approval page for the person.</summary>
    ApprovalRequestedOpener,
    /// <summary>The approval page waits for a named approver to sign in.</summary>
    ApprovalRequestedApprovers,
    /// <summary>The approval was still undecided when the wait ended; the same call again keeps waiting.</summary>
    ApprovalPending,
    /// <summary>Approved on the approval page (by whom is <see cref="CallState.DecidedBy"/>).</summary>
    ApprovedOnPage,
    /// <summary>Denied on the approval page (by whom is <see cref="CallState.DecidedBy"/>).</summary>
    DeniedOnPage,
    /// <summary>The approval expired (or was already used) before anyone approved it.</summary>
    ApprovalExpired,
    /// <summary>A secret typed on the approval page broke the tool's schema; nothing was sent.</summary>
    RefusedTypedSecretInvalid,
}

/// <summary>The texts of <see cref="GateDecision"/>: written here and nowhere else.</summary>
public static class GateDecisions
{
    /// <summary>A member's text, as the audit log and telemetry write it (kebab-case).</summary>
    public static string Text(GateDecision decision) => decision switch
    {
        GateDecision.Executed => "executed",
        GateDecision.DryRun => "dry-run",
        GateDecision.Preview => "preview",
        GateDecision.InvalidArguments => "invalid-arguments",
        GateDecision.RefusedReadOnly => "refused-read-only",
        GateDecision.RefusedPolicy => "refused-policy",
        GateDecision.RefusedNotConfigured => "refused-not-configured",
        GateDecision.RefusedUnsafeStateFile => "refused-unsafe-state-file",
        GateDecision.RefusedStoreUnavailable => "refused-store-unavailable",
        GateDecision.RefusedDryRunRequired => "refused-dry-run-required",
        GateDecision.RefusedDryRunSpent => "refused-dry-run-spent",
        GateDecision.RefusedDryRunInUse => "refused-dry-run-in-use",
        GateDecision.RefusedWillFail => "refused-will-fail",
        GateDecision.RefusedTargetUnreadable => "refused-target-unreadable",
        GateDecision.ConfirmationSkipped => "confirmation-skipped",
        GateDecision.RefusedRequestStateAlreadyUsed => "refused-request-state-alreadyused",
        GateDecision.RefusedRequestStateExpired => "refused-request-state-expired",
        GateDecision.RefusedRequestStateOtherCall => "refused-request-state-othercall",
        GateDecision.RefusedRequestStateForged => "refused-request-state-forged",
        GateDecision.ElicitationRequested => "elicitation-requested",
        GateDecision.ConfirmationTimedOut => "confirmation-timed-out",
        GateDecision.RefusedElicitationRequired => "refused-elicitation-required",
        GateDecision.RefusedNoApprovalChannel => "refused-no-approval-channel",
        GateDecision.ConfirmationRequested => "confirmation-requested",
        GateDecision.RefusedTokenNotHonoured => "refused-token-not-honoured",
        GateDecision.ConfirmedByToken => "confirmed-by-token",
        GateDecision.RefusedTokenExpired => "refused-token-expired",
        GateDecision.RefusedTokenAlreadyUsed => "refused-token-alreadyused",
        GateDecision.RefusedTokenOtherCall => "refused-token-othercall",
        GateDecision.RefusedTokenOtherPolicy => "refused-token-otherpolicy",
        GateDecision.RefusedTokenUnknown => "refused-token-unknown",
        GateDecision.ConfirmedByElicitation => "confirmed-by-elicitation",
        GateDecision.DeclinedUnchecked => "declined-unchecked",
        GateDecision.DeclinedByUser => "declined-by-user",
        GateDecision.CancelledByUser => "cancelled-by-user",
        GateDecision.ApprovalRequestedUrl => "approval-requested-url",
        GateDecision.ApprovalRequestedOpener => "approval-requested-opener",
        GateDecision.ApprovalRequestedApprovers => "approval-requested-approvers",
        GateDecision.ApprovalPending => "approval-pending",
        GateDecision.ApprovedOnPage => "approved-on-page",
        GateDecision.DeniedOnPage => "denied-on-page",
        GateDecision.ApprovalExpired => "approval-expired",
        GateDecision.RefusedTypedSecretInvalid => "refused-typed-secret-invalid",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, null),
    };

    /// <summary>The audit log's <c>decision</c>: the member's text, who approved or denied on the page, and what else
    /// the approval carried ("approved-on-page by alice; secret typed on the page; secrets revealed").</summary>
    public static string AuditText(CallState state) => Compose(state, withPerson: true);

    /// <summary>The <c>rcmcp.gate.decision</c> attribute: the audit text without who decided, so it is never personal
    /// and the metric's values stay few.</summary>
    public static string TelemetryText(CallState state) => Compose(state, withPerson: false);

    private static string Compose(CallState state, bool withPerson)
    {
        var text = Text(state.Decision);
        if (withPerson && state.DecidedBy is { } by) text += " by " + by;
        if (state.SecretTypedOnPage) text += "; secret typed on the page";
        if (state.SecretsRevealed) text += "; secrets revealed";
        return text;
    }

    /// <summary>The refusal of a form answer whose sealed request state did not check out.</summary>
    public static GateDecision ForSeal(SealCheck check) => check switch
    {
        SealCheck.AlreadyUsed => GateDecision.RefusedRequestStateAlreadyUsed,
        SealCheck.Expired => GateDecision.RefusedRequestStateExpired,
        SealCheck.OtherCall => GateDecision.RefusedRequestStateOtherCall,
        SealCheck.Forged => GateDecision.RefusedRequestStateForged,
        _ => throw new ArgumentOutOfRangeException(nameof(check), check, "a valid seal is not a refusal"),
    };

    /// <summary>The refusal of a confirmation token that did not check out.</summary>
    public static GateDecision ForToken(TokenCheck check) => check switch
    {
        TokenCheck.Expired => GateDecision.RefusedTokenExpired,
        TokenCheck.AlreadyUsed => GateDecision.RefusedTokenAlreadyUsed,
        TokenCheck.OtherCall => GateDecision.RefusedTokenOtherCall,
        TokenCheck.OtherPolicy => GateDecision.RefusedTokenOtherPolicy,
        TokenCheck.Unknown => GateDecision.RefusedTokenUnknown,
        _ => throw new ArgumentOutOfRangeException(nameof(check), check, "a valid token is not a refusal"),
    };

    /// <summary>The approval page was shown to the person through this channel.</summary>
    public static GateDecision Requested(ApprovalChannel channel) => channel switch
    {
        ApprovalChannel.Url => GateDecision.ApprovalRequestedUrl,
        ApprovalChannel.Opener => GateDecision.ApprovalRequestedOpener,
        ApprovalChannel.Approvers => GateDecision.ApprovalRequestedApprovers,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "the page was not shown through this channel"),
    };

    /// <summary>The call was turned away without doing anything: a refusal, a decline, or a wait for a person.</summary>
    public static bool Declined(GateDecision decision) => decision is GateDecision.DeclinedUnchecked or GateDecision.DeclinedByUser
        or GateDecision.CancelledByUser or GateDecision.DeniedOnPage;
}
