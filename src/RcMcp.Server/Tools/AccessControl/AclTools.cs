using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;

namespace RcMcp.Server.Tools.AccessControl;

/// <summary>
/// Database access control: Redis rules (what a user may run, <see cref="AclRuleTools"/>), roles (rules bound to
/// databases, <see cref="AclRoleTools"/>) and ACL users (who connect with a role and a password,
/// <see cref="AclUserTools"/>). Every change that can cut someone off is confirmed and says who. This class holds what
/// they share.
/// </summary>
public static class AclTools
{
    public static readonly Toolset Toolset = Toolset.AccessControl;

    internal static readonly string[] RulePath = ["aclRedisRuleId"];
    internal static readonly string[] RolePath = ["aclRoleId"];
    internal static readonly string[] UserPath = ["aclUserId"];

    /// <summary>Added to the result of a call that sets a password: nothing shows it again.</summary>
    internal const string KeepPassword =
        "The password just set is shown nowhere again (RcMcp and the API never return it): the person must keep it now, e.g. in their secret store.";

    internal static ApiRequest Rules(ToolArgs a) => ToolReads.Bind("getAllRedisRules", a);
    internal static ApiRequest Roles(ToolArgs a) => ToolReads.Bind("getRoles", a);
    internal static ApiRequest GetUser(ToolArgs a) => ToolReads.Bind("getUserByID", a);

    /// <summary>The access-control tools in listing order: rules, roles, then users.</summary>
    public static IEnumerable<ToolSpec> All() => [.. AclRuleTools.All(), .. AclRoleTools.All(), .. AclUserTools.All()];

    // ---- Schemas ----

    internal static JsonObject RuleName(string description) => JsonSchema.Str(description, 1);
    internal static JsonObject RoleName(string description) => JsonSchema.Str(description, 1);
    internal static JsonObject RuleDefinition() => JsonSchema.Str("e.g. +@read ~cache:*", 1);
    internal static JsonObject AclPassword() => JsonSchema.Str("Never shown again.", 8, 128);

    internal static JsonObject RoleRules(string description) => JsonSchema.Array(description, JsonSchema.Object()
        .Prop("ruleName", JsonSchema.Str(null, 1), required: true)
        .Prop("databases", JsonSchema.Array(null, JsonSchema.Object()
            .Prop("subscriptionId", Id(), required: true)
            .Prop("databaseId", Id(), required: true)
            .Prop("regions", JsonSchema.Array("Active-Active only.", JsonSchema.Str(null, 1))), minItems: 1), required: true),
        minItems: 1);

    // ---- Impact texts ----

    /// <summary>One binding of a role: a rule on a database.</summary>
    internal sealed record Binding(string Rule, int SubscriptionId, int DatabaseId, string? DatabaseName)
    {
        public string Database => $"database {DatabaseId}{(DatabaseName is { } n ? $" \"{n}\"" : "")} (subscription {SubscriptionId})";
    }

    internal static string DescribeRoleUpdate(ToolArgs a, JsonElement? list)
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

    internal static List<Binding> Requested(ToolArgs a) =>
        a.Json.TryGetProperty("redisRules", out var rules) && rules.ValueKind == JsonValueKind.Array ? Parse(rules, "ruleName", null) : [];

    internal static List<Binding> Current(JsonElement? role) =>
        role is { } r && r.TryGetProperty("redisRules", out var rules) && rules.ValueKind == JsonValueKind.Array ? Parse(rules, "ruleName", "databaseName") : [];

    internal static List<Binding> Parse(JsonElement rules, string ruleField, string? nameField)
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

    internal static string Bindings(List<Binding> bindings) => bindings.Count == 0
        ? "no databases"
        : string.Join(", ", bindings.GroupBy(b => b.Rule).Select(g => $"rule \"{g.Key}\" on {string.Join(", ", g.Select(b => b.Database))}"));

    internal static string Rule(ToolArgs a, JsonElement? rule) => DescribeTarget(a.Int("aclRedisRuleId"), rule);
    internal static string Role(ToolArgs a, JsonElement? role) => DescribeTarget(a.Int("aclRoleId"), role);
    internal static string User(ToolArgs a, JsonElement? user) => DescribeTarget(a.Int("aclUserId"), user);

    // ---- Preflights ----

    /// <summary>The rule must exist and be a custom one: the default rules cannot be changed or deleted.</summary>
    internal static ToolRefusal? CustomRule(ToolArgs a, JsonElement list, string tool)
    {
        if (Exists(list, "redisRules", a.Int("aclRedisRuleId"), "aclRedisRuleId", "Redis rule", "list_acl_redis_rules") is { } missing) return missing;
        var rule = Find(list, "redisRules", a.Int("aclRedisRuleId"));
        if (rule is { } r && r.TryGetProperty("isDefault", out var d) && d.ValueKind == JsonValueKind.True)
            return new ToolRefusal(ErrorCodes.WillFail,
                $"{tool} would fail: {Rule(a, rule)} is one of the account's default rules, which cannot be changed or deleted. Nothing was asked or sent. " +
                "Create a custom rule instead (create_acl_redis_rule).", "create_acl_redis_rule for a custom rule", "aclRedisRuleId");
        return null;
    }

    internal static ToolRefusal? Exists(JsonElement list, string array, int id, string field, string what, string lister) =>
        Find(list, array, id) is null
            ? new ToolRefusal(ErrorCodes.NotFound, $"There is no {what} with id {id} in this account. Nothing was asked or sent. Find the id with {lister}.", $"find the id with {lister}", field)
            : null;

    internal static ToolRefusal? RoleNamed(JsonElement list, string role) =>
        FindByName(list, "roles", role) is null
            ? new ToolRefusal(ErrorCodes.WillFail,
                $"create_acl_user would fail: there is no role named \"{role}\". Nothing was sent. Use a name from list_acl_roles, or create the role first (create_acl_role).",
                "use a role name from list_acl_roles", "role")
            : null;

    // ---- JSON helpers ----

    internal static JsonElement? Find(JsonElement? list, string array, int id)
    {
        if (list is not { ValueKind: JsonValueKind.Object } l || !l.TryGetProperty(array, out var items) || items.ValueKind != JsonValueKind.Array) return null;
        foreach (var item in items.EnumerateArray())
            if (Number(item, "id") == id) return item;
        return null;
    }

    internal static JsonElement? FindByName(JsonElement? list, string array, string name)
    {
        if (list is not { ValueKind: JsonValueKind.Object } l || !l.TryGetProperty(array, out var items) || items.ValueKind != JsonValueKind.Array) return null;
        foreach (var item in items.EnumerateArray())
            if (item.String("name") == name) return item;
        return null;
    }

    internal static List<string> Names(JsonElement? item, string array) =>
        item is { } i && i.TryGetProperty(array, out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray().Select(u => u.ValueKind == JsonValueKind.String ? u.GetString() : u.String("name")).OfType<string>().ToList()
            : [];

    internal static int? Number(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var v) && v.TryGetInt32(out var n) ? n : null;
}
