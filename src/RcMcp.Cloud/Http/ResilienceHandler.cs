using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace RcMcp.Cloud.Http;

/// <summary>
/// The one resilience pipeline of the client (Polly 8): total time-out ▶ retry ▶ [rate-limit permit] ▶ attempt
/// time-out around every attempt. Waiting for a permit is not part of an attempt: a request queued behind the limiter
/// does not time out and go to the back of the queue. Which failures are retried is decided by <see cref="RetryRules.ShouldRetry"/>; a server-sent Retry-After
/// sets the delay (capped), otherwise exponential back-off with jitter. Each attempt sends a fresh copy of the request,
/// because request content can be sent only once. Logs (Debug) method, path, status, elapsed time and attempt: never
/// headers, never bodies.
/// </summary>
internal sealed partial class ResilienceHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<Call> CallKey = new("RcMcp.Cloud.Call");
    private static readonly TimeSpan MinPollyTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxPollyTimeout = TimeSpan.FromHours(24);

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ResiliencePipeline<HttpResponseMessage> _attempt;
    private readonly ILogger _logger;
    private readonly IApiRateLimiter? _limiter;
    private readonly RedisCloudOptions _options;

    public ResilienceHandler(RedisCloudOptions options, ILogger? logger = null, IApiRateLimiter? limiter = null, TimeProvider? timeProvider = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _limiter = limiter;
        _options = options;
        _pipeline = BuildPipeline(options, _logger, timeProvider ?? TimeProvider.System);
        _attempt = BuildAttemptPipeline(options, timeProvider ?? TimeProvider.System);
    }

    /// <summary>Total time-out ▶ retry: around the permit and the attempt.</summary>
    internal static ResiliencePipeline<HttpResponseMessage> BuildPipeline(RedisCloudOptions options, ILogger logger, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (ToPollyTimeout(options.TotalTimeout) is TimeSpan total) builder.AddTimeout(total);
        if (options.MaxRetryAttempts > 0) builder.AddRetry(CreateRetryOptions(options, logger, timeProvider));
        return builder.Build();
    }

    /// <summary>The attempt time-out: around one attempt only, after its permit.</summary>
    internal static ResiliencePipeline<HttpResponseMessage> BuildAttemptPipeline(RedisCloudOptions options, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (ToPollyTimeout(options.AttemptTimeout) is TimeSpan attempt) builder.AddTimeout(attempt);
        return builder.Build();
    }

    /// <summary>Retry settings: <see cref="RetryRules.ShouldRetry"/> decides, Retry-After (capped at
    /// <see cref="RedisCloudOptions.MaxRetryAfter"/>) or exponential back-off with jitter sets the delay.</summary>
    internal static RetryStrategyOptions<HttpResponseMessage> CreateRetryOptions(RedisCloudOptions options, ILogger logger, TimeProvider timeProvider)
    {
        var baseDelay = options.BaseDelay < TimeSpan.Zero ? TimeSpan.Zero : options.BaseDelay;
        var maxRetryAfter = options.MaxRetryAfter < TimeSpan.Zero ? TimeSpan.Zero : options.MaxRetryAfter;
        return new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = options.MaxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = baseDelay,
            MaxDelay = maxRetryAfter > baseDelay ? maxRetryAfter : baseDelay,
            ShouldHandle = static args => ValueTask.FromResult(RetryRules.ShouldRetry(
                MethodOf(args.Context), (int?)args.Outcome.Result?.StatusCode, args.Outcome.Exception)),
            DelayGenerator = args => ValueTask.FromResult(
                RetryRules.RetryAfterDelay(args.Outcome.Result, maxRetryAfter, timeProvider.GetUtcNow())),
            OnRetry = args =>
            {
                if (logger.IsEnabled(LogLevel.Debug) && args.Context.Properties.TryGetValue(CallKey, out var call))
                {
                    var reason = args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString() : Describe(args.Outcome.Exception);
                    LogRetry(logger, call.Operation, call.Request.Method.Method, call.Path, args.AttemptNumber + 1, reason,
                        (long)args.RetryDelay.TotalMilliseconds);
                }
                return default;
            },
        };
    }

    private static HttpMethod MethodOf(ResilienceContext context) =>
        // Unknown method: assume the worst (a change).
        context.Properties.TryGetValue(CallKey, out var call) ? call.Request.Method : HttpMethod.Post;

    private static TimeSpan? ToPollyTimeout(TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value == Timeout.InfiniteTimeSpan || value >= MaxPollyTimeout) return null;
        return value < MinPollyTimeout ? MinPollyTimeout : value;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var content = request.Content is null
            ? null
            : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var call = new Call(this, request, content);

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(CallKey, call);
        try
        {
            return await _pipeline.ExecuteAsync(
                static (ctx, c) => c.Handler.PermitThenAttemptAsync(c, ctx), context, call).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<HttpResponseMessage> PermitThenAttemptAsync(Call call, ResilienceContext context)
    {
        IDisposable? permit = null;
        if (_limiter is not null)
        {
            var key = RequestContext.ResolveCredentials(call.Request, _options)?.ApiKey.Trim() ?? string.Empty;
            var waitStarted = Stopwatch.GetTimestamp();
            var acquiring = _limiter.AcquireAsync(key, context.CancellationToken);
            // A permit given at once is no wait, however slow the machine made the call; only a queued one is.
            var queued = !acquiring.IsCompleted;
            permit = await acquiring.ConfigureAwait(false);
            call.Waited = queued ? Stopwatch.GetElapsedTime(waitStarted) : TimeSpan.Zero;
            RcMcpTelemetry.RateLimitWaited(call.Waited);
        }
        using (permit)
            return await _attempt.ExecuteAsync(static (ctx, c) => c.Handler.SendAttemptAsync(c, ctx.CancellationToken), context, call).ConfigureAwait(false);
    }

    private async ValueTask<HttpResponseMessage> SendAttemptAsync(Call call, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref call.Attempts);
        var message = Clone(call.Request, call.Content);
        // The attempt's span (when traced): its wait for the permit is an attribute, not part of its time.
        using var activity = RcMcpTelemetry.StartAttempt(call.Operation, message, attempt, call.Waited);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await BufferAsync(response, cancellationToken).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            LogAttempt(_logger, call.Operation, message.Method.Method, call.Path, attempt, (int)response.StatusCode, (long)elapsed.TotalMilliseconds);
            RcMcpTelemetry.Answered(activity, call.Operation, message.Method.Method, (int)response.StatusCode, elapsed);
            return response;
        }
        catch (Exception ex) when (LogFailure(call, attempt, ex, started, activity))
        {
            throw; // never reached: the filter only logs
        }
    }

    /// <summary>Reads the body inside the attempt, so that the attempt time-out covers it and a broken body of a read
    /// can be retried.</summary>
    private static async Task BufferAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            response.Dispose();
            if (ex is IOException io)
            {
                var error = io is HttpIOException h ? h.HttpRequestError : HttpRequestError.ResponseEnded;
                throw new HttpRequestException(error, "Reading the response body failed.", io);
            }
            throw;
        }
    }

    private bool LogFailure(Call call, int attempt, Exception ex, long started, Activity? activity)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        LogAttemptFailed(_logger, call.Operation, call.Request.Method.Method, call.Path, attempt, Describe(ex), (long)elapsed.TotalMilliseconds);
        RcMcpTelemetry.Failed(activity, call.Operation, call.Request.Method.Method, ErrorType(ex), elapsed);
        return false;
    }

    /// <summary>The kind of a failure for telemetry (a fixed word, never the exception's message).</summary>
    private static string ErrorType(Exception ex) => ex switch
    {
        HttpRequestException h => h.HttpRequestError == HttpRequestError.Unknown ? "network" : "network_" + h.HttpRequestError.ToString().ToLowerInvariant(),
        TimeoutRejectedException => "timeout",
        OperationCanceledException => "canceled",
        _ => ex.GetType().Name,
    };

    private static string Describe(Exception? ex) => ex switch
    {
        null => "unknown",
        HttpRequestException h => "network " + h.HttpRequestError,
        OperationCanceledException => "canceled or timed out",
        TimeoutRejectedException => "timed out",
        _ => ex.GetType().Name,
    };

    /// <summary>A fresh copy of the request for one attempt: method, URI, version, headers, options and content.</summary>
    internal static HttpRequestMessage Clone(HttpRequestMessage request, byte[]? content)
    {
        var clone = new HttpRequestMessage(request.Method, request.RequestUri)
        {
            Version = request.Version,
            VersionPolicy = request.VersionPolicy,
        };
        foreach (var header in request.Headers) clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
        IDictionary<string, object?> options = clone.Options;
        foreach (var option in request.Options) options[option.Key] = option.Value;
        if (content is not null && request.Content is not null)
        {
            clone.Content = new ByteArrayContent(content);
            foreach (var header in request.Content.Headers) clone.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        return clone;
    }

    private sealed class Call(ResilienceHandler handler, HttpRequestMessage request, byte[]? content)
    {
        public int Attempts;
        /// <summary>How long the latest attempt waited for its rate-limit permit.</summary>
        public TimeSpan Waited;
        public ResilienceHandler Handler { get; } = handler;
        public HttpRequestMessage Request { get; } = request;
        public byte[]? Content { get; } = content;
        public string Operation { get; } = RequestContext.OperationOf(request);
        public string Path { get; } = request.RequestUri?.IsAbsoluteUri == true ? request.RequestUri.AbsolutePath : request.RequestUri?.OriginalString ?? "";
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug,
        Message = "Redis Cloud {Operation} {Method} {Path} attempt {Attempt}: HTTP {StatusCode} in {ElapsedMs} ms")]
    private static partial void LogAttempt(ILogger logger, string operation, string method, string path, int attempt, int statusCode, long elapsedMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug,
        Message = "Redis Cloud {Operation} {Method} {Path} attempt {Attempt} failed ({Failure}) after {ElapsedMs} ms")]
    private static partial void LogAttemptFailed(ILogger logger, string operation, string method, string path, int attempt, string failure, long elapsedMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug,
        Message = "Redis Cloud {Operation} {Method} {Path}: retrying after attempt {Attempt} ({Reason}) in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string operation, string method, string path, int attempt, string reason, long delayMs);
}
