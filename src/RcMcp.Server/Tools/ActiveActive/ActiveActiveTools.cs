using System.Text.Json;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using RcMcp.Server.Tools.Databases;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;

namespace RcMcp.Server.Tools.ActiveActive;

/// <summary>Active-Active (CRDB) operations.</summary>
public static class ActiveActiveTools
{
    public static readonly Toolset Toolset = Toolset.ActiveActive;

    public static IEnumerable<ToolSpec> All() =>
    [
        FlushActiveActiveDatabase,
    ];

    public static ToolSpec FlushActiveActiveDatabase { get; } = new()
    {
        Name = "flush_active_active_database",
        Title = "Flush Active-Active database",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = false,
        Confirm = Confirmation.Always,
        Description = "Delete ALL data of an Active-Active database in all regions (or regionIds); settings and backups stay. " +
                      "Confirmed. Task: wait_for_task.",
        InputSchema = DatabaseTarget()
            .Prop("regionIds", JsonSchema.Array("From list_active_active_regions.", Id(), minItems: 1, maxItems: 20, unique: true)).Build(),
        Operation = "flushCrdb",
        TargetState = DatabaseTools.ReadDatabase,
        DescribeImpact = (a, state) =>
            $"Flush database {DatabaseTools.Describe(a, state)} in subscription {a.Int("subscriptionId")}: every key is deleted " +
            (a.Has("regionIds") ? $"in region(s) {string.Join(", ", a.Json.GetProperty("regionIds").EnumerateArray().Select(r => r.GetRawText()))}" : "in all regions") +
            ". This cannot be undone.",
        Preflight = FlushWillFailAsync,
    };

    /// <summary>
    /// The API flushes only Active-Active databases: for a database of a single-region subscription it accepts the call
    /// and its task fails (CRDB_FLUSH_ACTION_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION). Predicted from the database
    /// (activeActiveRedis), else from its subscription (deploymentType); when neither says, the API decides.
    /// </summary>
    internal static async Task<ToolRefusal?> FlushWillFailAsync(ToolArgs a, JsonElement database, IRedisCloudClient client, CancellationToken ct)
    {
        var subscriptionId = a.Int("subscriptionId");
        bool? activeActive = database.TryGetProperty("activeActiveRedis", out var aa) && aa.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? aa.GetBoolean()
            : null;
        if (activeActive is null)
        {
            try
            {
                var subscription = await client.SendAsync(RedisCloudRequests.GetSubscription(subscriptionId), ct).ConfigureAwait(false);
                if (subscription.TryGetProperty("deploymentType", out var type) && type.ValueKind == JsonValueKind.String)
                    activeActive = type.GetString() == "active-active";
            }
            catch (RedisCloudApiException)
            {
                return null;
            }
        }
        if (activeActive != false) return null;
        return new ToolRefusal(ErrorCodes.WillFail,
            $"flush_active_active_database would fail: database {DatabaseTools.Describe(a, database)} belongs to subscription {subscriptionId}, " +
            "which is single-region, and the API flushes only Active-Active databases (its task would fail with " +
            "CRDB_FLUSH_ACTION_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION). Nothing was asked or sent.",
            "Tell the person the API cannot flush a single-region database; emptying it (FLUSHALL from a Redis client on its endpoint) is their call, outside RcMcp.",
            "databaseId");
    }
}
