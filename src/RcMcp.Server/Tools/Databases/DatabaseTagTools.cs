using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using RcMcp.Server.Tools.Subscriptions;
using static RcMcp.Server.Tools.Databases.DatabaseTools;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;

namespace RcMcp.Server.Tools.Databases;

/// <summary>Tags of Pro databases: list, add, replace, change and delete key-value tags.</summary>
public static class DatabaseTagTools
{
    public static readonly Toolset Toolset = Toolset.Databases;
    private static readonly string[] PathParams = DatabaseTools.PathParams;
    private static readonly string[] TagPathParams = ["subscriptionId", "databaseId", "tagKey"];

    private const string TagKeyPattern = "^[A-Za-z0-9 ._:@-]*$";

    private static ApiRequest GetTags(ToolArgs a) => ToolReads.Bind("getTags", a);

    public static IEnumerable<ToolSpec> All() =>
    [
        ListDatabaseTags,
        CreateDatabaseTag,
        UpdateDatabaseTags,
        UpdateDatabaseTag,
        DeleteDatabaseTag,
    ];

    public static ToolSpec ListDatabaseTags { get; } = new()
    {
        Name = "list_database_tags",
        Title = "List Pro database tags",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Tags (key, value) of a Pro database; change with create, update or delete_database_tag.",
        InputSchema = DatabaseTarget().Build(),
        Operation = "getTags",
    };

    public static ToolSpec CreateDatabaseTag { get; } = new()
    {
        Name = "create_database_tag",
        Title = "Create Pro database tag",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = false,
        Description = "Add a tag with a new key to a Pro database; an existing key: update_database_tag.",
        InputSchema = DatabaseTarget()
            .Prop("key", TagKey(), required: true)
            .Prop("value", TagValue(), required: true).Build(),
        Operation = "createTag",
        TargetState = GetTags,
        DescribeImpact = (a, _) => $"Add the tag {a.String("key")}={a.String("value")} to database {Db(a)}.",
    };

    public static ToolSpec UpdateDatabaseTags { get; } = new()
    {
        Name = "update_database_tags",
        Title = "Update Pro database tags",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = true,
        Description = "Replace all tags of a Pro database; removing a current key is confirmed. One tag: update_database_tag.",
        InputSchema = DatabaseTarget()
            .Prop("tags", JsonSchema.Array("Whole new set.", JsonSchema.Object()
                .Prop("key", TagKey(null), required: true)
                .Prop("value", TagValue(null), required: true), maxItems: 100), required: true).Build(),
        ArgumentRules = a => SubscriptionResourceTagTools.DuplicateKeys(a, "tags"),
        Operation = "updateTags",
        TargetState = GetTags,
        Confirm = Confirmation.WhenTarget((a, target) => TagRemovals(a, target) is not { Count: 0 }),
        DescribeImpact = (a, target) =>
        {
            var removed = target is { } t ? TagRemovals(a, t) : null;
            return $"Replace the tags of database {Db(a)} with {string.Join(", ", SubscriptionResourceTagTools.Keys(a, "tags").DefaultIfEmpty("none"))}. " +
                   (removed is null ? "The current tags could not be read." : removed.Count == 0 ? "No tag is removed." : $"Removed: {string.Join(", ", removed)}.");
        },
    };

    public static ToolSpec UpdateDatabaseTag { get; } = new()
    {
        Name = "update_database_tag",
        Title = "Update Pro database tag",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = true,
        Description = "Change the value of a tag of a Pro database (keys: list_database_tags); new key: create_database_tag.",
        InputSchema = DatabaseTarget()
            .Prop("tagKey", TagKey(), required: true)
            .Prop("value", TagValue(), required: true).Build(),
        Operation = "updateTag",
        TargetState = GetTags,
        DescribeImpact = (a, target) => $"Set the tag {a.String("tagKey")} of database {Db(a)} to {a.String("value")}" +
                                        (TagValueOf(target, a.String("tagKey")) is { } old ? $" (was {old})." : "."),
    };

    public static ToolSpec DeleteDatabaseTag { get; } = new()
    {
        Name = "delete_database_tag",
        Title = "Delete Pro database tag",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        Confirm = Confirmation.Always,
        Description = "Remove a tag from a Pro database (keys: list_database_tags); the person confirms it first.",
        InputSchema = DatabaseTarget().Prop("tagKey", TagKey(), required: true).Build(),
        Operation = "deleteTag",
        Request = a => RedisCloudRequests.DeleteDatabaseTag(Sub(a), Db(a), a.String("tagKey")),
        TargetState = GetTags,
        DescribeImpact = (a, target) => $"Remove the tag {a.String("tagKey")}" +
                                        (TagValueOf(target, a.String("tagKey")) is { } v ? $"={v}" : "") + $" from database {Db(a)}.",
    };

    private static JsonObject TagKey(string? description = "e.g. env") => JsonSchema.Str(description, 1, 128, TagKeyPattern);
    private static JsonObject TagValue(string? description = "e.g. prod") => JsonSchema.Str(description, 1, 256);


    /// <summary>The tags of a getTags answer: key to value (null when the answer lists none).</summary>
    private static Dictionary<string, string?>? CurrentTags(JsonElement? target)
    {
        if (target is not { ValueKind: JsonValueKind.Object } t || !t.TryGetProperty("tags", out var tags) || tags.ValueKind != JsonValueKind.Array) return null;
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags.EnumerateArray())
            if (tag.ValueKind == JsonValueKind.Object && tag.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String)
                result[k.GetString()!] = tag.String("value");
        return result;
    }

    private static string? TagValueOf(JsonElement? target, string key) => CurrentTags(target)?.GetValueOrDefault(key);

    /// <summary>The current keys the replacement leaves out, or null when the current tags are unknown.</summary>
    internal static List<string>? TagRemovals(ToolArgs a, JsonElement target)
    {
        var current = CurrentTags(target);
        if (current is null) return null;
        var kept = SubscriptionResourceTagTools.Keys(a, "tags").ToHashSet(StringComparer.Ordinal);
        return current.Keys.Where(k => !kept.Contains(k)).ToList();
    }
}
