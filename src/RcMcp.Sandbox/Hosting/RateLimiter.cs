using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Hosting;

/// <summary>Sliding one-minute window of accepted requests per account.</summary>
internal sealed class RateLimiter(int perMinute, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Lock gate = new();
    private readonly Dictionary<AccountState, Queue<DateTimeOffset>> windows = [];

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (perMinute <= 0)
            return next(context);

        var account = context.Features.GetRequiredFeature<AccountState>();
        if (TryAcquire(account, out var wait))
            return next(context);

        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ApiErrors.WriteAsync(context, StatusCodes.Status429TooManyRequests, "RATE_LIMIT",
            $"Rate limit of {perMinute} requests per minute exceeded; retry after {seconds} s.");
    }

    private bool TryAcquire(AccountState account, out TimeSpan wait)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (!windows.TryGetValue(account, out var window))
                windows[account] = window = new Queue<DateTimeOffset>();
            while (window.Count > 0 && window.Peek() + Window <= now)
                window.Dequeue();

            if (window.Count < perMinute)
            {
                window.Enqueue(now);
                wait = TimeSpan.Zero;
                return true;
            }

            wait = window.Peek() + Window - now;
            return false;
        }
    }
}
