using RcMcp.Cloud;
using RcMcp.Server.Schema;
using RcMcp.Server.Tools.Databases;
using static RcMcp.Server.Tools.ToolParams;

namespace RcMcp.Server.Tools.ActiveActive;

/// <summary>Active-Active (CRDB) operations.</summary>
public static class ActiveActiveTools
{
    public const string Toolset = "active-active";

    public static IEnumerable<ToolSpec> All()
    {
        yield return new ToolSpec
        {
            Name = "flush_active_active_database",
            Title = "Flush Active-Active database",
            Toolset = Toolset,
            Kind = ToolKind.Destructive,
            Idempotent = false,
            RequiresConfirmation = true,
            ReturnsTask = true,
            Description = "Delete ALL data of an Active-Active database in all regions (or regionIds); settings and backups stay. " +
                          "Confirmed. Task: wait_for_task.",
            InputSchema = Mutating(DatabaseTarget()
                .Prop("regionIds", S.Array("From list_active_active_regions.", Id(), minItems: 1, maxItems: 20, unique: true)),
                apiDryRun: false, confirmation: true).Build(),
            Request = a => RedisCloudRequests.FlushActiveActiveDatabase(a.Int("subscriptionId"), a.Int("databaseId"), a.Model(CloudJsonContext.Default.CrdbFlushRequest, ["subscriptionId", "databaseId", ToolParams.DryRunName])),
            TargetState = DatabaseTools.GetDatabase,
            DescribeImpact = (a, state) =>
                $"Flush database {DatabaseTools.Describe(a, state)} in subscription {a.Int("subscriptionId")}: every key is deleted " +
                (a.Has("regionIds") ? $"in region(s) {string.Join(", ", a.Json.GetProperty("regionIds").EnumerateArray().Select(r => r.GetRawText()))}" : "in all regions") +
                ". This cannot be undone.",
        };
    }
}
