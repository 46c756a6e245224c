using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RcMcp.Cloud;

/// <summary>
/// The product's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named "RcMcp" (docs/telemetry.md).
/// They cost next to nothing while nobody listens: a span is only created, and a measurement only taken, when a
/// listener (the OpenTelemetry SDK, a test) asked for this name. What they carry is chosen so that no secret can be in
/// it: never a header, a body, a query string or an argument value; an API path only as a template
/// (<see cref="ApiPathTemplate"/>).
/// </summary>
public static class RcMcpTelemetry
{
    public const string Name = "RcMcp";

    private static readonly string Version = typeof(RcMcpTelemetry).Assembly.GetName().Version?.ToString(3) ?? "0.1.0";

    public static ActivitySource Source { get; } = new(Name, Version);

    public static Meter Meter { get; } = new(Name, Version);

    /// <summary>Bucket bounds in seconds for request durations (those of the HTTP semantic conventions).</summary>
    public static readonly IReadOnlyList<double> DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60];

    /// <summary>Bucket bounds in seconds for waits for a rate-limit permit (none, a little, up to the whole window).</summary>
    public static readonly IReadOnlyList<double> WaitBuckets = [0, 0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60];

    private static readonly Histogram<double> ApiDuration = Meter.CreateHistogram("rcmcp.api.request.duration", "s",
        "Time of one attempt of a Redis Cloud API request, from sending to the whole answer, after its rate-limit permit.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    private static readonly Counter<long> ApiThrottled = Meter.CreateCounter<long>("rcmcp.api.throttled", "{response}",
        "Answers of the Redis Cloud API with status 429 (too many requests).");

    private static readonly Histogram<double> RateLimitWait = Meter.CreateHistogram("rcmcp.api.rate_limit.wait", "s",
        "Time a Redis Cloud API request waited for a permit of the client-side rate limiter (0 when it went at once).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = WaitBuckets });

    // Attribute names used by the API spans and metrics.
    public const string OperationAttribute = "rcmcp.api.operation";
    public const string RateLimitWaitAttribute = "rcmcp.rate_limit.wait";

    /// <summary>Records how long a request waited for its rate-limit permit (never which key it was for).</summary>
    internal static void RateLimitWaited(TimeSpan waited)
    {
        if (RateLimitWait.Enabled) RateLimitWait.Record(waited.TotalSeconds);
    }

    /// <summary>Starts the span of one attempt of an API request (null when nobody listens). Its attributes are the
    /// operation, the method, the URL as a template, the server, the retry count and the wait for the permit.</summary>
    internal static Activity? StartAttempt(string operation, HttpRequestMessage message, int attempt, TimeSpan waited)
    {
        if (!Source.HasListeners()) return null;
        var activity = Source.StartActivity("redis_cloud " + operation, ActivityKind.Client);
        if (activity is null || !activity.IsAllDataRequested) return activity;
        activity.SetTag(OperationAttribute, operation);
        activity.SetTag("http.request.method", message.Method.Method);
        if (message.RequestUri is { IsAbsoluteUri: true } uri)
        {
            activity.SetTag("url.full", ApiPathTemplate.FullUrl(uri));
            activity.SetTag("server.address", uri.Host);
            activity.SetTag("server.port", uri.Port);
        }
        if (attempt > 1) activity.SetTag("http.request.resend_count", attempt - 1);
        // Set when the request really waited in the limiter's queue.
        if (waited > TimeSpan.Zero) activity.SetTag(RateLimitWaitAttribute, waited.TotalSeconds);
        return activity;
    }

    /// <summary>An attempt got an answer: span status, duration, 429s, and the call's list of status codes.</summary>
    internal static void Answered(Activity? activity, string operation, string method, int status, TimeSpan elapsed)
    {
        ApiResponseLog.Current?.Record(status);
        if (activity is not null)
        {
            activity.SetTag("http.response.status_code", status);
            if (status >= 400)
            {
                activity.SetTag("error.type", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }
        if (ApiDuration.Enabled)
            ApiDuration.Record(elapsed.TotalSeconds, new TagList
            {
                { OperationAttribute, operation }, { "http.request.method", method }, { "http.response.status_code", status },
            });
        if (status == 429 && ApiThrottled.Enabled) ApiThrottled.Add(1, new KeyValuePair<string, object?>(OperationAttribute, operation));
    }

    /// <summary>An attempt failed without an answer (network, time-out): the kind of failure only, never its message.</summary>
    internal static void Failed(Activity? activity, string operation, string method, string errorType, TimeSpan elapsed)
    {
        if (activity is not null)
        {
            activity.SetTag("error.type", errorType);
            activity.SetStatus(ActivityStatusCode.Error);
        }
        if (ApiDuration.Enabled)
            ApiDuration.Record(elapsed.TotalSeconds, new TagList
            {
                { OperationAttribute, operation }, { "http.request.method", method }, { "error.type", errorType },
            });
    }
}

/// <summary>
/// The HTTP status codes of the API answers within one asynchronous flow (one tool call), for that call's span. Only
/// started by a caller that records them (a span that is being recorded), so it costs nothing otherwise.
/// </summary>
public sealed class ApiResponseLog
{
    private const int MaxCodes = 64;
    private static readonly AsyncLocal<ApiResponseLog?> CurrentLog = new();
    private readonly List<int> _codes = [];

    public static ApiResponseLog? Current => CurrentLog.Value;

    /// <summary>Collects into <paramref name="log"/> until the returned scope is disposed.</summary>
    public static IDisposable Begin(ApiResponseLog log)
    {
        var previous = CurrentLog.Value;
        CurrentLog.Value = log;
        return new Restore(previous);
    }

    /// <summary>Every status code, in the order the answers came (at most 64).</summary>
    public int[] StatusCodes
    {
        get
        {
            lock (_codes) return [.. _codes];
        }
    }

    internal void Record(int status)
    {
        lock (_codes)
            if (_codes.Count < MaxCodes) _codes.Add(status);
    }

    private sealed class Restore(ApiResponseLog? previous) : IDisposable
    {
        public void Dispose() => CurrentLog.Value = previous;
    }
}

/// <summary>
/// An API URL as telemetry may show it: scheme, host and port, and the path with every segment that is not one of the
/// API's own words or a number replaced by <c>{value}</c> (a tag key, a region or endpoint name: values a caller
/// chose). Numbers are resource ids and stay. No user information, no query string.
/// </summary>
public static class ApiPathTemplate
{
    public const string Placeholder = "{value}";

    /// <summary>The literal segments of the API's paths (tests keep this list equal to the spec's).</summary>
    public static readonly IReadOnlySet<string> Words = new HashSet<string>(StringComparer.Ordinal)
    {
        "accept", "acl", "attachment", "available-target-versions", "backup", "certificate", "cidr", "cloud-accounts",
        "connections", "cost-report", "creationScripts", "data-integration-workspace", "data-integration-workspaces",
        "data-persistence", "database-modules", "databases", "deletionScripts", "disassociate", "endpoint-redirections",
        "endpoint-script", "endpoints", "fixed", "flush", "import", "invitations", "logs", "maintenance-windows",
        "payment-methods", "peerings", "plans", "pricing", "principals", "private-link", "private-service-connect",
        "query-performance-factors", "redis-versions", "redisRules", "regions", "reject", "resource-tags", "resume",
        "revert", "roles", "session-logs", "slow-log", "subscriptions", "tags", "tasks", "traffic", "transitGateways",
        "upgrade", "users", "v1",
    };

    /// <summary>The path as a template: <c>/v1/subscriptions/12/databases/34/tags/{value}</c>.</summary>
    public static string Path(string absolutePath)
    {
        var segments = absolutePath.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Length == 0 || Words.Contains(segment) || IsNumber(segment)) continue;
            segments[i] = Placeholder;
        }
        return string.Join('/', segments);
    }

    /// <summary>The whole URL as a template (scheme://host:port/path), without user information or query.</summary>
    public static string FullUrl(Uri uri) =>
        $"{uri.Scheme}://{uri.Host}{(uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))}{Path(uri.AbsolutePath)}";

    private static bool IsNumber(string segment)
    {
        foreach (var c in segment)
            if (c is < '0' or > '9') return false;
        return true;
    }
}
