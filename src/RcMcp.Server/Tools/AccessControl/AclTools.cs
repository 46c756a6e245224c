using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.ToolParams;

namespace RcMcp.Server.Tools.AccessControl;

/// <summary>
/// Database access control: Redis rules (what a user may run), roles (rules bound to databases) and ACL users (who
/// connect with a role and a password). Every change that can cut someone off is confirmed and says who.
/// </summary>
public static class AclTools
{
    public static readonly Toolset Toolset = Toolset.AccessControl;

    private static readonly string[] RulePath = ["aclRedisRuleId"];
    private static readonly string[] RolePath = ["aclRoleId"];
    private static readonly string[] UserPath = ["aclUserId"];

    /// <summary>Added to the result of a call that sets a password: nothing shows it again.</summary>
    internal const string KeepPassword =
        "The password just set is shown nowhere again (RcMcp and the API never return it): the person must keep it now, e.g. in their secret store.";

    private static ApiRequest Rules(ToolArgs a) => ToolReads.Bind("getAllRedisRules", a);
    private static ApiRequest Roles(ToolArgs a) => ToolReads.Bind("getRoles", a);
    private static ApiRequest GetUser(ToolArgs a) => ToolReads.Bind("getUserByID", a);

    public static IEnumerable<ToolSpec> All() =>
    [
        ListAclRedisRules,
        CreateAclRedisRule,
        UpdateAclRedisRule,
        DeleteAclRedisRule,
        ListAclRoles,
        CreateAclRole,
        UpdateAclRole,
        DeleteAclRole,
        ListAclUsers,
        GetAclUser,
        CreateAclUser,
        UpdateAclUser,
        DeleteAclUser,
    ];

    // ---- Redis ACL rules ----
    public static ToolSpec ListAclRedisRules { get; } = new()
    {
        Name = "list_acl_redis_rules",
        Title = "List Redis ACL rules",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "ACL rules: id, name, definition (acl), default or not, status. Roles use them by name.",
        InputSchema = S.Object().Build(),
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
        InputSchema = S.Object()
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
        RequiresConfirmation = true,
        Description = "New name and definition of a custom rule; roles using it apply it now. Task: wait_for_task.",
        InputSchema = S.Object()
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
        RequiresConfirmation = true,
        Description = "Roles that use this rule must drop it first (update_acl_role). Task: wait_for_task.",
        InputSchema = S.Object().Prop("aclRedisRuleId", Id(), required: true).Build(),
        Operation = "deleteRedisRule",
        TargetState = Rules,
        Preflight = (a, list, _, _) => Task.FromResult(CustomRule(a, list, "delete_acl_redis_rule")),
        DescribeImpact = (a, list) =>
        {
            var rule = Find(list, "redisRules", a.Int("aclRedisRuleId"));
            return $"Delete Redis rule {Rule(a, rule)} (\"{rule.String("acl") ?? "?"}\") for good. Roles still using it block the delete.";
        },
    };

    // ---- Roles ----
    public static ToolSpec ListAclRoles { get; } = new()
    {
        Name = "list_acl_roles",
        Title = "List database access roles",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Access roles: id, name, each rule with its databases, the ACL users holding it, status.",
        InputSchema = S.Object().Build(),
        Operation = "getRoles",
    };

    public static ToolSpec CreateAclRole { get; } = new()
    {
        Name = "create_acl_role",
        Title = "Create database access role",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = false,
        Description = "Binds Redis rules to databases, for ACL users (create_acl_user). Task: wait_for_task.",
        InputSchema = S.Object()
            .Prop("name", RoleName("e.g. app-readers"), required: true)
            .Prop("redisRules", RoleRules("From list_acl_redis_rules."), required: true).Build(),
        Operation = "createRole",
        TargetState = Roles,
        DescribeImpact = (a, _) => $"Create the role \"{a.String("name")}\": {Bindings(Requested(a))}. Users given this role can connect to these databases with these rules.",
    };

    public static ToolSpec UpdateAclRole { get; } = new()
    {
        Name = "update_acl_role",
        Title = "Update database access role",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        RequiresConfirmation = true,
        Description = "Rename it or replace all its rules and databases; its users get the change at once. Task: wait_for_task.",
        InputSchema = S.Object()
            .Prop("aclRoleId", Id(), required: true)
            .Prop("name", RoleName("Renames it."))
            .Prop("redisRules", RoleRules("Replaces all.")).Build(),
        ExtraValidation = a => ChangesSomething(a.Has("name") || a.Has("redisRules"), "give name, redisRules or both"),
        Operation = "updateRole",
        TargetState = Roles,
        Preflight = (a, list, _, _) => Task.FromResult(Exists(list, "roles", a.Int("aclRoleId"), "aclRoleId", "role", "list_acl_roles")),
        DescribeImpact = DescribeRoleUpdate,
    };

    public static ToolSpec DeleteAclRole { get; } = new()
    {
        Name = "delete_acl_role",
        Title = "Delete database access role",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        RequiresConfirmation = true,
        Description = "ACL users holding this role need another first (update_acl_user). Task: wait_for_task.",
        InputSchema = S.Object().Prop("aclRoleId", Id(), required: true).Build(),
        Operation = "deleteAclRole",
        TargetState = Roles,
        Preflight = (a, list, _, _) => Task.FromResult(Exists(list, "roles", a.Int("aclRoleId"), "aclRoleId", "role", "list_acl_roles")),
        DescribeImpact = (a, list) =>
        {
            var role = Find(list, "roles", a.Int("aclRoleId"));
            var users = Names(role, "users");
            return $"Delete role {Role(a, role)}: {Bindings(Current(role))} are no longer granted by it." +
                   (users.Count > 0 ? $" Users holding it ({string.Join(", ", users)}) block the delete." : " No user holds it.");
        },
    };

    // ---- ACL users ----
    public static ToolSpec ListAclUsers { get; } = new()
    {
        Name = "list_acl_users",
        Title = "List ACL users",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Database logins: id, name, role, status; no passwords. Console users: list_account_users.",
        InputSchema = S.Object().Build(),
        Operation = "getAllUsers_1",
    };

    public static ToolSpec GetAclUser { get; } = new()
    {
        Name = "get_acl_user",
        Title = "Get ACL user",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "One ACL user: name, role, status, never the password. Its access: list_acl_roles.",
        InputSchema = S.Object().Prop("aclUserId", Id(), required: true).Build(),
        Operation = "getUserByID",
    };

    public static ToolSpec CreateAclUser { get; } = new()
    {
        Name = "create_acl_user",
        Title = "Create ACL user",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = false,
        Description = "A database login with a role; the password is never shown again. Task: wait_for_task.",
        InputSchema = S.Object()
            .Prop("name", S.Str("The AUTH username.", 1), required: true)
            .Prop("role", RoleName("From list_acl_roles."), required: true)
            .Prop("password", Password(), required: true).Build(),
        Operation = "createUser",
        TargetState = Roles,
        Preflight = (a, list, _, _) => Task.FromResult(RoleNamed(list, a.String("role"))),
        DescribeImpact = (a, list) =>
            $"Create the ACL user \"{a.String("name")}\" with the role \"{a.String("role")}\" ({Bindings(Current(FindByName(list, "roles", a.String("role"))))}) " +
            "and the given password (not shown).",
        ResultNote = _ => KeepPassword,
    };

    public static ToolSpec UpdateAclUser { get; } = new()
    {
        Name = "update_acl_user",
        Title = "Update ACL user",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        RequiresConfirmation = true,
        Description = "Another role or password; clients using the old ones are cut off. Task: wait_for_task.",
        InputSchema = S.Object()
            .Prop("aclUserId", Id(), required: true)
            .Prop("role", RoleName("From list_acl_roles."))
            .Prop("password", Password()).Build(),
        ExtraValidation = a => ChangesSomething(a.Has("role") || a.Has("password"), "give role, password or both"),
        Operation = "updateUser_1",
        TargetState = GetUser,
        DescribeImpact = (a, user) =>
        {
            var changes = new List<string>();
            if (a.Has("password")) changes.Add("set a new password (not shown): clients using the old one are refused from now on");
            if (a.StringOrNull("role") is { } role)
                changes.Add($"role \"{user.String("role") ?? "?"}\" becomes \"{role}\": its access becomes that role's rules and databases (list_acl_roles)");
            return $"Change ACL user {User(a, user)}: {string.Join("; ", changes)}.";
        },
        ResultNote = a => a.Has("password") ? KeepPassword : null,
    };

    public static ToolSpec DeleteAclUser { get; } = new()
    {
        Name = "delete_acl_user",
        Title = "Delete ACL user",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        RequiresConfirmation = true,
        Description = "Delete an ACL user: its clients lose every database of its role. Task: wait_for_task.",
        InputSchema = S.Object().Prop("aclUserId", Id(), required: true).Build(),
        Operation = "deleteUser",
        TargetState = GetUser,
        DescribeImpact = (a, user) =>
            $"Delete ACL user {User(a, user)}: clients authenticating as this user lose access to every database of the role \"{user.String("role") ?? "?"}\".",
    };

    // ---- Schemas ----

    private static JsonObject RuleName(string description) => S.Str(description, 1);
    private static JsonObject RoleName(string description) => S.Str(description, 1);
    private static JsonObject RuleDefinition() => S.Str("e.g. +@read ~cache:*", 1);
    private static JsonObject Password() => S.Str("Never shown again.", 8, 128);

    private static JsonObject RoleRules(string description) => S.Array(description, S.Object()
        .Prop("ruleName", S.Str(null, 1), required: true)
        .Prop("databases", S.Array(null, S.Object()
            .Prop("subscriptionId", Id(), required: true)
            .Prop("databaseId", Id(), required: true)
            .Prop("regions", S.Array("Active-Active only.", S.Str(null, 1))), minItems: 1), required: true),
        minItems: 1);

    // ---- Impact texts ----

    /// <summary>One binding of a role: a rule on a database.</summary>
    private sealed record Binding(string Rule, int SubscriptionId, int DatabaseId, string? DatabaseName)
    {
        public string Database => $"database {DatabaseId}{(DatabaseName is { } n ? $" \"{n}\"" : "")} (subscription {SubscriptionId})";
    }

    private static string DescribeRoleUpdate(ToolArgs a, JsonElement? list)
    {
        var role = Find(list, "roles", a.Int("aclRoleId"));
        var users = Names(role, "users");
        var holders = users.Count > 0 ? $"its users ({string.Join(", ", users)})" : "its users (none now)";
        var parts = new List<string>();
        if (a.StringOrNull("name") is { } name && name != role.String("name")) parts.Add($"rename it to \"{name}\"");
        if (a.Has("redisRules"))
        {
            var before = Current(role);
            var after = Requested(a);
            var dropped = before.Where(b => !after.Any(x => x.DatabaseId == b.DatabaseId && x.SubscriptionId == b.SubscriptionId))
                .Select(b => b.Database).Distinct().ToList();
            parts.Add($"grant {Bindings(after)} (before: {Bindings(before)})");
            if (dropped.Count > 0) parts.Add($"{holders} lose access to {string.Join(", ", dropped)}");
            parts.Add($"{holders} get the new rules at once; clients relying on the old ones are refused");
        }
        if (parts.Count == 0) parts.Add("nothing changes (same name)");
        return $"Change role {Role(a, role)}: {string.Join("; ", parts)}.";
    }

    private static List<Binding> Requested(ToolArgs a) =>
        a.Json.TryGetProperty("redisRules", out var rules) && rules.ValueKind == JsonValueKind.Array ? Parse(rules, "ruleName", null) : [];

    private static List<Binding> Current(JsonElement? role) =>
        role is { } r && r.TryGetProperty("redisRules", out var rules) && rules.ValueKind == JsonValueKind.Array ? Parse(rules, "ruleName", "databaseName") : [];

    private static List<Binding> Parse(JsonElement rules, string ruleField, string? nameField)
    {
        var result = new List<Binding>();
        foreach (var rule in rules.EnumerateArray())
        {
            var ruleName = rule.String(ruleField) ?? "?";
            if (!rule.TryGetProperty("databases", out var dbs) || dbs.ValueKind != JsonValueKind.Array) continue;
            foreach (var db in dbs.EnumerateArray())
                result.Add(new Binding(ruleName, Number(db, "subscriptionId") ?? 0, Number(db, "databaseId") ?? 0, nameField is null ? null : db.String(nameField)));
        }
        return result;
    }

    private static string Bindings(List<Binding> bindings) => bindings.Count == 0
        ? "no databases"
        : string.Join(", ", bindings.GroupBy(b => b.Rule).Select(g => $"rule \"{g.Key}\" on {string.Join(", ", g.Select(b => b.Database))}"));

    private static string Rule(ToolArgs a, JsonElement? rule) => DescribeTarget(a.Int("aclRedisRuleId"), rule);
    private static string Role(ToolArgs a, JsonElement? role) => DescribeTarget(a.Int("aclRoleId"), role);
    private static string User(ToolArgs a, JsonElement? user) => DescribeTarget(a.Int("aclUserId"), user);

    // ---- Preflights ----

    /// <summary>The rule must exist and be a custom one: the default rules cannot be changed or deleted.</summary>
    private static ToolRefusal? CustomRule(ToolArgs a, JsonElement list, string tool)
    {
        if (Exists(list, "redisRules", a.Int("aclRedisRuleId"), "aclRedisRuleId", "Redis rule", "list_acl_redis_rules") is { } missing) return missing;
        var rule = Find(list, "redisRules", a.Int("aclRedisRuleId"));
        if (rule is { } r && r.TryGetProperty("isDefault", out var d) && d.ValueKind == JsonValueKind.True)
            return new ToolRefusal(ErrorCodes.WillFail,
                $"{tool} would fail: {Rule(a, rule)} is one of the account's default rules, which cannot be changed or deleted. Nothing was asked or sent. " +
                "Create a custom rule instead (create_acl_redis_rule).", "create_acl_redis_rule for a custom rule", "aclRedisRuleId");
        return null;
    }

    private static ToolRefusal? Exists(JsonElement list, string array, int id, string field, string what, string lister) =>
        Find(list, array, id) is null
            ? new ToolRefusal(ErrorCodes.NotFound, $"There is no {what} with id {id} in this account. Nothing was asked or sent. Find the id with {lister}.", $"find the id with {lister}", field)
            : null;

    private static ToolRefusal? RoleNamed(JsonElement list, string role) =>
        FindByName(list, "roles", role) is null
            ? new ToolRefusal(ErrorCodes.WillFail,
                $"create_acl_user would fail: there is no role named \"{role}\". Nothing was sent. Use a name from list_acl_roles, or create the role first (create_acl_role).",
                "use a role name from list_acl_roles", "role")
            : null;

    // ---- JSON helpers ----

    private static JsonElement? Find(JsonElement? list, string array, int id)
    {
        if (list is not { ValueKind: JsonValueKind.Object } l || !l.TryGetProperty(array, out var items) || items.ValueKind != JsonValueKind.Array) return null;
        foreach (var item in items.EnumerateArray())
            if (Number(item, "id") == id) return item;
        return null;
    }

    private static JsonElement? FindByName(JsonElement? list, string array, string name)
    {
        if (list is not { ValueKind: JsonValueKind.Object } l || !l.TryGetProperty(array, out var items) || items.ValueKind != JsonValueKind.Array) return null;
        foreach (var item in items.EnumerateArray())
            if (item.String("name") == name) return item;
        return null;
    }

    private static List<string> Names(JsonElement? item, string array) =>
        item is { } i && i.TryGetProperty(array, out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray().Select(u => u.ValueKind == JsonValueKind.String ? u.GetString() : u.String("name")).OfType<string>().ToList()
            : [];


    private static int? Number(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var v) && v.TryGetInt32(out var n) ? n : null;
}
