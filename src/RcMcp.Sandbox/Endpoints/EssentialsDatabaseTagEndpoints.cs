using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Tags of an Essentials database: list, create, replace all, update and delete one.</summary>
internal static partial class EssentialsDatabaseTagEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
        var database = v1.MapGroup("/fixed/subscriptions/{subscriptionId:int}/databases/{databaseId:int}");
        database.MapGet("/tags", Tags);
        database.MapPost("/tags", CreateTag);
        database.MapPut("/tags", ReplaceTags);
        database.MapPut("/tags/{tagKey}", UpdateTag);
        database.MapDelete("/tags/{tagKey}", DeleteTag);
    }

    private static IResult Tags(ApiCall call, int subscriptionId, int databaseId) =>
        call.Run(_ => SandboxJson.Result(TagList(call, call.Account.Essentials.GetDatabase(subscriptionId, databaseId))));

    private static IResult CreateTag(ApiCall call, int subscriptionId, int databaseId)
    {
        var body = call.ReadJsonBody();
        return call.Run(now =>
        {
            var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
            var (key, value) = ReadTag(body, "");
            if (database.Tags.Any(t => t.Key == key))
                throw ApiException.Conflict("TAG_ALREADY_EXISTS", $"Database {databaseId} already has a tag '{key}'; change its value with PUT .../tags/{key}.");
            var tag = new DatabaseTag(key, value, now);
            database.Tags.Add(tag);
            return SandboxJson.Result(tag.ToView());
        });
    }

    private static IResult ReplaceTags(ApiCall call, int subscriptionId, int databaseId)
    {
        var body = call.ReadJsonBody();
        return call.Run(now =>
        {
            var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
            var items = body.Objects("tags", required: true)!;
            var tags = items.Select((item, i) => ReadTag(item, $"tags[{i}].")).ToList();
            if (tags.GroupBy(t => t.Key).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
                throw ApiException.BadRequest("TAG_KEY_DUPLICATE", $"'tags' names the key '{duplicate.Key}' more than once.");

            var old = database.Tags.ToDictionary(t => t.Key);
            database.Tags.Clear();
            foreach (var (key, value) in tags)
            {
                if (old.TryGetValue(key, out var kept))
                {
                    if (kept.Value != value)
                        kept.UpdatedAt = now;
                    kept.Value = value;
                    database.Tags.Add(kept);
                }
                else
                {
                    database.Tags.Add(new DatabaseTag(key, value, now));
                }
            }
            return SandboxJson.Result(TagList(call, database));
        });
    }

    private static IResult UpdateTag(ApiCall call, int subscriptionId, int databaseId, string tagKey)
    {
        var body = call.ReadJsonBody();
        return call.Run(now =>
        {
            var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
            var value = body.Str("value", required: true, minLength: 1, maxLength: 256)!;
            var tag = database.GetTag(tagKey);
            tag.Value = value;
            tag.UpdatedAt = now;
            return SandboxJson.Result(tag.ToView());
        });
    }

    private static IResult DeleteTag(ApiCall call, int subscriptionId, int databaseId, string tagKey) => call.Run(_ =>
    {
        var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
        database.Tags.Remove(database.GetTag(tagKey));
        return SandboxJson.Result(new JsonObject());
    });

    private static (string Key, string Value) ReadTag(JsonBody body, string prefix)
    {
        var key = body.Str("key", required: true, minLength: 1, maxLength: 128)!;
        if (!TagKeyPattern().IsMatch(key))
        {
            throw ApiException.BadRequest("TAG_KEY_INVALID",
                $"'{prefix}key' may hold only letters, digits and _ . : = @ - (got '{key}').");
        }
        return (key, body.Str("value", required: true, minLength: 1, maxLength: 256)!);
    }

    private static JsonObject TagList(ApiCall call, EssentialsDatabase database) => new()
    {
        ["accountId"] = call.Account.Id,
        ["tags"] = database.Tags.Select(t => t.ToView()).ToJsonArray(),
        ["links"] = new JsonArray(),
    };

    [GeneratedRegex("^[A-Za-z0-9_.:=@-]+$")]
    private static partial Regex TagKeyPattern();
}
