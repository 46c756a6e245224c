namespace RcMcp.Cloud;

public enum ApiErrorKind
{
    /// <summary>The API answered with a non-success status.</summary>
    Http,
    /// <summary>The request could not be sent or the connection failed.</summary>
    Network,
    /// <summary>An attempt or the whole call timed out.</summary>
    Timeout,
    /// <summary>No credentials are configured; nothing was sent.</summary>
    NotConfigured,
    /// <summary>The response could not be understood.</summary>
    InvalidResponse,
}

/// <summary>
/// The single error type of the client: what failed (operation), how (status, API message and error code) and
/// what to do about it (hint). Messages never contain secrets.
/// </summary>
public sealed class RedisCloudApiException : Exception
{
    public RedisCloudApiException(
        ApiErrorKind kind,
        string operation,
        string message,
        string hint,
        int? statusCode = null,
        string? apiMessage = null,
        string? errorCode = null,
        TimeSpan? retryAfter = null,
        bool mayHaveBeenApplied = false,
        Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Operation = operation;
        Hint = hint;
        StatusCode = statusCode;
        ApiMessage = apiMessage;
        ErrorCode = errorCode;
        RetryAfter = retryAfter;
        MayHaveBeenApplied = mayHaveBeenApplied;
    }

    public ApiErrorKind Kind { get; }
    /// <summary>The spec's operationId.</summary>
    public string Operation { get; }
    /// <summary>HTTP status, when the API answered.</summary>
    public int? StatusCode { get; }
    /// <summary>The API's own error text (description/message), when it sent one.</summary>
    public string? ApiMessage { get; }
    /// <summary>The API's error code (e.g. SUBSCRIPTION_NOT_FOUND), when it sent one.</summary>
    public string? ErrorCode { get; }
    /// <summary>An actionable next step for a person or an agent.</summary>
    public string Hint { get; }
    /// <summary>Server-sent Retry-After, when present.</summary>
    public TimeSpan? RetryAfter { get; }
    /// <summary>
    /// True when a mutating request may have reached the API and been acted on (time-out or connection lost after
    /// sending, or a 5xx). The caller must check the resource before trying again.
    /// </summary>
    public bool MayHaveBeenApplied { get; }
}
