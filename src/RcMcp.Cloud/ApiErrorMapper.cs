using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Polly.Timeout;

namespace RcMcp.Cloud;

/// <summary>
/// Turns every failure into one <see cref="RedisCloudApiException"/>: what failed, the API's own words, whether the
/// change may have happened, and what to do next. Pure: no I/O. Messages never contain header values or request
/// bodies; text coming back from the API is scrubbed of anything that looks like a credential.
/// </summary>
internal static partial class ApiErrorMapper
{
    /// <summary>Longest API message kept, in characters.</summary>
    public const int MaxApiMessageLength = 500;

    public const string NotConfiguredHint =
        "Set REDIS_CLOUD_API_KEY and REDIS_CLOUD_API_SECRET_KEY (or run the server with --sandbox)";

    /// <summary>Maps a non-success response.</summary>
    /// <param name="request">The request that failed.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="reasonPhrase">The response's reason phrase, if any (a standard one is used otherwise).</param>
    /// <param name="body">The response body as text, if any.</param>
    /// <param name="retryAfter">The server's Retry-After, if sent.</param>
    /// <param name="credentials">The credentials used: their values are removed from anything echoed back.</param>
    public static RedisCloudApiException FromResponse(
        ApiRequest request, int statusCode, string? reasonPhrase, string? body, TimeSpan? retryAfter,
        ApiCredentials? credentials = null)
    {
        var (apiMessage, errorCode) = ParseBody(body);
        apiMessage = Scrub(apiMessage, credentials);
        errorCode = Scrub(errorCode, credentials);
        var reason = string.IsNullOrWhiteSpace(reasonPhrase) ? StandardReason(statusCode) : Scrub(Clean(reasonPhrase, 80), credentials);

        var message = $"{request.Operation} failed: HTTP {statusCode} {reason}".TrimEnd();
        if (apiMessage is not null) message += ": " + apiMessage;

        var mayHaveBeenApplied = request.IsMutating && (statusCode >= 500 || statusCode == 408);
        return new RedisCloudApiException(
            ApiErrorKind.Http, request.Operation, message, HintFor(statusCode, request, retryAfter),
            statusCode, apiMessage, errorCode, retryAfter, mayHaveBeenApplied);
    }

    /// <summary>Maps a failure where no usable response came back (time-out, network error).</summary>
    public static RedisCloudApiException FromException(ApiRequest request, Exception exception, ApiCredentials? credentials = null)
    {
        var op = request.Operation;
        switch (exception)
        {
            case RedisCloudApiException already:
                return already;

            case TimeoutRejectedException timeout:
                return new RedisCloudApiException(
                    ApiErrorKind.Timeout, op,
                    $"{op} failed: no answer from the Redis Cloud API within {Format(timeout.Timeout)}",
                    TimeoutHint(request), mayHaveBeenApplied: request.IsMutating, inner: exception);

            case OperationCanceledException:
                // Not the caller's cancellation (the client rethrows that): an HttpClient-level time-out.
                return new RedisCloudApiException(
                    ApiErrorKind.Timeout, op, $"{op} failed: the request to the Redis Cloud API timed out",
                    TimeoutHint(request), mayHaveBeenApplied: request.IsMutating, inner: exception);

            case HttpRequestException http:
            {
                var neverSent = RetryRules.NeverSent(http);
                var may = request.IsMutating && !neverSent;
                var detail = Scrub(Clean(http.Message, 200), credentials);
                var hint = "Could not reach the Redis Cloud API: check network access, DNS, proxy settings and the base URL.";
                if (may) hint += " The request may have reached the API: check the resource's current state (GET it, or list tasks) before retrying.";
                else if (neverSent) hint += " The connection never opened, so nothing was applied: retrying is safe.";
                return new RedisCloudApiException(
                    ApiErrorKind.Network, op, $"{op} failed: network error ({http.HttpRequestError}): {detail}",
                    hint, mayHaveBeenApplied: may, inner: exception);
            }

            default:
                return new RedisCloudApiException(
                    ApiErrorKind.Network, op, $"{op} failed: {exception.GetType().Name} while calling the Redis Cloud API",
                    "Unexpected client-side failure." + (request.IsMutating
                        ? " The request may have reached the API: check the resource's current state before retrying."
                        : " Retry later."),
                    mayHaveBeenApplied: request.IsMutating, inner: exception);
        }
    }

    /// <summary>No credentials anywhere: nothing was sent.</summary>
    public static RedisCloudApiException NotConfigured(string operation) => new(
        ApiErrorKind.NotConfigured, operation,
        $"{operation} failed: no Redis Cloud API credentials are configured; nothing was sent",
        NotConfiguredHint);

    /// <summary>A success status whose body could not be read as the expected JSON.</summary>
    public static RedisCloudApiException InvalidResponse(ApiRequest request, int? statusCode, string what) => new(
        ApiErrorKind.InvalidResponse, request.Operation,
        $"{request.Operation} failed: the {(statusCode is int s ? "HTTP " + s.ToString(CultureInfo.InvariantCulture) + " " : "")}response {what}",
        "The API answered with an unexpected body: check that the base URL points at the Redis Cloud API " +
        "(e.g. https://api.redislabs.com/v1)." + (request.IsMutating
            ? " The request was accepted, so the change may have been applied: check the resource before retrying."
            : ""),
        statusCode, mayHaveBeenApplied: request.IsMutating);

    /// <summary>The actionable next step for an HTTP status.</summary>
    public static string HintFor(int statusCode, ApiRequest request, TimeSpan? retryAfter)
    {
        var op = request.Operation;
        var change = request.IsMutating;
        return statusCode switch
        {
            400 => $"The API rejected the {op} request: check the field named in the message and that its value is one " +
                   "the API accepts (type, allowed values, range). Fix the arguments; the same request will fail again.",
            401 => "Authentication failed: check REDIS_CLOUD_API_KEY (the account key) and REDIS_CLOUD_API_SECRET_KEY " +
                   "(a user's secret key), that neither was rotated or deleted, and that API access is enabled for the " +
                   "account (Redis Cloud console, Access Management > API Keys).",
            403 => $"Forbidden: the API key lacks permission for {op}, or the caller's IP address is outside the secret " +
                   "key's CIDR allow-list (Access Management > API Keys). It can also mean the target resource is not active.",
            404 => NotFoundHint(request),
            408 => TimeoutHint(request),
            409 => "Conflict: the resource is busy (another operation is still pending), the name is already taken, or the " +
                   "subscription still has databases. Wait for pending tasks to finish (list tasks) or resolve the " +
                   "conflict (another name, delete the databases first), then retry.",
            412 => $"Precondition failed: the feature {op} needs is disabled for this account (feature flag off). " +
                   "Use another option, or ask Redis support to enable it.",
            422 => "The request is well-formed but this combination of settings is invalid (e.g. region and provider, " +
                   "modules and Redis version, memory and throughput, overlapping CIDR): change the settings the message names.",
            429 => $"Rate limited: too many requests, or too many resource changes at once in the account. Wait " +
                   $"{(retryAfter is TimeSpan ra ? Format(ra) + " (Retry-After)" : "a few seconds")} and retry; let pending tasks finish first.",
            >= 500 => "API-side failure. " + (change
                ? "The change may have been applied: check the resource's current state (GET it, or list tasks) before retrying."
                : "Retry later.") + " If it persists, contact Redis support.",
            _ => "Unexpected HTTP status: see the API message.",
        };
    }

    private static string TimeoutHint(ApiRequest request) => request.IsMutating
        ? "The request timed out and may have been applied: check the resource's current state (GET it, or list tasks) before retrying."
        : "The request timed out: retry later.";

    private static string NotFoundHint(ApiRequest request)
    {
        var operation = request.Operation;
        var pathOnly = request.Path.Split('?', 2)[0];
        var segments = pathOnly.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var listings = new List<string>();
        for (var i = 1; i < segments.Length; i++)
        {
            if (segments[i].Any(char.IsAsciiDigit)) listings.Add("GET /" + string.Join('/', segments[..i]));
        }
        var inBody = request.Body is not null
            ? " An id in the request body (e.g. a payment method or cloud account id) may also be unknown: " +
              "check the ids the message names."
            : "";
        if (listings.Count == 0)
            return $"Something {operation} refers to does not exist: check the path {pathOnly} and that the base URL ends with /v1." + inBody;
        return $"An id in the path of {operation} ({pathOnly}) does not exist: list the parent resource to find valid ids " +
               $"({string.Join(", ", listings)})." + inBody;
    }

    /// <summary>Reads the API's message and error code from an error body, whatever its shape:
    /// <c>{"error":{"type","status","description"}}</c>, <c>{"message":..}</c>, <c>{"description":..}</c>,
    /// <c>{"error":"text"}</c>, or plain text. The message is whitespace-collapsed and truncated.</summary>
    public static (string? Message, string? ErrorCode) ParseBody(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return (null, null);
        var text = body.Trim();

        if (text[0] is '{' or '[' or '"')
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                var root = doc.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    var error = root.TryGetProperty("error", out var e) ? e : default;
                    var code = Str(error, "type") ?? Str(error, "code") ?? Str(root, "type") ?? Str(root, "code") ?? Str(root, "errorCode");
                    var message = Str(error, "description") ?? Str(error, "message")
                        ?? Str(root, "description") ?? Str(root, "message") ?? Str(root, "detail")
                        ?? (error.ValueKind == JsonValueKind.String ? error.GetString() : null)
                        ?? Str(root, "title");
                    return (Clean(message, MaxApiMessageLength), Clean(code, 100));
                }
                if (root.ValueKind == JsonValueKind.String) return (Clean(root.GetString(), MaxApiMessageLength), null);
            }
            catch (JsonException)
            {
                // Not JSON after all: fall through to plain text.
            }
        }

        // An HTML error page (proxy, gateway) says nothing the status does not.
        if (text[0] == '<') return (null, null);
        return (Clean(text, MaxApiMessageLength), null);
    }

    private static string? Str(JsonElement element, string name) =>
        element.String(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>Collapses whitespace and control characters and truncates.</summary>
    private static string? Clean(string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var sb = new StringBuilder(Math.Min(text.Length, max + 1));
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (pendingSpace) sb.Append(' ');
            pendingSpace = false;
            sb.Append(c);
            if (sb.Length > max) break;
        }
        if (sb.Length > max) return sb.ToString(0, max - 1) + "…";
        return sb.ToString();
    }

    /// <summary>Removes credential values and anything shaped like a credential header from text the API sent back.</summary>
    public static string? Scrub(string? text, ApiCredentials? credentials)
    {
        if (string.IsNullOrEmpty(text)) return text;
        if (credentials is not null)
        {
            foreach (var secret in new[] { credentials.ApiKey, credentials.SecretKey })
            {
                var s = secret?.Trim();
                if (!string.IsNullOrEmpty(s) && s.Length >= 4) text = text.Replace(s, "***", StringComparison.Ordinal);
            }
        }
        return SecretAssignment().Replace(text, "$1$2***");
    }

    [GeneratedRegex(
        """(x-api-secret-key|x-api-key|x-auth-token|authorization|api[_-]?key|secret[_-]?key|password)(["']?\s*[:=]\s*["']?)([^\s"',;&}\]]+)""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretAssignment();

    public static string StandardReason(int statusCode) => statusCode switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        412 => "Precondition Failed",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    };

    internal static string Format(TimeSpan span) =>
        span.TotalSeconds >= 1
            ? span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s"
            : ((int)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms";
}
