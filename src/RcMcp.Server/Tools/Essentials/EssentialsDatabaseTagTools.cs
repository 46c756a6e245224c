using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;
using static RcMcp.Server.Tools.Essentials.EssentialsDatabaseTools;

namespace RcMcp.Server.Tools.Essentials;

/// <summary>Tags of Essentials databases: list, add, replace, change and delete key-value tags.</summary>
/// <remarks>Listed by <see cref="EssentialsDatabaseTools.All"/>, in the order of the API.</remarks>
public static class EssentialsDatabaseTagTools
{
    public static readonly Toolset Toolset = Toolset.Essentials;

    public static ToolSpec ListEssentialsDatabaseTags { get; } = new()
    {
        Name = "list_essentials_database_tags",
        Title = "List Essentials database tags",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Tags of an Essentials database: key, value, when each was created and last updated.",
        InputSchema = Target().Build(),
        Operation = "getTags_1",
    };

    public static ToolSpec CreateEssentialsDatabaseTag { get; } = new()
    {
        Name = "create_essentials_database_tag",
        Title = "Add Essentials database tag",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = false,
        Description = "Add one tag to an Essentials database; an existing key: update_essentials_database_tag.",
        InputSchema = Target()
            .Prop("key", JsonSchema.Str("e.g. env", pattern: TagKeyPattern), required: true)
            .Prop("value", JsonSchema.Str("e.g. prod", 1, 256), required: true).Build(),
        Operation = "createTag_1",
        TargetState = GetTags,
        DescribeImpact = (a, _) => $"Tag the Essentials database {Db(a)} with {a.String("key")} = {a.String("value")}.",
        Preflight = (a, tags, _, _) => Task.FromResult(TagKeys(tags).Contains(a.String("key"))
            ? new ToolRefusal(ErrorCodes.WillFail,
                $"create_essentials_database_tag would fail: database {Db(a)} already has the tag {a.String("key")}. Nothing was sent. Change its value with update_essentials_database_tag.",
                "use update_essentials_database_tag", "key")
            : null),
    };

    public static ToolSpec ReplaceEssentialsDatabaseTags { get; } = new()
    {
        Name = "replace_essentials_database_tags",
        Title = "Replace Essentials database tags",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = true,
        Description = "Sets all tags; keys left out are removed (confirmed). One tag: create_essentials_database_tag.",
        InputSchema = Target()
            .Prop("tags", JsonSchema.Array("[] removes all.", JsonSchema.Object()
                .Prop("key", JsonSchema.Str(null, pattern: TagKeyPattern), required: true)
                .Prop("value", JsonSchema.Str(null, 1, 256), required: true), maxItems: 100), required: true).Build(),
        Operation = "updateTags_1",
        TargetState = GetTags,
        Confirm = Confirmation.WhenTarget((a, tags) => RemovedKeys(a, tags).Count > 0),
        DescribeImpact = (a, tags) =>
        {
            var removed = tags is { } t ? RemovedKeys(a, t) : [];
            return $"Replace the tags of the Essentials database {Db(a)} with {NewKeys(a).Count} tag(s)" +
                   (removed.Count > 0 ? $"; this removes {string.Join(", ", removed)}." : ".");
        },
    };

    public static ToolSpec UpdateEssentialsDatabaseTag { get; } = new()
    {
        Name = "update_essentials_database_tag",
        Title = "Update Essentials database tag",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = true,
        Description = "Change the value of one tag of an Essentials database (list_essentials_database_tags).",
        InputSchema = TagTarget().Prop("value", JsonSchema.Str("e.g. prod", 1, 256), required: true).Build(),
        Operation = "updateTag_1",
        TargetState = GetTags,
        DescribeImpact = (a, _) => $"Set the tag {a.String("tagKey")} of the Essentials database {Db(a)} to {a.String("value")}.",
        Preflight = (a, tags, _, _) => Task.FromResult(TagMissing(a, tags, "update_essentials_database_tag")),
    };

    public static ToolSpec DeleteEssentialsDatabaseTag { get; } = new()
    {
        Name = "delete_essentials_database_tag",
        Title = "Delete Essentials database tag",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        Confirm = Confirmation.Always,
        Description = "Remove one tag from an Essentials database (keys: list_essentials_database_tags).",
        InputSchema = TagTarget().Build(),
        Operation = "deleteTag_1",
        TargetState = GetTags,
        DescribeImpact = (a, tags) => $"Remove the tag {a.String("tagKey")}{TagValue(tags, a.String("tagKey"))} from the Essentials database {Db(a)}.",
        Preflight = (a, tags, _, _) => Task.FromResult(TagMissing(a, tags, "delete_essentials_database_tag")),
    };
}
