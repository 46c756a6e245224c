using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Database access roles (<c>/acl/roles</c>): each binds Redis ACL rules to databases.</summary>
internal static class AccessControlRoleEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
        var roles = v1.MapGroup("/acl/roles");
        roles.MapGet("", ListRoles);
        roles.MapPost("", CreateRole);
        roles.MapPut("/{aclRoleId:int}", UpdateRole);
        roles.MapDelete("/{aclRoleId:int}", DeleteRole);
    }

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
                $"Role {role.Id} ('{role.Name}') is assigned to the ACL user(s) {AccessControlState.Names(users.Select(u => (u.Id, u.Name)))}; " +
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
        if (name.Length > AccessControlState.MaxNameLength || name.Any(char.IsControl))
            throw ApiException.BadRequest("ACL_ROLE_NAME_NOT_VALID", $"'name' must be 1 to {AccessControlState.MaxNameLength} characters without control characters.");
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
}
