using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;
using static RcMcp.Server.Tools.AccessControl.AclTools;

namespace RcMcp.Server.Tools.AccessControl;

/// <summary>Redis ACL rules: what a database user may run (commands, keys), by name.</summary>
public static class AclRuleTools
{
    public static readonly Toolset Toolset = Toolset.AccessControl;

    public static IEnumerable<ToolSpec> All() =>
    [
        ListAclRedisRules,
        CreateAclRedisRule,
        UpdateAclRedisRule,
        DeleteAclRedisRule,
    ];

    public static ToolSpec ListAclRedisRules { get; } = new()
    {
        Name = "list_acl_redis_rules",
        Title = "List Redis ACL rules",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "ACL rules: id, name, definition (acl), default or not, status. Roles use them by name.",
        InputSchema = JsonSchema.Object().Build(),
        Operation = "getAllRedisRules",
    };

    public static ToolSpec CreateAclRedisRule { get; } = new()
    {
        Name = "create_acl_redis_rule",
        Title = "Create Redis ACL rule",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = false,
        Description = "Allowed commands, keys and channels; use it in create_acl_role. Task: wait_for_task.",
        InputSchema = JsonSchema.Object()
            .Prop("name", RuleName("e.g. read-cache"), required: true)
            .Prop("redisRule", RuleDefinition(), required: true).Build(),
        Operation = "createRedisRule",
        TargetState = Rules,
        DescribeImpact = (a, _) => $"Create the Redis rule \"{a.String("name")}\" with the definition \"{a.String("redisRule")}\".",
    };

    public static ToolSpec UpdateAclRedisRule { get; } = new()
    {
        Name = "update_acl_redis_rule",
        Title = "Update Redis ACL rule",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        Confirm = Confirmation.Always,
        Description = "New name and definition of a custom rule; roles using it apply it now. Task: wait_for_task.",
        InputSchema = JsonSchema.Object()
            .Prop("aclRedisRuleId", Id(), required: true)
            .Prop("name", RuleName("Current to keep it."), required: true)
            .Prop("redisRule", RuleDefinition(), required: true).Build(),
        Operation = "updateRedisRule",
        TargetState = Rules,
        Preflight = (a, list, _, _) => Task.FromResult(CustomRule(a, list, "update_acl_redis_rule")),
        DescribeImpact = (a, list) =>
        {
            var rule = Find(list, "redisRules", a.Int("aclRedisRuleId"));
            var renamed = rule.String("name") is { } old && old != a.String("name") ? $", renamed to \"{a.String("name")}\"" : "";
            return $"Change Redis rule {Rule(a, rule)} from \"{rule.String("acl") ?? "?"}\" to \"{a.String("redisRule")}\"{renamed}. Every role using it " +
                   "(list_acl_roles) applies the new permissions on its databases at once; users relying on the old ones are refused.";
        },
    };

    public static ToolSpec DeleteAclRedisRule { get; } = new()
    {
        Name = "delete_acl_redis_rule",
        Title = "Delete Redis ACL rule",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        Confirm = Confirmation.Always,
        Description = "Roles that use this rule must drop it first (update_acl_role). Task: wait_for_task.",
        InputSchema = JsonSchema.Object().Prop("aclRedisRuleId", Id(), required: true).Build(),
        Operation = "deleteRedisRule",
        TargetState = Rules,
        Preflight = (a, list, _, _) => Task.FromResult(CustomRule(a, list, "delete_acl_redis_rule")),
        DescribeImpact = (a, list) =>
        {
            var rule = Find(list, "redisRules", a.Int("aclRedisRuleId"));
            return $"Delete Redis rule {Rule(a, rule)} (\"{rule.String("acl") ?? "?"}\") for good. Roles still using it block the delete.";
        },
    };
}
