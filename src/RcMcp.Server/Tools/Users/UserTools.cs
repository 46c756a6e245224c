using System.Text.Json;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;

namespace RcMcp.Server.Tools.Users;

/// <summary>Account users: the people who sign in to the Redis Cloud console and API.</summary>
public static class UserTools
{
    public static readonly Toolset Toolset = Toolset.Users;
    private static readonly string[] PathParams = ["userId"];

    private static ApiRequest GetUser(ToolArgs a) => ToolReads.Bind("getUserById", a);

    public static IEnumerable<ToolSpec> All() =>
    [
        ListAccountUsers,
        GetAccountUser,
        UpdateAccountUser,
        DeleteAccountUser,
    ];

    public static ToolSpec ListAccountUsers { get; } = new()
    {
        Name = "list_account_users",
        Title = "List account users",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "People of the account (console, API): id, name, email, role. Database logins: list_acl_users.",
        InputSchema = JsonSchema.Object().Build(),
        Operation = "getAllUsers",
    };

    public static ToolSpec GetAccountUser { get; } = new()
    {
        Name = "get_account_user",
        Title = "Get account user",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Name, email, role, user type, whether they have an API key, alert and MFA options.",
        InputSchema = JsonSchema.Object().Prop("userId", Id(), required: true).Build(),
        Operation = "getUserById",
    };

    public static ToolSpec UpdateAccountUser { get; } = new()
    {
        Name = "update_account_user",
        Title = "Update account user",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        Confirm = Confirmation.Always,
        Description = "Rename an account user or change their role (rights change now). Task: wait_for_task.",
        InputSchema = JsonSchema.Object()
            .Prop("userId", Id(), required: true)
            .Prop("name", JsonSchema.Str("Current to keep it.", 1), required: true)
            .Prop("role", JsonSchema.Enum("Omit to keep it.", "Owner", "Member", "Viewer", "Logs Viewer (API use only)", "Manager", "Billing Admin")).Build(),
        Operation = "updateUser",
        TargetState = GetUser,
        DescribeImpact = (a, user) =>
        {
            var changes = new List<string>();
            if (a.String("name") != user.String("name")) changes.Add($"rename to \"{a.String("name")}\"");
            if (a.StringOrNull("role") is { } role && role != user.String("role"))
                changes.Add($"role {user.String("role") ?? "?"} becomes {role}: they lose the rights of {user.String("role") ?? "the old role"} in the console and the API at once");
            if (changes.Count == 0) changes.Add("nothing changes");
            return $"Change account user {Describe(a, user)}: {string.Join("; ", changes)}.";
        },
    };

    public static ToolSpec DeleteAccountUser { get; } = new()
    {
        Name = "delete_account_user",
        Title = "Delete account user",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        Confirm = Confirmation.Always,
        Description = "Remove a person: console, API and their API keys stop working. Task: wait_for_task.",
        InputSchema = JsonSchema.Object().Prop("userId", Id(), required: true).Build(),
        Operation = "deleteUserById",
        TargetState = GetUser,
        DescribeImpact = (a, user) =>
            $"Remove account user {Describe(a, user)} (role {user.String("role") ?? "?"}): they lose console and API access, and their API keys stop working.",
    };

    private static string Describe(ToolArgs a, JsonElement? user) =>
        $"{(user.String("name") is { } n ? $"\"{n}\" " : "")}{(user.String("email") is { } e ? e + " " : "")}(id {a.Int("userId")})";

}
