using RcMcp.Cloud;

namespace RcMcp.Server.Tools;

/// <summary>
/// The stable codes of every isError result (structuredContent.error.code). Append-only: a code, once published, keeps
/// its meaning forever; docs/errors.md lists them and a test keeps that file in sync with this class.
/// </summary>
public static class ErrorCodes
{
    public const string Validation = "validation";
    public const string DryRunRequired = "dry_run_required";
    public const string DryRunInUse = "dry_run_in_use";
    public const string ConfirmationRequired = "confirmation_required";
    public const string ConfirmationDeclined = "confirmation_declined";
    public const string ConfirmationTimedOut = "confirmation_timed_out";
    public const string TokenExpired = "token_expired";
    public const string TokenUsed = "token_used";
    public const string TokenOtherCall = "token_other_call";
    public const string TokenUnknown = "token_unknown";
    public const string ReadOnly = "read_only";
    public const string NotAllowedByPolicy = "not_allowed_by_policy";
    public const string NotConfigured = "not_configured";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string Conflict = "conflict";
    public const string BadRequest = "bad_request";
    public const string Unprocessable = "unprocessable";
    public const string PreconditionFailed = "precondition_failed";
    public const string RateLimited = "rate_limited";
    public const string UpstreamUnavailable = "upstream_unavailable";
    public const string Timeout = "timeout";
    public const string TaskFailed = "task_failed";
    public const string InvalidUpstreamResponse = "invalid_upstream_response";
    public const string WillFail = "will_fail";
    public const string Internal = "internal";
    public const string UnsafeStateFile = "unsafe_state_file";
    public const string DryRunSpent = "dry_run_spent";
    public const string StoreUnavailable = "store_unavailable";

    /// <summary>Every code with its meaning, in publication order (docs/errors.md is generated from this).</summary>
    public static readonly IReadOnlyList<(string Code, bool Retryable, string Meaning)> All =
    [
        (Validation, false, "An argument is invalid; `field` names it. Nothing was sent."),
        (DryRunRequired, false, "The operation must first be called with `dryRun: true` and the same arguments. Nothing was sent."),
        (DryRunInUse, false, "Another call is already using this dry run (one dry run authorises one change). Nothing was sent."),
        (ConfirmationRequired, false, "A person must confirm, and this server may ask only through elicitation, which the client does not support. Nothing was sent."),
        (ConfirmationDeclined, false, "The person declined or cancelled the confirmation. Nothing was sent."),
        (ConfirmationTimedOut, false, "Nobody answered the confirmation prompt in time. Nothing was sent."),
        (TokenExpired, false, "The confirmationToken expired. Call again without it for a fresh preview and token."),
        (TokenUsed, false, "The confirmationToken was already used (each works once)."),
        (TokenOtherCall, false, "The confirmationToken was issued for another tool or other arguments."),
        (TokenUnknown, false, "The confirmationToken was never issued by this server (or by this caller)."),
        (ReadOnly, false, "The server runs in read-only mode; only reads are allowed."),
        (NotAllowedByPolicy, false, "The server's policy (toolsets, excluded tools, allowed subscriptions, no destructive calls) forbids this call."),
        (NotConfigured, false, "No Redis Cloud API keys are configured for this server or session."),
        (Unauthorized, false, "The API rejected the keys (HTTP 401)."),
        (Forbidden, false, "The API refused the call (HTTP 403): the key lacks permission or the caller's IP is outside the key's CIDR allow-list."),
        (NotFound, false, "Something the call names does not exist (HTTP 404)."),
        (Conflict, false, "The resource is busy, the name is taken, or it still has dependants (HTTP 409)."),
        (BadRequest, false, "The API rejected the request's content (HTTP 400)."),
        (Unprocessable, false, "The settings are valid one by one but not together (HTTP 422)."),
        (PreconditionFailed, false, "A feature the call needs is disabled for the account (HTTP 412)."),
        (RateLimited, true, "Too many requests or changes at once (HTTP 429); wait and retry."),
        (UpstreamUnavailable, true, "The API failed or could not be reached (5xx or network); a change may have been applied."),
        (Timeout, true, "The API did not answer in time; a change may have been applied."),
        (TaskFailed, false, "The asynchronous task ended in processing-error; the error says why."),
        (InvalidUpstreamResponse, false, "The API answered with a body RcMcp cannot read; a change may have been applied."),
        (WillFail, false, "The preview shows the call would certainly fail (e.g. a subscription that still has databases); nothing was asked or sent."),
        (Internal, false, "An unexpected failure inside RcMcp."),
        (UnsafeStateFile, false, "A state file (the store of dry runs and tokens, or its folder) is a link, belongs to another user, or others can read or write it; the message names it and the fix. Nothing was sent."),
        (DryRunSpent, false, "The dry run was held by a call that ended without saying whether it sent the change; it may have applied. Check list_tasks, then dry-run again if still wanted. Nothing was sent."),
        (StoreUnavailable, true, "The shared store of dry runs and approvals (Redis, fleet mode) cannot be reached, so changes are refused; reads go on. Nothing was sent. Retry shortly."),
    ];

    /// <summary>The code of an API failure.</summary>
    public static string For(RedisCloudApiException e) => e.Kind switch
    {
        ApiErrorKind.NotConfigured => NotConfigured,
        ApiErrorKind.InvalidResponse => InvalidUpstreamResponse,
        ApiErrorKind.Timeout => Timeout,
        ApiErrorKind.Network => UpstreamUnavailable,
        _ => e.StatusCode switch
        {
            400 => BadRequest,
            401 => Unauthorized,
            403 => Forbidden,
            404 => NotFound,
            409 => Conflict,
            412 => PreconditionFailed,
            422 => Unprocessable,
            429 => RateLimited,
            408 => Timeout,
            >= 500 => UpstreamUnavailable,
            _ => BadRequest,
        },
    };

    public static bool IsRetryable(string code) => All.FirstOrDefault(c => c.Code == code).Retryable;
}
