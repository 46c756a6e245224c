using System.Collections.Concurrent;
using System.Text.Json;
using RcMcp.Cloud;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Pipeline;

/// <summary>
/// --allow-subscriptions for one call: every subscription the canonical arguments name, at any depth, must be
/// allowed; a database named without its subscription must belong to an allowed one (found by listing the databases
/// of the allowed subscriptions, cached briefly); an endpoint redirection is read for its two databases. Anything
/// that cannot be checked is refused. Only reads are sent while checking; the call itself is sent only once it passes.
/// </summary>
public sealed class SubscriptionScope(TimeProvider time)
{
    /// <summary>How long the databases of a subscription are trusted (a database moves subscriptions never; one created
    /// meanwhile is simply found on the next read).</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private const int PageSize = 100;
    private const int MaxPages = 100;

    private readonly ConcurrentDictionary<(string Principal, int Subscription), (DateTimeOffset At, HashSet<long> Databases)> _databases = new();

    /// <summary>Why the call touches something outside <paramref name="allowed"/>, or null when it does not.</summary>
    public async Task<ToolRefusal?> CheckAsync(ToolSpec spec, ToolArgs args, IReadOnlySet<int> allowed, IRedisCloudClient client,
        string principal, CancellationToken ct)
    {
        var list = string.Join(", ", allowed.Order());
        if (spec.AccountWideUnless is { } filter && (!args.Has(filter) || args.Json.GetProperty(filter) is { ValueKind: JsonValueKind.Array } a && a.GetArrayLength() == 0))
            return Refuse($"Without {filter}, {spec.Name} covers every subscription of the account, and this server may only see {list} (--allow-subscriptions). " +
                          $"Name them in {filter}. Nothing was sent.", filter);

        foreach (var found in References.Find(spec, args.Json))
        {
            switch (found.Kind)
            {
                case ReferenceKind.Subscription when !Allowed(allowed, found.Value):
                    return Refuse($"{found.Field} names subscription {Shown(found)}, which this server may not read or change (allowed: {list}; --allow-subscriptions). Nothing was sent.", found.Field);
                case ReferenceKind.Database when !found.ScopedBySubscription:
                case ReferenceKind.SubscriptionOrDatabase:
                    if (found.Kind == ReferenceKind.SubscriptionOrDatabase && Allowed(allowed, found.Value)) break;
                    if (found.Value <= 0 || await OwnerAsync(found.Value, allowed, client, principal, ct).ConfigureAwait(false) is null)
                        return Refuse($"{found.Field} names database {Shown(found)}, which is not in a subscription this server may read or change (allowed: {list}; --allow-subscriptions). Nothing was sent.", found.Field);
                    break;
                case ReferenceKind.Redirection:
                    if (await RedirectionRefusalAsync(found, allowed, client, principal, list, ct).ConfigureAwait(false) is { } refusal) return refusal;
                    break;
            }
        }
        return null;
    }

    private static bool Allowed(IReadOnlySet<int> allowed, long id) => id is > 0 and <= int.MaxValue && allowed.Contains((int)id);

    private static string Shown(FoundReference found) => found.Value == long.MinValue ? "(not a plain id)" : found.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static ToolRefusal Refuse(string message, string? field) => new(ErrorCodes.NotAllowedByPolicy, message, Field: field);

    private async Task<ToolRefusal?> RedirectionRefusalAsync(FoundReference found, IReadOnlySet<int> allowed, IRedisCloudClient client,
        string principal, string list, CancellationToken ct)
    {
        JsonElement redirection;
        try
        {
            redirection = await client.SendAsync(RedisCloudRequests.GetEndpointsRedirectionStatus(found.Text ?? ""), ct).ConfigureAwait(false);
        }
        catch (RedisCloudApiException e)
        {
            return Refuse($"{found.Field}: the redirection could not be read to check its databases against --allow-subscriptions ({list}): {e.Message} Nothing was sent.", found.Field);
        }
        foreach (var side in new[] { "sourceDatabaseId", "targetDatabaseId" })
        {
            if (!redirection.TryGetProperty(side, out var id) || !id.TryGetInt64(out var databaseId) ||
                await OwnerAsync(databaseId, allowed, client, principal, ct).ConfigureAwait(false) is null)
                return Refuse($"{found.Field}: redirection {found.Text} moves traffic of a database that is not in a subscription this server may read or change (allowed: {list}; --allow-subscriptions). Nothing was sent.", found.Field);
        }
        return null;
    }

    /// <summary>True when the id is a database of an allowed subscription.</summary>
    public async Task<bool> InAllowedAsync(long databaseId, IReadOnlySet<int> allowed, IRedisCloudClient client, string principal, CancellationToken ct)
    {
        try
        {
            return await OwnerAsync(databaseId, allowed, client, principal, ct).ConfigureAwait(false) is not null;
        }
        catch (RedisCloudApiException)
        {
            return false; // cannot be checked: hidden
        }
    }

    /// <summary>The allowed subscription that holds the database, or null.</summary>
    private async Task<int?> OwnerAsync(long databaseId, IReadOnlySet<int> allowed, IRedisCloudClient client, string principal, CancellationToken ct)
    {
        foreach (var subscription in allowed.Order())
            if ((await DatabasesAsync(subscription, client, principal, ct).ConfigureAwait(false)).Contains(databaseId)) return subscription;
        return null;
    }

    private async Task<HashSet<long>> DatabasesAsync(int subscription, IRedisCloudClient client, string principal, CancellationToken ct)
    {
        var key = (principal, subscription);
        if (_databases.TryGetValue(key, out var cached) && time.GetUtcNow() - cached.At < CacheFor) return cached.Databases;
        var ids = new HashSet<long>();
        // A Pro subscription first; an id that is not one (404) may be an Essentials subscription.
        if (!await CollectAsync(o => RedisCloudRequests.ListDatabases(subscription, o, PageSize), ids, client, ct).ConfigureAwait(false))
            await CollectAsync(o => RedisCloudRequests.ListEssentialsDatabases(subscription, o, PageSize), ids, client, ct).ConfigureAwait(false);
        _databases[key] = (time.GetUtcNow(), ids);
        return ids;
    }

    /// <summary>Adds every database id of the pages; false when the subscription is not of this kind (404).</summary>
    private static async Task<bool> CollectAsync(Func<int, ApiRequest> page, HashSet<long> ids, IRedisCloudClient client, CancellationToken ct)
    {
        for (var i = 0; i < MaxPages; i++)
        {
            JsonElement response;
            try
            {
                response = await client.SendAsync(page(i * PageSize), ct).ConfigureAwait(false);
            }
            catch (RedisCloudApiException e) when (e.StatusCode == 404)
            {
                return false;
            }
            var before = ids.Count;
            var count = Collect(response, ids);
            if (count < PageSize || ids.Count == before) return true;
        }
        return true;
    }

    /// <summary>The database ids in a list answer, whatever its nesting (Pro: subscription[].databases[]; Essentials:
    /// subscription.databases[]); returns how many databases the page held.</summary>
    private static int Collect(JsonElement e, HashSet<long> ids)
    {
        var count = 0;
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Name == "databases" && p.Value.ValueKind == JsonValueKind.Array)
                        foreach (var db in p.Value.EnumerateArray())
                        {
                            count++;
                            if (db.ValueKind == JsonValueKind.Object && db.TryGetProperty("databaseId", out var id) && id.TryGetInt64(out var n)) ids.Add(n);
                        }
                    else count += Collect(p.Value, ids);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray()) count += Collect(item, ids);
                break;
        }
        return count;
    }
}
