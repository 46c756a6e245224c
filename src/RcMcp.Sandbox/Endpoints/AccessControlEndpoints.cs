using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Database access control (the spec's "Role-based Access Control (RBAC)"): rules, roles and ACL users.</summary>
internal static class AccessControlEndpoints
{
    private const int MaxNameLength = 100;

    /// <summary>Words of the ACL syntax that do not start with a prefix character.</summary>
    private static readonly HashSet<string> AclKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "allkeys", "allchannels", "allcommands", "nocommands", "resetkeys", "resetchannels", "on", "off",
    };

    public static void Map(IEndpointRouteBuilder v1)
    {
        var acl = v1.MapGroup("/acl");
        acl.MapGet("/redisRules", ListRules);
        acl.MapPost("/redisRules", CreateRule);
        acl.MapPut("/redisRules/{aclRedisRuleId:int}", UpdateRule);
        acl.MapDelete("/redisRules/{aclRedisRuleId:int}", DeleteRule);

        acl.MapGet("/roles", ListRoles);
        acl.MapPost("/roles", CreateRole);
        acl.MapPut("/roles/{aclRoleId:int}", UpdateRole);
        acl.MapDelete("/roles/{aclRoleId:int}", DeleteRole);

        acl.MapGet("/users", ListUsers);
        acl.MapPost("/users", CreateUser);
        acl.MapGet("/users/{aclUserId:int}", GetUser);
        acl.MapPut("/users/{aclUserId:int}", UpdateUser);
        acl.MapDelete("/users/{aclUserId:int}", DeleteUser);
    }

    // ---- Redis rules ----

    private static IResult ListRules(ApiCall call) => call.Run(_ => SandboxJson.Result(call.Account.AccessControl.RulesView(call.Account.Id)));

    private static IResult CreateRule(ApiCall call)
    {
        var body = call.ReadJsonBody();
        var name = RuleName(body);
        var definition = RuleDefinition(body);
        return call.Run(now =>
        {
            var acl = call.Account.AccessControl;
            EnsureRuleNameFree(acl, name, except: null);
            var rule = new AclRule(acl.NextRuleId(), name, definition);
            acl.Rules.Add(rule);
            return call.StartTask("aclRedisRuleCreateRequest", now, _ =>
            {
                rule.Status = ResourceStatus.Active;
                return TaskOutcome.Success(rule.Id);
            }, StatusCodes.Status202Accepted);
        });
    }

    private static IResult UpdateRule(ApiCall call, int aclRedisRuleId)
    {
        var body = call.ReadJsonBody();
        return call.Run(now =>
        {
            var acl = call.Account.AccessControl;
            var rule = acl.GetRule(aclRedisRuleId);
            if (rule.IsDefault)
                throw ApiException.Conflict("ACL_REDIS_RULE_CANNOT_UPDATE_DEFAULT", $"Redis ACL rule {rule.Id} ('{rule.Name}') is a default rule and cannot be changed.");
            EnsureRuleActive(rule);
            var name = RuleName(body);
            var definition = RuleDefinition(body);
            EnsureRuleNameFree(acl, name, except: rule);
            rule.Status = ResourceStatus.Pending;
            return call.StartTask("aclRedisRuleUpdateRequest", now, _ =>
            {
                rule.Name = name;
                rule.Acl = definition;
                rule.Status = ResourceStatus.Active;
                return TaskOutcome.Success(rule.Id);
            }, StatusCodes.Status202Accepted);
        });
    }

    private static IResult DeleteRule(ApiCall call, int aclRedisRuleId) => call.Run(now =>
    {
        var acl = call.Account.AccessControl;
        var rule = acl.GetRule(aclRedisRuleId);
        if (rule.IsDefault)
            throw ApiException.Conflict("ACL_REDIS_RULE_CANNOT_DELETE_DEFAULT", $"Redis ACL rule {rule.Id} ('{rule.Name}') is a default rule and cannot be deleted.");
        var roles = acl.RolesUsing(rule).ToList();
        if (roles.Count > 0)
        {
            throw ApiException.Conflict("ACL_REDIS_RULE_CANNOT_DELETE_WHEN_ASSOCIATED_WITH_ROLES",
                $"Redis ACL rule {rule.Id} ('{rule.Name}') is used by the role(s) {List(roles.Select(r => (r.Id, r.Name)))}; " +
                "remove the rule from those roles, or delete them, before deleting the rule.");
        }
        EnsureRuleActive(rule);
        rule.Status = ResourceStatus.Deleting;
        return call.StartTask("aclRedisRuleDeleteRequest", now, _ =>
        {
            acl.Rules.Remove(rule);
            return TaskOutcome.Success(rule.Id);
        }, StatusCodes.Status202Accepted);
    });

    private static string RuleName(JsonBody body)
    {
        var name = body.Str("name", required: true, minLength: 1)!;
        if (name.Length > MaxNameLength)
            throw ApiException.BadRequest("ACL_REDIS_RULE_NAME_NOT_IN_RANGE", $"'name' must be at most {MaxNameLength} characters long (got {name.Length}).");
        if (name.Any(char.IsControl))
            throw ApiException.BadRequest("ACL_REDIS_RULE_NAME_NOT_VALID", "'name' must not contain control characters.");
        return name;
    }

    /// <summary>The rule's definition, checked word by word against the ACL syntax (prefixes + - ~ % &amp; or keywords).</summary>
    private static string RuleDefinition(JsonBody body)
    {
        var definition = body.Str("redisRule", required: true)!;
        var words = definition.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
            throw ApiException.BadRequest("ACL_REDIS_RULE_PATTERN_IS_MISSING", "'redisRule' must contain an ACL rule, e.g. '+@read ~*'.");
        foreach (var word in words)
        {
            if (word[0] is '+' or '-' or '~' or '%' or '&' or '(' || AclKeywords.Contains(word)) continue;
            throw ApiException.BadRequest("ACL_REDIS_RULE_PATTERN_NOT_VALID",
                $"'redisRule' is not valid ACL syntax: '{word}' is neither a command (+cmd, -cmd, +@category), a key pattern (~pattern, %R~pattern), a channel pattern (&pattern) nor a keyword.");
        }
        return definition;
    }

    private static void EnsureRuleNameFree(AccessControlState acl, string name, AclRule? except)
    {
        if (acl.Rules.Any(r => r != except && r.Name == name))
            throw ApiException.Conflict("ACL_REDIS_RULE_NAME_ALREADY_EXISTS", $"A Redis ACL rule named '{name}' already exists in this account.");
    }

    private static void EnsureRuleActive(AclRule rule)
    {
        if (rule.Status != ResourceStatus.Active)
            throw ApiException.Conflict("ACL_REDIS_RULE_NOT_ACTIVE", $"Redis ACL rule {rule.Id} is {rule.Status}; wait until it is active.");
    }

    // ---- Roles ----

    private static IResult ListRoles(ApiCall call) => call.Run(_ => SandboxJson.Result(call.Account.AccessControl.RolesView(call.Account)));

    private static IResult CreateRole(ApiCall call)
    {
        var body = call.ReadJsonBody();
        return call.Run(now =>
        {
            var account = call.Account;
            var acl = account.AccessControl;
            var name = RoleName(body);
            EnsureRoleNameFree(acl, name, except: null);
            var bindings = Bindings(account, body, required: true)!;
            var role = new AclRole(acl.NextRoleId(), name, bindings);
            acl.Roles.Add(role);
            return call.StartTask("aclRoleCreateRequest", now, _ =>
            {
                role.Status = ResourceStatus.Active;
                return TaskOutcome.Success(role.Id);
            }, StatusCodes.Status202Accepted);
        });
    }

    private static IResult UpdateRole(ApiCall call, int aclRoleId)
    {
        var body = call.ReadJsonBody();
        return call.Run(now =>
        {
            var account = call.Account;
            var acl = account.AccessControl;
            var role = acl.GetRole(aclRoleId);
            if (role.Status != ResourceStatus.Active)
                throw ApiException.Conflict("ACL_ROLE_IS_IN_PENDING_STATUS_AND_CANNOT_BE_UPDATED", $"Role {role.Id} is {role.Status}; wait until it is active.");
            var name = body.Has("name") ? RoleName(body) : null;
            if (name is not null) EnsureRoleNameFree(acl, name, except: role);
            var bindings = Bindings(account, body, required: false);
            if (name is null && bindings is null)
                throw ApiException.BadRequest("BAD_REQUEST", "Give 'name', 'redisRules' or both to update a role.");
            role.Status = ResourceStatus.Pending;
            return call.StartTask("aclRoleUpdateRequest", now, _ =>
            {
                role.Name = name ?? role.Name;
                role.Bindings = bindings ?? role.Bindings;
                role.Status = ResourceStatus.Active;
                return TaskOutcome.Success(role.Id);
            }, StatusCodes.Status202Accepted);
        });
    }

    private static IResult DeleteRole(ApiCall call, int aclRoleId) => call.Run(now =>
    {
        var acl = call.Account.AccessControl;
        var role = acl.GetRole(aclRoleId);
        var users = acl.UsersOf(role).ToList();
        if (users.Count > 0)
        {
            throw ApiException.Conflict("ACL_ROLE_HAS_ACTIVE_USERS_AND_CANNOT_BE_DELETED",
                $"Role {role.Id} ('{role.Name}') is assigned to the ACL user(s) {List(users.Select(u => (u.Id, u.Name)))}; " +
                "give them another role, or delete them, before deleting the role.");
        }
        if (role.Status != ResourceStatus.Active)
            throw ApiException.Conflict("ACL_ROLE_IS_IN_PENDING_STATUS_AND_CANNOT_BE_DELETED", $"Role {role.Id} is {role.Status}; wait until it is active.");
        role.Status = ResourceStatus.Deleting;
        return call.StartTask("aclRoleDeleteRequest", now, _ =>
        {
            acl.Roles.Remove(role);
            return TaskOutcome.Success(role.Id);
        });
    });

    private static string RoleName(JsonBody body)
    {
        var name = body.Str("name", required: true, minLength: 1)!;
        if (name.Length > MaxNameLength || name.Any(char.IsControl))
            throw ApiException.BadRequest("ACL_ROLE_NAME_NOT_VALID", $"'name' must be 1 to {MaxNameLength} characters without control characters.");
        return name;
    }

    private static void EnsureRoleNameFree(AccessControlState acl, string name, AclRole? except)
    {
        if (acl.Roles.Any(r => r != except && r.Name == name))
            throw ApiException.Conflict("ACL_ROLE_NAME_ALREADY_EXISTS", $"A role named '{name}' already exists in this account.");
    }

    /// <summary>The spec's AclRoleRedisRuleSpec list: each rule (by name, active) on existing databases, one rule per database.</summary>
    private static List<AclBinding>? Bindings(AccountState account, JsonBody body, bool required)
    {
        if (!body.Has("redisRules") && !required) return null;
        if (!body.Has("redisRules"))
            throw ApiException.BadRequest("ACL_ROLE_REDIS_RULES_IS_MISSING", "'redisRules' is required.");
        var rules = body.Objects("redisRules", required: true, minItems: 1)!;
        var acl = account.AccessControl;
        var bindings = new List<AclBinding>();
        foreach (var spec in rules)
        {
            var ruleName = spec.Str("ruleName", required: true, minLength: 1)!;
            var rule = acl.Rules.FirstOrDefault(r => r.Name == ruleName)
                ?? throw ApiException.NotFound("ACL_REDIS_RULE_NOT_FOUND", $"'{spec.Field("ruleName")}': there is no Redis ACL rule '{ruleName}' in this account.");
            if (rule.Status != ResourceStatus.Active)
                throw ApiException.Conflict("ACL_REDIS_RULE_NOT_ACTIVE", $"Redis ACL rule '{ruleName}' is {rule.Status}; wait until it is active.");
            if (!spec.Has("databases"))
                throw ApiException.BadRequest("ACL_ROLE_REDIS_RULES_DATABASES_SPEC_IS_MISSING", $"'{spec.Field("databases")}' is required.");
            foreach (var db in spec.Objects("databases", required: true, minItems: 1)!)
            {
                if (!db.Has("subscriptionId"))
                    throw ApiException.BadRequest("ACL_ROLE_REDIS_RULES_DATABASES_SUBSCRIPTION_ID_IS_MISSING", $"'{db.Field("subscriptionId")}' is required.");
                if (!db.Has("databaseId"))
                    throw ApiException.BadRequest("ACL_ROLE_REDIS_RULES_DATABASES_DATABASE_ID_IS_MISSING", $"'{db.Field("databaseId")}' is required.");
                var subscriptionId = db.Int("subscriptionId", required: true)!.Value;
                var databaseId = db.Int("databaseId", required: true)!.Value;
                var database = account.GetDatabase(subscriptionId, databaseId);
                var regions = db.Strings("regions") ?? [];
                if (regions.Count > 0 && !database.Subscription.IsActiveActive)
                    throw ApiException.BadRequest("ACL_ROLE_REDIS_RULES_DATABASES_REGION_MUST_BE_CRDB", $"'{db.Field("regions")}' applies only to Active-Active databases; database {databaseId} is not one.");
                if (regions.Distinct(StringComparer.Ordinal).Count() != regions.Count)
                    throw ApiException.BadRequest("ACL_ROLE_REDIS_RULES_DATABASES_REGION_NOT_UNIQUE", $"'{db.Field("regions")}' names a region twice.");
                foreach (var region in regions)
                {
                    if (database.Subscription.Regions.All(r => r.Region != region))
                        throw ApiException.BadRequest("ACL_ROLE_REDIS_RULES_DATABASES_REGION_IS_NOT_BELONGS_TO_DATABASE", $"'{db.Field("regions")}': database {databaseId} has no region '{region}'.");
                }
                if (bindings.Any(b => b.SubscriptionId == subscriptionId && b.DatabaseId == databaseId))
                    throw ApiException.BadRequest("ACL_ROLE_REDIS_RULE_MUST_BE_DEFINED_ONLY_ONCE_PER_DATABASE", $"Database {databaseId} is given more than one rule in this role; give each database one rule.");
                bindings.Add(new AclBinding(rule.Id, subscriptionId, databaseId, regions));
            }
        }
        return bindings;
    }

    // ---- ACL users ----

    private static IResult ListUsers(ApiCall call) => call.Run(_ => SandboxJson.Result(call.Account.AccessControl.UsersView(call.Account.Id)));

    private static IResult GetUser(ApiCall call, int aclUserId) => call.Run(_ =>
    {
        var acl = call.Account.AccessControl;
        return SandboxJson.Result(acl.UserView(acl.GetUser(aclUserId)));
    });

    private static IResult CreateUser(ApiCall call)
    {
        var body = call.ReadJsonBody();
        return call.Run(now =>
        {
            var acl = call.Account.AccessControl;
            var name = body.Str("name", required: true, minLength: 1)!;
            if (name.Length > MaxNameLength || name.Any(char.IsWhiteSpace) || name.Any(char.IsControl) || name.Equals("default", StringComparison.OrdinalIgnoreCase))
                throw ApiException.BadRequest("ACL_USER_NAME_NOT_VALID", $"'name' must be 1 to {MaxNameLength} characters without spaces, and not 'default'.");
            if (acl.Users.Any(u => u.Name == name))
                throw ApiException.Conflict("ACL_USER_NAME_ALREADY_EXISTS", $"An ACL user named '{name}' already exists in this account.");
            var role = ActiveRole(acl, body);
            var password = Password(body, required: true)!;
            var user = new AclUser(acl.NextUserId(), name, role.Id, password);
            acl.Users.Add(user);
            return call.StartTask("aclUserCreateRequest", now, _ =>
            {
                user.Status = ResourceStatus.Active;
                return TaskOutcome.Success(user.Id);
            }, StatusCodes.Status202Accepted);
        });
    }

    private static IResult UpdateUser(ApiCall call, int aclUserId)
    {
        var body = call.ReadJsonBody();
        return call.Run(now =>
        {
            var acl = call.Account.AccessControl;
            var user = acl.GetUser(aclUserId);
            if (user.Status != ResourceStatus.Active)
                throw ApiException.Conflict("CONFLICT_ERROR", $"ACL user {user.Id} is {user.Status}; wait until it is active.");
            var role = body.Has("role") ? ActiveRole(acl, body) : null;
            var password = Password(body, required: false);
            if (role is null && password is null)
                throw ApiException.BadRequest("BAD_REQUEST", "Give 'role', 'password' or both to update an ACL user.");
            if (password is not null) SecretLedger.Record(password);
            user.Status = ResourceStatus.Pending;
            return call.StartTask("aclUserUpdateRequest", now, _ =>
            {
                if (role is not null) user.RoleId = role.Id;
                if (password is not null) user.Password = password;
                user.Status = ResourceStatus.Active;
                return TaskOutcome.Success(user.Id);
            });
        });
    }

    private static IResult DeleteUser(ApiCall call, int aclUserId) => call.Run(now =>
    {
        var acl = call.Account.AccessControl;
        var user = acl.GetUser(aclUserId);
        if (user.Status != ResourceStatus.Active)
            throw ApiException.Conflict("CONFLICT_ERROR", $"ACL user {user.Id} is {user.Status}; wait until it is active.");
        user.Status = ResourceStatus.Deleting;
        return call.StartTask("aclUserDeleteRequest", now, _ =>
        {
            acl.Users.Remove(user);
            return TaskOutcome.Success(user.Id);
        });
    });

    private static AclRole ActiveRole(AccessControlState acl, JsonBody body)
    {
        var role = acl.RoleNamed(body.Str("role", required: true, minLength: 1)!);
        if (role.Status != ResourceStatus.Active)
            throw ApiException.Conflict("CONFLICT_ERROR", $"Role {role.Id} is {role.Status}; wait until it is active.");
        return role;
    }

    /// <summary>A database password: recorded as a secret at once, and never echoed in an error.</summary>
    private static string? Password(JsonBody body, bool required)
    {
        if (!body.Has("password") && !required) return null;
        var password = body.Str("password", required: true)!;
        SecretLedger.Record(password);
        if (password.Length < 8 || password.Length > 128 || password.Any(char.IsControl))
            throw ApiException.BadRequest("ACL_USER_PASSWORD_NOT_VALID", "'password' must be 8 to 128 characters without control characters.");
        return password;
    }

    private static string List(IEnumerable<(int Id, string Name)> items) => string.Join(", ", items.Select(i => $"'{i.Name}' (id {i.Id})"));
}
