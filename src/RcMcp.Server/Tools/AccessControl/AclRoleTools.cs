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

/// <summary>ACL roles: Redis rules bound to databases, given to ACL users.</summary>
public static class AclRoleTools
{
    public static readonly Toolset Toolset = Toolset.AccessControl;

    public static IEnumerable<ToolSpec> All() =>
    [
        ListAclRoles,
        CreateAclRole,
        UpdateAclRole,
        DeleteAclRole,
    ];

    public static ToolSpec ListAclRoles { get; } = new()
    {
        Name = "list_acl_roles",
        Title = "List database access roles",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Access roles: id, name, each rule with its databases, the ACL users holding it, status.",
        InputSchema = JsonSchema.Object().Build(),
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
        InputSchema = JsonSchema.Object()
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
        Confirm = Confirmation.Always,
        Description = "Rename it or replace all its rules and databases; its users get the change at once. Task: wait_for_task.",
        InputSchema = JsonSchema.Object()
            .Prop("aclRoleId", Id(), required: true)
            .Prop("name", RoleName("Renames it."))
            .Prop("redisRules", RoleRules("Replaces all.")).Build(),
        ArgumentRules = a => ChangesSomething(a.Has("name") || a.Has("redisRules"), "give name, redisRules or both"),
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
        Confirm = Confirmation.Always,
        Description = "ACL users holding this role need another first (update_acl_user). Task: wait_for_task.",
        InputSchema = JsonSchema.Object().Prop("aclRoleId", Id(), required: true).Build(),
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
}
