using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Tags of a Pro database: list, create, replace all, update and delete one.</summary>
internal static class DatabaseTagEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
        var tags = v1.MapGroup("/subscriptions/{subscriptionId:int}/databases/{databaseId:int}/tags");
        tags.MapGet("", ListTags);
        tags.MapPost("", CreateTag);
        tags.MapPut("", ReplaceTags);
        tags.MapPut("/{tagKey}", UpdateTag);
        tags.MapDelete("/{tagKey}", DeleteTag);
    }

    /// <summary>Spec schema CloudTags, with the tags themselves.</summary>
    private static IResult ListTags(ApiCall call, int subscriptionId, int databaseId) => call.Run(_ =>
        SandboxJson.Result(TagsView(call, call.Account.Databases.Tags(call.Account.GetDatabase(subscriptionId, databaseId)))));

    private static IResult CreateTag(ApiCall call, int subscriptionId, int databaseId)
    {
        var body = call.ReadJsonBody();
        var (key, value) = (TagKey(body, "key"), TagValue(body));
        return call.Run(now =>
        {
            var tags = call.Account.Databases.Tags(call.Account.GetDatabase(subscriptionId, databaseId));
            if (tags.Any(t => t.Key == key))
                throw ApiException.Conflict("DATABASE_TAG_ALREADY_EXISTS", $"Database {databaseId} already has a tag '{key}'; change its value with PUT .../tags/{key}.");
            var tag = new DatabaseTag(key, value, now);
            tags.Add(tag);
            return SandboxJson.Result(tag.ToView());
        });
    }

    /// <summary>Overwrites every tag: keys left out are removed; kept keys keep their creation time.</summary>
    private static IResult ReplaceTags(ApiCall call, int subscriptionId, int databaseId)
    {
        var body = call.ReadJsonBody();
        var items = body.Objects("tags", required: true, maxItems: 100)!.Select(t => (Key: TagKey(t, "key"), Value: TagValue(t))).ToList();
        if (items.GroupBy(t => t.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            throw ApiException.BadRequest("DUPLICATE_DATABASE_TAG_KEY", $"'tags' repeats the key '{repeated.Key}'.");
        return call.Run(now =>
        {
            var tags = call.Account.Databases.Tags(call.Account.GetDatabase(subscriptionId, databaseId));
            var previous = tags.ToDictionary(t => t.Key, StringComparer.Ordinal);
            tags.Clear();
            foreach (var (key, value) in items)
            {
                var tag = previous.GetValueOrDefault(key) ?? new DatabaseTag(key, value, now);
                if (tag.Value != value)
                    (tag.Value, tag.UpdatedAt) = (value, now);
                tags.Add(tag);
            }
            return SandboxJson.Result(TagsView(call, tags));
        });
    }

    private static IResult UpdateTag(ApiCall call, int subscriptionId, int databaseId, string tagKey)
    {
        var value = TagValue(call.ReadJsonBody());
        return call.Run(now =>
        {
            var tag = FindTag(call, subscriptionId, databaseId, tagKey, out _);
            (tag.Value, tag.UpdatedAt) = (value, now);
            return SandboxJson.Result(tag.ToView());
        });
    }

    private static IResult DeleteTag(ApiCall call, int subscriptionId, int databaseId, string tagKey) => call.Run(_ =>
    {
        var tag = FindTag(call, subscriptionId, databaseId, tagKey, out var tags);
        tags.Remove(tag);
        return SandboxJson.Result(new JsonObject());
    });

    private static DatabaseTag FindTag(ApiCall call, int subscriptionId, int databaseId, string tagKey, out List<DatabaseTag> tags)
    {
        tags = call.Account.Databases.Tags(call.Account.GetDatabase(subscriptionId, databaseId));
        return tags.FirstOrDefault(t => t.Key == tagKey)
            ?? throw ApiException.NotFound("DATABASE_TAG_NOT_FOUND", $"Database {databaseId} has no tag '{tagKey}'.");
    }

    private static JsonObject TagsView(ApiCall call, List<DatabaseTag> tags) => new()
    {
        ["accountId"] = call.Account.Id,
        ["tags"] = tags.Select(t => (JsonNode?)t.ToView()).ToJsonArray(),
        ["links"] = new JsonArray(),
    };

    private static string TagKey(JsonBody body, string field) => body.Str(field, required: true, minLength: 1, maxLength: 128)!;

    private static string TagValue(JsonBody body) => body.Str("value", required: true, minLength: 1, maxLength: 256)!;
}
