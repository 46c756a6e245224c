using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RcMcp.Cloud;

namespace RcMcp.Server.Tools;

/// <summary>
/// The next step after an API failure, in the words of tools ("call list_databases"), never REST paths; for a 409 the
/// cause that matches the API's own message instead of a list of every possible one.
/// </summary>
public static partial class ErrorHints
{
    public static string For(RedisCloudApiException e, ToolSpec? spec, ToolArgs? args)
    {
        var tool = spec?.Name ?? "the tool";
        var message = (e.ApiMessage ?? "").ToLowerInvariant();
        if (e.Kind == ApiErrorKind.Http)
        {
            switch (e.StatusCode)
            {
                case 400:
                    return $"The API rejected a value of this {tool} call: check the field its message names (type, allowed values, range; describe_operation shows the schema). The same call will fail again.";
                case 401:
                    return "The API rejected the keys: check REDIS_CLOUD_API_KEY (the account key) and REDIS_CLOUD_API_SECRET_KEY (a user's secret key), that neither was rotated or deleted, and that API access is enabled (Redis Cloud console, Access Management > API Keys).";
                case 403:
                    return $"The API key may not call {tool}, or this machine's IP address is outside the key's CIDR allow-list (Redis Cloud console, Access Management > API Keys; get_account shows the key's allowed source IPs). It can also mean the target is not active yet.";
                case 404:
                    return NotFound(tool, spec, args);
                case 409:
                    return Conflict(tool, message);
                case 412:
                    return $"A feature {tool} needs is switched off for this account. Use another option, or ask Redis support to enable it.";
                case 422:
                    return "The settings are valid one by one but not together (region and provider, modules and Redis version, memory and throughput, overlapping CIDR): change the settings the message names.";
                case 429:
                    return $"Too many requests or changes at once: wait {(e.RetryAfter is { } ra ? ra.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s" : "a few seconds")} and call {tool} again; let pending tasks finish first (list_tasks).";
                case >= 500:
                    return "The API failed on its side. " + (spec?.IsMutating == true
                        ? "The change may have been applied: check the resource with its get or list tool, or list_tasks, before calling again."
                        : $"Call {tool} again later.") + " If it persists, contact Redis support.";
            }
        }
        return RestFree().Replace(e.Hint, "(read it with its get tool, or list_tasks)");
    }

    private static string NotFound(string tool, ToolSpec? spec, ToolArgs? args)
    {
        var checks = new List<string>();
        if (spec?.InputSchema["properties"] is JsonObject properties && args is not null)
        {
            foreach (var (name, schema) in properties)
            {
                if (!name.EndsWith("Id", StringComparison.Ordinal) && !name.EndsWith("Name", StringComparison.Ordinal) && name != "tagKey") continue;
                if (!args.Has(name)) continue;
                var listers = ToolName().Matches((string?)schema?["description"] ?? "").Select(m => m.Value).Distinct().ToList();
                if (listers.Count == 0 && spec is not null && IdArguments.ListerFor(name, spec.Name) is { } lister) listers.Add(lister);
                checks.Add(listers.Count > 0 ? $"{name} {args.Json.GetProperty(name).GetRawText()} (find valid ones with {string.Join(" or ", listers)})" : $"{name} {args.Json.GetProperty(name).GetRawText()}");
            }
        }
        return checks.Count == 0
            ? $"Something {tool} names does not exist: check the ids in its arguments."
            : $"Something {tool} names does not exist: check {string.Join("; ", checks)}.";
    }

    private static string Conflict(string tool, string message)
    {
        if (message.Contains("database") && (message.Contains("still") || message.Contains(" has ") || message.Contains("contain") || message.Contains("first")))
            return $"The subscription still has databases: delete them first (list_databases, then delete_database for each), then call {tool} again.";
        if (message.Contains("pending") || message.Contains("progress") || message.Contains("busy") || message.Contains("not active") || message.Contains("processing") || message.Contains("wait"))
            return $"The resource is busy with another change: wait for it to finish (list_tasks, then wait_for_task), then call {tool} again.";
        if (message.Contains("already exist") || message.Contains("taken") || message.Contains("name") || message.Contains("duplicate"))
            return "The name (or value) is already in use: choose another one.";
        if (message.Contains("in use") || message.Contains("assigned") || message.Contains("used by") || message.Contains("referenc"))
            return "It is still used by another resource: remove that use first, then try again.";
        return $"The resource is not in a state that allows {tool} now: read it (its get tool) and list_tasks to see why, then try again.";
    }

    [GeneratedRegex(@"\b(?:list|get|search)_[a-z_]+")]
    private static partial Regex ToolName();

    [GeneratedRegex(@"\(GET it, or list tasks\)")]
    private static partial Regex RestFree();
}
