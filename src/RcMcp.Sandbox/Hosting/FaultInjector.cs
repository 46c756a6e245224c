using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace RcMcp.Sandbox.Hosting;

/// <summary>Applies <see cref="FaultRule"/>s; the first rule that applies to a request wins.</summary>
internal sealed class FaultInjector(TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly List<ActiveRule> rules = [];

    public void Add(FaultRule rule)
    {
        var active = new ActiveRule(rule);
        lock (gate)
            rules.Add(active);
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var hit = Take(context.Request.Method, PathAfterVersion(context.Request.Path));
        if (hit is null)
        {
            await next(context);
            return;
        }

        if (hit.Rule.Delay > TimeSpan.Zero)
            await Task.Delay(hit.Rule.Delay, time, context.RequestAborted);

        if (hit.Status is not { } status)
        {
            await next(context);
            return;
        }

        if (hit.Rule.AbortConnection)
        {
            RequestJournal.Abort(context);
            return;
        }

        if (hit.Rule.AbortAfterHandling)
        {
            // The route runs into a buffer that is thrown away; the client sees the connection drop.
            var original = context.Response.Body;
            context.Response.Body = Stream.Null;
            try { await next(context); }
            finally { context.Response.Body = original; }
            RequestJournal.Abort(context);
            return;
        }

        if (hit.Rule.Body is { } body)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
            return;
        }

        if (hit.Rule.RetryAfterSeconds is { } seconds)
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await ApiErrors.WriteAsync(context, status, ApiErrors.CodeFor(status), "Simulated failure from a sandbox fault rule.");
    }

    private Hit? Take(string method, string path)
    {
        lock (gate)
        {
            foreach (var rule in rules.Where(r => r.Matches(method, path)))
            {
                if (rule.DelayOnly)
                    return new Hit(rule.Source, null);
                if (rule.Source.Statuses.TryDequeue(out var status))
                    return new Hit(rule.Source, status);
            }
            return null;
        }
    }

    private static string PathAfterVersion(PathString path) =>
        path.StartsWithSegments("/v1", out var rest) && rest.HasValue ? rest.Value! : "/";

    private sealed record Hit(FaultRule Rule, int? Status);

    private sealed class ActiveRule(FaultRule rule)
    {
        private readonly Regex pattern = new(rule.PathPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public FaultRule Source => rule;

        /// <summary>A rule created without statuses only delays, and never runs out.</summary>
        public bool DelayOnly { get; } = rule.Statuses.Count == 0;

        public bool Matches(string method, string path) =>
            (rule.Method is null || string.Equals(rule.Method, method, StringComparison.OrdinalIgnoreCase))
            && pattern.IsMatch(path);
    }
}
