using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;

namespace RcMcp.Server.Tools.CloudAccounts;

/// <summary>
/// Cloud accounts (bring your own AWS account). The bodies carry an access key, its secret and a console password:
/// they are secrets (redacted by name everywhere) and the API never returns them.
/// </summary>
public static class CloudAccountTools
{
    public static readonly Toolset Toolset = Toolset.CloudAccounts;
    private static readonly string[] PathParams = ["cloudAccountId"];

    private static ApiRequest ReadCloudAccount(ToolArgs a) => ToolReads.Bind("getCloudAccountById", a);

    /// <summary>The credentials create and update take alike; all secrets but the username and URL.</summary>
    private static JsonSchema.ObjectBuilder Credentials(JsonSchema.ObjectBuilder o, bool urlRequired) => o
        .Prop("accessKeyId", JsonSchema.Str("IAM key (secret).", 1), required: true)
        .Prop("accessSecretKey", JsonSchema.Str("Its secret.", 1), required: true)
        .Prop("consoleUsername", JsonSchema.Str("AWS console login.", 1), required: true)
        .Prop("consolePassword", JsonSchema.Str("Secret.", 1), required: true)
        .Prop("signInLoginUrl", JsonSchema.Str("e.g. https://ID.signin.aws.amazon.com", 9, 2048, "^https://\\S+$"), required: urlRequired);

    public static IEnumerable<ToolSpec> All() =>
    [
        ListCloudAccounts,
        GetCloudAccount,
        CreateCloudAccount,
        UpdateCloudAccount,
        DeleteCloudAccount,
    ];

    public static ToolSpec ListCloudAccounts { get; } = new()
    {
        Name = "list_cloud_accounts",
        Title = "List cloud accounts",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Accounts Redis Cloud may deploy into (a cloudAccountId): id, name, provider, status.",
        InputSchema = JsonSchema.Object().Build(),
        Operation = "getCloudAccounts",
    };

    public static ToolSpec GetCloudAccount { get; } = new()
    {
        Name = "get_cloud_account",
        Title = "Get cloud account",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Name, provider, status, console sign-in URL, AWS ARNs; never its keys or password.",
        InputSchema = JsonSchema.Object().Prop("cloudAccountId", Id(), required: true).Build(),
        Operation = "getCloudAccountById",
    };

    public static ToolSpec CreateCloudAccount { get; } = new()
    {
        Name = "create_cloud_account",
        Title = "Create cloud account",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = false,
        Description = "Lets Redis Cloud use an AWS account; its secrets are never shown back. Task: wait_for_task.",
        InputSchema = Credentials(JsonSchema.Object()
            .Prop("name", JsonSchema.Str("e.g. prod-aws", 1), required: true)
            .Prop("provider", JsonSchema.Enum("Default AWS.", "AWS", "GCP")), urlRequired: true).Build(),
        Operation = "createCloudAccount",
        TargetState = a => ToolReads.Bind("getCloudAccounts", a),
        DescribeImpact = (a, _) =>
            $"Register the {a.StringOrNull("provider") ?? "AWS"} cloud account \"{a.String("name")}\" with the given access key and console credentials (not shown); " +
            "Redis Cloud will be able to create resources in it.",
    };

    public static ToolSpec UpdateCloudAccount { get; } = new()
    {
        Name = "update_cloud_account",
        Title = "Update cloud account",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        Confirm = Confirmation.Always,
        Description = "New credentials; only these manage its subscriptions from now on. Task: wait_for_task.",
        InputSchema = Credentials(JsonSchema.Object()
            .Prop("cloudAccountId", Id(), required: true)
            .Prop("name", JsonSchema.Str("New label.", 1)), urlRequired: false).Build(),
        Operation = "updateCloudAccount",
        TargetState = ReadCloudAccount,
        DescribeImpact = (a, account) =>
            $"Replace the access key and console credentials of cloud account {DescribeTarget(a.Int("cloudAccountId"), account)}" +
            (a.StringOrNull("name") is { } name && name != account.String("name") ? $", renamed to \"{name}\"" : "") +
            ". From now on Redis Cloud manages the subscriptions deployed in it with the new keys only: if they are wrong or lack permissions, it loses access to them.",
    };

    public static ToolSpec DeleteCloudAccount { get; } = new()
    {
        Name = "delete_cloud_account",
        Title = "Delete cloud account",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        Confirm = Confirmation.Always,
        Description = "Remove a cloud account; not possible while subscriptions use it. Task: wait_for_task.",
        InputSchema = JsonSchema.Object().Prop("cloudAccountId", Id(), required: true).Build(),
        Operation = "deleteCloudAccount",
        TargetState = ReadCloudAccount,
        DescribeImpact = (a, account) =>
            $"Remove cloud account {DescribeTarget(a.Int("cloudAccountId"), account)} ({account.String("provider") ?? "?"}): Redis Cloud forgets its keys and can no longer deploy into it.",
    };

}
