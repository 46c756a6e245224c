using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.ToolParams;

namespace RcMcp.Server.Tools.CloudAccounts;

/// <summary>
/// Cloud accounts (bring your own AWS account). The bodies carry an access key, its secret and a console password:
/// they are secrets (redacted by name everywhere) and the API never returns them.
/// </summary>
public static class CloudAccountTools
{
    public const string Toolset = "cloud-accounts";
    private static readonly string[] PathParams = ["cloudAccountId"];

    private static ApiRequest GetCloudAccount(ToolArgs a) => RedisCloudRequests.GetCloudAccount(a.Int("cloudAccountId"));

    private static JsonObject CloudAccountId() => S.Int(null, 1);

    /// <summary>The credentials create and update take alike; all secrets but the username and URL.</summary>
    private static S.ObjectBuilder Credentials(S.ObjectBuilder o, bool urlRequired) => o
        .Prop("accessKeyId", S.Str("Access key (secret).", 1), required: true)
        .Prop("accessSecretKey", S.Str("Its secret.", 1), required: true)
        .Prop("consoleUsername", S.Str("Console user.", 1), required: true)
        .Prop("consolePassword", S.Str("Console password (secret).", 1), required: true)
        .Prop("signInLoginUrl", S.Str("Console sign-in URL (https).", 9, 2048, "^https://\\S+$"), required: urlRequired);

    public static IEnumerable<ToolSpec> All()
    {
        yield return new ToolSpec
        {
            Name = "list_cloud_accounts",
            Title = "List cloud accounts",
            Toolset = Toolset,
            Kind = ToolKind.Read,
            Idempotent = true,
            Description = "List the cloud accounts Redis Cloud may deploy into (cloudAccountId of a subscription): id, name, provider, status; never keys.",
            InputSchema = S.Object().Build(),
            Request = _ => RedisCloudRequests.GetCloudAccounts(),
        };

        yield return new ToolSpec
        {
            Name = "get_cloud_account",
            Title = "Get cloud account",
            Toolset = Toolset,
            Kind = ToolKind.Read,
            Idempotent = true,
            Description = "Get one cloud account: name, provider, status, console sign-in URL and AWS ARNs; never its keys or password.",
            InputSchema = S.Object().Prop("cloudAccountId", CloudAccountId(), required: true).Build(),
            Request = GetCloudAccount,
        };

        yield return new ToolSpec
        {
            Name = "create_cloud_account",
            Title = "Create cloud account",
            Toolset = Toolset,
            Kind = ToolKind.Write,
            Idempotent = false,
            ReturnsTask = true,
            Description = "Register an AWS account for Redis Cloud to deploy into, with an access key and console login (never shown back). Returns a task (wait_for_task).",
            InputSchema = Mutating(Credentials(S.Object()
                .Prop("name", S.Str("Display name.", 1), required: true)
                .Prop("provider", S.Enum("Default AWS.", "AWS", "GCP")), urlRequired: true), apiDryRun: false, confirmation: false).Build(),
            Request = a => RedisCloudRequests.CreateCloudAccount(a.Body([], keepDryRun: false)),
            TargetState = _ => RedisCloudRequests.GetCloudAccounts(),
            DescribeImpact = (a, _) =>
                $"Register the {a.StringOrNull("provider") ?? "AWS"} cloud account \"{a.String("name")}\" with the given access key and console credentials (not shown); " +
                "Redis Cloud will be able to create resources in it.",
        };

        yield return new ToolSpec
        {
            Name = "update_cloud_account",
            Title = "Update cloud account",
            Toolset = Toolset,
            Kind = ToolKind.Destructive,
            Idempotent = true,
            RequiresConfirmation = true,
            ReturnsTask = true,
            Description = "Replace the access key and console login of a cloud account; its subscriptions are managed with the new ones only. Returns a task (wait_for_task).",
            InputSchema = Mutating(Credentials(S.Object()
                .Prop("cloudAccountId", CloudAccountId(), required: true)
                .Prop("name", S.Str("New display name.", 1)), urlRequired: false), apiDryRun: false, confirmation: true).Build(),
            Request = a => RedisCloudRequests.UpdateCloudAccount(a.Int("cloudAccountId"), a.Body(PathParams, keepDryRun: false)),
            TargetState = GetCloudAccount,
            DescribeImpact = (a, account) =>
                $"Replace the access key and console credentials of cloud account {DescribeTarget(a.Int("cloudAccountId"), account)}" +
                (a.StringOrNull("name") is { } name && name != Text(account, "name") ? $", renamed to \"{name}\"" : "") +
                ". From now on Redis Cloud manages the subscriptions deployed in it with the new keys only: if they are wrong or lack permissions, it loses access to them.",
        };

        yield return new ToolSpec
        {
            Name = "delete_cloud_account",
            Title = "Delete cloud account",
            Toolset = Toolset,
            Kind = ToolKind.Destructive,
            Idempotent = true,
            RequiresConfirmation = true,
            ReturnsTask = true,
            Description = "Remove a cloud account from Redis Cloud (not while subscriptions use it). Returns a task (wait_for_task).",
            InputSchema = Mutating(S.Object().Prop("cloudAccountId", CloudAccountId(), required: true), apiDryRun: false, confirmation: true).Build(),
            Request = a => RedisCloudRequests.DeleteCloudAccount(a.Int("cloudAccountId")),
            TargetState = GetCloudAccount,
            DescribeImpact = (a, account) =>
                $"Remove cloud account {DescribeTarget(a.Int("cloudAccountId"), account)} ({Text(account, "provider") ?? "?"}): Redis Cloud forgets its keys and can no longer deploy into it.",
        };
    }

    private static string? Text(JsonElement? item, string name) =>
        item is { ValueKind: JsonValueKind.Object } i && i.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
