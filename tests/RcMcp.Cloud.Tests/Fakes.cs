using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;

namespace RcMcp.Cloud.Tests;

/// <summary>One request as the primary handler saw it (headers and body copied at send time).</summary>
public sealed record RecordedRequest(
    HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? Body, string? ContentType)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}

/// <summary>A scripted primary handler standing in for the network: each send takes the next scripted step
/// (the last step repeats when the script runs out).</summary>
public sealed class FakeApi : HttpMessageHandler
{
    public const string TaskJson =
        """{"taskId":"7e4b2c1a-0000-4000-8000-000000000001","commandType":"subscriptionCreateRequest","status":"received","description":"Task request received","timestamp":"2024-05-01T10:00:00Z","links":[]}""";

    private readonly ConcurrentQueue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> _last =
        (_, _) => Task.FromResult(Json(HttpStatusCode.OK, "{}"));
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();
    public int Sends => _requests.Count;

    public FakeApi Respond(HttpStatusCode status, string? body = null, Action<HttpResponseMessage>? configure = null) =>
        Then((_, _) =>
        {
            var response = body is null ? new HttpResponseMessage(status) : Json(status, body);
            configure?.Invoke(response);
            return Task.FromResult(response);
        });

    public FakeApi Throw(Func<Exception> exception) => Then((_, _) => Task.FromException<HttpResponseMessage>(exception()));

    /// <summary>Never answers: waits until the attempt is cancelled (time-out).</summary>
    public FakeApi Hang() => Then(async (_, ct) =>
    {
        await Task.Delay(Timeout.Infinite, ct);
        throw new InvalidOperationException("unreachable");
    });

    public FakeApi Then(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> step)
    {
        _script.Enqueue(step);
        _last = step;
        return this;
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string body) => new(status)
    {
        Content = new StringContent(body, Encoding.UTF8, "application/json"),
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        string? body = null;
        string? contentType = null;
        if (request.Content is not null)
        {
            body = await request.Content.ReadAsStringAsync(cancellationToken);
            contentType = request.Content.Headers.ContentType?.ToString();
        }
        _requests.Enqueue(new RecordedRequest(request.Method, request.RequestUri!, headers, body, contentType));

        var step = _script.TryDequeue(out var next) ? next : _last;
        var response = await step(request, cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}

/// <summary>Collects every log line (message and structured values) for leak checks.</summary>
public sealed class ListLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new ListLogger(this);

    public void Dispose() { }

    private sealed class ListLogger(ListLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> kvs
                ? string.Join(" ", kvs.Select(kv => $"{kv.Key}={kv.Value}"))
                : "";
            owner.Lines.Enqueue($"{logLevel} {formatter(state, exception)} | {values} | {exception}");
        }
    }
}

public static class TestClient
{
    public const string BaseUrl = "https://api.test/v1";
    public const string ApiKey = "acct-key-1111";
    public const string SecretKey = "user-secret-2222";

    /// <summary>Fast settings: 1 ms back-off, 5 ms Retry-After cap, no rate limit.</summary>
    public static RedisCloudOptions Options(Action<RedisCloudOptions>? configure = null)
    {
        var options = new RedisCloudOptions
        {
            BaseUrl = BaseUrl,
            ApiKey = ApiKey,
            SecretKey = SecretKey,
            BaseDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryAfter = TimeSpan.FromMilliseconds(5),
            AttemptTimeout = TimeSpan.FromSeconds(10),
            TotalTimeout = TimeSpan.FromSeconds(30),
            MaxRetryAttempts = 4,
            RequestsPerMinute = 0,
        };
        configure?.Invoke(options);
        return options;
    }

    public static RedisCloudClient Create(FakeApi api, Action<RedisCloudOptions>? configure = null, ILoggerFactory? loggerFactory = null) =>
        RedisCloudClient.Create(Options(configure), loggerFactory, api);
}

/// <summary>A clock moved by hand, with timers that fire when it passes their due time.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    public override long GetTimestamp() { lock (_lock) return _ticks; }
    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(GetTimestamp());

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        List<ManualTimer> due;
        lock (_lock)
        {
            _ticks += by.Ticks;
            due = _timers.Where(t => t.DueAt is long at && at <= _ticks).ToList();
            foreach (var t in due) t.DueAt = null;
        }
        foreach (var t in due) t.Fire();
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        public long? DueAt;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                if (dueTime == Timeout.InfiniteTimeSpan) { DueAt = null; return true; }
                DueAt = clock._ticks + dueTime.Ticks;
                if (!clock._timers.Contains(this)) clock._timers.Add(this);
            }
            if (dueTime == TimeSpan.Zero) clock.Advance(TimeSpan.Zero);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._lock) { clock._timers.Remove(this); DueAt = null; }
        }

        public ValueTask DisposeAsync() { Dispose(); return default; }
    }
}
