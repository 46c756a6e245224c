using System.Text.Json.Nodes;
using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

/// <summary>
/// One account's database access control: Redis ACL rules, roles that bind rules to databases, and ACL users that
/// hold a role. They reference each other the way the API enforces: a rule used by a role, or a role held by a user,
/// cannot be deleted (409). Passwords are stored (recorded in the <see cref="SecretLedger"/>) and never shown.
/// </summary>
internal sealed class AccessControlState
{
    /// <summary>The longest name a rule, role or ACL user may have.</summary>
    public const int MaxNameLength = 100;

    private int nextRuleId = 10;
    private int nextRoleId = 100;
    private int nextUserId = 1000;

    public AccessControlState()
    {
        // The account's default rules (the spec's example), which cannot be changed or deleted.
        Rules.Add(new AclRule(7, "Full-Access", "+@all ~*", isDefault: true) { Status = ResourceStatus.Active });
        Rules.Add(new AclRule(8, "Read-Write", "+@all -@dangerous ~*", isDefault: true) { Status = ResourceStatus.Active });
        Rules.Add(new AclRule(9, "Read-Only", "+@read ~*", isDefault: true) { Status = ResourceStatus.Active });
    }

    public List<AclRule> Rules { get; } = [];
    public List<AclRole> Roles { get; } = [];
    public List<AclUser> Users { get; } = [];

    public int NextRuleId() => nextRuleId++;
    public int NextRoleId() => nextRoleId++;
    public int NextUserId() => nextUserId++;

    public AclRule GetRule(int id) => Rules.FirstOrDefault(r => r.Id == id)
        ?? throw ApiException.NotFound("ACL_REDIS_RULE_NOT_FOUND", $"Redis ACL rule {id} was not found in this account.");

    public AclRole GetRole(int id) => Roles.FirstOrDefault(r => r.Id == id)
        ?? throw ApiException.NotFound("ACL_ROLE_NOT_FOUND", $"Database access role {id} was not found in this account.");

    public AclUser GetUser(int id) => Users.FirstOrDefault(u => u.Id == id)
        ?? throw ApiException.NotFound("ACL_USER_NOT_FOUND", $"ACL user {id} was not found in this account.");

    /// <summary>The role a user names; an unknown role is a 404 like the API's.</summary>
    public AclRole RoleNamed(string name) => Roles.FirstOrDefault(r => r.Name == name)
        ?? throw ApiException.NotFound("ACL_ROLE_NOT_FOUND", $"There is no database access role '{name}' in this account.");

    public IEnumerable<AclRole> RolesUsing(AclRule rule) => Roles.Where(r => r.Bindings.Any(b => b.RuleId == rule.Id));

    public IEnumerable<AclUser> UsersOf(AclRole role) => Users.Where(u => u.RoleId == role.Id);

    /// <summary>Spec schema AccountACLRedisRules.</summary>
    public JsonObject RulesView(int accountId) => new()
    {
        ["accountId"] = accountId,
        ["redisRules"] = Rules.Select(r => (JsonNode?)r.ToView()).ToJsonArray(),
        ["links"] = new JsonArray(),
    };

    /// <summary>Spec schema AccountACLRoles.</summary>
    public JsonObject RolesView(AccountState account) => new()
    {
        ["accountId"] = account.Id,
        ["roles"] = Roles.Select(r => (JsonNode?)RoleView(r, account)).ToJsonArray(),
        ["links"] = new JsonArray(),
    };

    private JsonObject RoleView(AclRole role, AccountState account) => new()
    {
        ["id"] = role.Id,
        ["name"] = role.Name,
        ["redisRules"] = role.Bindings.GroupBy(b => b.RuleId).Select(g => (JsonNode?)new JsonObject
        {
            ["ruleId"] = g.Key,
            ["ruleName"] = Rules.FirstOrDefault(r => r.Id == g.Key)?.Name,
            ["databases"] = g.Select(b => (JsonNode?)new JsonObject
            {
                ["subscriptionId"] = b.SubscriptionId,
                ["databaseId"] = b.DatabaseId,
                ["databaseName"] = account.Subscriptions.FirstOrDefault(s => s.Id == b.SubscriptionId)?.Databases.FirstOrDefault(d => d.Id == b.DatabaseId)?.Name,
                ["regions"] = b.Regions.Count > 0 ? b.Regions.ToJsonArray() : null,
            }).ToJsonArray(),
        }).ToJsonArray(),
        ["users"] = UsersOf(role).Select(u => (JsonNode?)new JsonObject { ["id"] = u.Id, ["name"] = u.Name }).ToJsonArray(),
        ["status"] = role.Status,
    };

    /// <summary>Spec schema AccountACLUsers.</summary>
    public JsonObject UsersView(int accountId) => new()
    {
        ["accountId"] = accountId,
        ["users"] = Users.Select(u => (JsonNode?)UserView(u)).ToJsonArray(),
        ["links"] = new JsonArray(),
    };

    /// <summary>Spec schema ACLUser: never the password.</summary>
    public JsonObject UserView(AclUser user) => new()
    {
        ["id"] = user.Id,
        ["name"] = user.Name,
        ["role"] = Roles.FirstOrDefault(r => r.Id == user.RoleId)?.Name,
        ["status"] = user.Status,
        ["links"] = new JsonArray(),
    };

    /// <summary>Rules, roles or users for an error message: 'name' (id 1), 'other' (id 2).</summary>
    public static string Names(IEnumerable<(int Id, string Name)> items) => string.Join(", ", items.Select(i => $"'{i.Name}' (id {i.Id})"));
}

/// <summary>A Redis ACL rule: a name and an ACL definition.</summary>
internal sealed class AclRule(int id, string name, string acl, bool isDefault = false)
{
    public int Id { get; } = id;
    public string Name { get; set; } = name;
    public string Acl { get; set; } = acl;
    public bool IsDefault { get; } = isDefault;
    public string Status { get; set; } = ResourceStatus.Pending;

    public JsonObject ToView() => new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["acl"] = Acl,
        ["isDefault"] = IsDefault,
        ["status"] = Status,
    };
}

/// <summary>One rule of a role on one database (optionally on some regions of an Active-Active database).</summary>
internal sealed record AclBinding(int RuleId, int SubscriptionId, int DatabaseId, IReadOnlyList<string> Regions);

/// <summary>A database access role: rules bound to databases.</summary>
internal sealed class AclRole(int id, string name, IReadOnlyList<AclBinding> bindings)
{
    public int Id { get; } = id;
    public string Name { get; set; } = name;
    public IReadOnlyList<AclBinding> Bindings { get; set; } = bindings;
    public string Status { get; set; } = ResourceStatus.Pending;
}

/// <summary>An ACL user: connects to the databases of its role with its password.</summary>
internal sealed class AclUser(int id, string name, int roleId, string password)
{
    private string password = SecretLedger.Record(password);

    public int Id { get; } = id;
    public string Name { get; } = name;
    public int RoleId { get; set; } = roleId;
    public string Status { get; set; } = ResourceStatus.Pending;

    public string Password
    {
        get => password;
        set => password = SecretLedger.Record(value);
    }
}
