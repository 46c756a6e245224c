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

/// <summary>ACL users: who connects to the databases, with a role and a password.</summary>
public static class AclUserTools
{
    public static readonly Toolset Toolset = Toolset.AccessControl;

    public static IEnumerable<ToolSpec> All() =>
    [
        ListAclUsers,
        GetAclUser,
        CreateAclUser,
        UpdateAclUser,
        DeleteAclUser,
    ];

    public static ToolSpec ListAclUsers { get; } = new()
    {
        Name = "list_acl_users",
        Title = "List ACL users",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Database logins: id, name, role, status; no passwords. Console users: list_account_users.",
        InputSchema = JsonSchema.Object().Build(),
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
        InputSchema = JsonSchema.Object().Prop("aclUserId", Id(), required: true).Build(),
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
        InputSchema = JsonSchema.Object()
            .Prop("name", JsonSchema.Str("The AUTH username.", 1), required: true)
            .Prop("role", RoleName("From list_acl_roles."), required: true)
            .Prop("password", AclPassword(), required: true).Build(),
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
        Confirm = Confirmation.Always,
        Description = "Another role or password; clients using the old ones are cut off. Task: wait_for_task.",
        InputSchema = JsonSchema.Object()
            .Prop("aclUserId", Id(), required: true)
            .Prop("role", RoleName("From list_acl_roles."))
            .Prop("password", AclPassword()).Build(),
        ArgumentRules = a => ChangesSomething(a.Has("role") || a.Has("password"), "give role, password or both"),
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
        Confirm = Confirmation.Always,
        Description = "Delete an ACL user: its clients lose every database of its role. Task: wait_for_task.",
        InputSchema = JsonSchema.Object().Prop("aclUserId", Id(), required: true).Build(),
        Operation = "deleteUser",
        TargetState = GetUser,
        DescribeImpact = (a, user) =>
            $"Delete ACL user {User(a, user)}: clients authenticating as this user lose access to every database of the role \"{user.String("role") ?? "?"}\".",
    };
}
