using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RcMcp.Server.Approvals;

namespace RcMcp.Server.Tests.Approvals;

/// <summary>A clock the test moves by hand whose timers fire when it passes their due time.</summary>
public sealed class TimerClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<Timer> _timers = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public void Advance(TimeSpan by)
    {
        List<Timer> due;
        lock (_gate)
        {
            _now += by;
            due = _timers.Where(t => t.Due <= _now).ToList();
            foreach (var t in due) _timers.Remove(t);
        }
        foreach (var t in due) t.Fire();
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class Timer(TimerClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due;

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan) return true;
                Due = clock._now + dueTime;
                clock._timers.Add(this);
            }
            return true;
        }

        public void Dispose()
        {
            lock (clock._gate) clock._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

public static class ApprovalSamples
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static ApprovalPreview Preview(IReadOnlyList<FieldChange>? changes = null, IReadOnlyList<string>? secretInputs = null) => new(
        new ApprovalTarget("orders-cache", "12345", "active"),
        changes ??
        [
            new FieldChange("memoryLimitInGb", "1", "2"),
            new FieldChange("name", "orders-cache", "orders-<b>cache</b>"),
            new FieldChange("sourceIps", null, null, Added: ["10.0.0.0/24"], Removed: ["0.0.0.0/0"]),
        ],
        "Nothing is deleted; the database restarts its shards.",
        "$0.881/hour",
        new PreviewRequest("PUT", "https://api.redislabs.com/v1/subscriptions/7/databases/12345", """{"memoryLimitInGb":2,"password":"[redacted]"}"""),
        secretInputs ?? []);

    public static ApprovalRequest Request(TimeProvider time, ApprovalPreview? preview = null, TimeSpan? lifetime = null) =>
        ApprovalRequest.Create("update_pro_database", "Update a Pro database", "keys:ab12", "digest:cd34", "policy:ef56",
            preview ?? Preview(), time, lifetime ?? TimeSpan.FromMinutes(5));
}

/// <summary>Collects every log message (formatted, with its state values) at every level.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            owner.Lines.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            owner.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {values} {exception}");
        }
    }
}
