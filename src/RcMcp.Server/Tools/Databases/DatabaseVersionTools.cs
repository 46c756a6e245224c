using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using RcMcp.Server.Tools.Subscriptions;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;
using static RcMcp.Server.Tools.Databases.DatabaseTools;

namespace RcMcp.Server.Tools.Databases;

/// <summary>Redis versions of Pro databases: the versions a database can move to, an upgrade and its status.</summary>
public static class DatabaseVersionTools
{
    public static readonly Toolset Toolset = Toolset.Databases;

    public static IEnumerable<ToolSpec> All() =>
    [
        ListDatabaseUpgradeVersions,
        GetDatabaseUpgradeStatus,
        UpgradeDatabaseRedisVersion,
    ];

    public static ToolSpec ListDatabaseUpgradeVersions { get; } = new()
    {
        Name = "list_database_upgrade_versions",
        Title = "List Pro database upgrade versions",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Redis versions a Pro database can be upgraded to, for upgrade_database_redis_version.",
        InputSchema = DatabaseTarget().Build(),
        Operation = "getDatabaseAvailableVersions",
    };

    public static ToolSpec GetDatabaseUpgradeStatus { get; } = new()
    {
        Name = "get_database_upgrade_status",
        Title = "Get Pro database upgrade status",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "The latest Redis version upgrade of a Pro database: target version, progress and status.",
        InputSchema = DatabaseTarget().Build(),
        Operation = "getDatabaseRedisVersionUpgradeStatus",
    };

    public static ToolSpec UpgradeDatabaseRedisVersion { get; } = new()
    {
        Name = "upgrade_database_redis_version",
        Title = "Upgrade Pro database Redis version",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = false,
        Confirm = Confirmation.Always,
        Description = "Upgrade a Pro database to a newer Redis version; no rollback, so it is confirmed. Task: wait_for_task.",
        InputSchema = DatabaseTarget()
            .Prop("targetRedisVersion", JsonSchema.Str("From list_database_upgrade_versions.", 1, 20, "^[0-9]+(\\.[0-9]+){0,2}$"), required: true).Build(),
        Operation = "upgradeDatabaseRedisVersion",
        TargetState = DatabaseTools.ReadDatabase,
        DescribeImpact = (a, state) =>
            $"Upgrade database {DatabaseTools.Describe(a, state)} from Redis {state.String("redisVersion") ?? "(current version unknown)"} to " +
            $"{a.String("targetRedisVersion")}. An upgrade cannot be rolled back.",
    };
}
