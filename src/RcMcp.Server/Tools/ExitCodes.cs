namespace RcMcp.Server.Tools;

/// <summary>
/// The exit codes of the command line (the server and the CLI commands), derived from the error codes so that a
/// script can act on the kind of failure. Documented in docs/errors.md.
/// </summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int Validation = 3;
    public const int Refused = 4;
    public const int ApiError = 5;
    public const int RateLimited = 6;
    public const int TaskFailed = 7;
    public const int NotConfigured = 8;

    public static readonly IReadOnlyList<(int Code, string When)> All =
    [
        (Success, "Success."),
        (Failure, "An unexpected failure inside RcMcp (error code `internal`)."),
        (Usage, "A bad command line: unknown option, bad value, unknown toolset or tool, one API key without the other."),
        (Validation, "Invalid arguments (error code `validation`); nothing was sent."),
        (Refused, "Refused by a gate or by policy: dry run required or in use, confirmation required, declined or timed out, a token problem, read-only, not allowed by policy, a call that would certainly fail (`will_fail`), or an unsafe state file (`unsafe_state_file`); nothing was sent."),
        (ApiError, "The API answered with an error, could not be reached, or answered with an unreadable body (`unauthorized`, `forbidden`, `not_found`, `conflict`, `bad_request`, `unprocessable`, `precondition_failed`, `upstream_unavailable`, `timeout`, `invalid_upstream_response`)."),
        (RateLimited, "Rate limited (`rate_limited`): wait and retry."),
        (TaskFailed, "The operation's task failed (`task_failed`)."),
        (NotConfigured, "No API keys are configured (`not_configured`)."),
    ];

    /// <summary>The exit code for an error code.</summary>
    public static int For(string errorCode) => errorCode switch
    {
        ErrorCodes.Validation => Validation,
        ErrorCodes.DryRunRequired or ErrorCodes.DryRunInUse or ErrorCodes.DryRunSpent or ErrorCodes.ConfirmationRequired or ErrorCodes.ConfirmationDeclined
            or ErrorCodes.ConfirmationTimedOut or ErrorCodes.TokenExpired or ErrorCodes.TokenUsed or ErrorCodes.TokenOtherCall
            or ErrorCodes.TokenUnknown or ErrorCodes.ReadOnly or ErrorCodes.NotAllowedByPolicy or ErrorCodes.WillFail or ErrorCodes.UnsafeStateFile => Refused,
        ErrorCodes.RateLimited => RateLimited,
        ErrorCodes.TaskFailed => TaskFailed,
        ErrorCodes.NotConfigured => NotConfigured,
        ErrorCodes.Internal => Failure,
        _ => ApiError,
    };
}
