using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;
using static RcMcp.Server.Tools.Essentials.EssentialsDatabaseTools;

namespace RcMcp.Server.Tools.Essentials;

/// <summary>Redis versions of Essentials databases: the versions a database can move to, an upgrade and its status.</summary>
/// <remarks>Listed by <see cref="EssentialsDatabaseTools.All"/>, in the order of the API.</remarks>
public static class EssentialsDatabaseVersionTools
{
    public static readonly Toolset Toolset = Toolset.Essentials;

    public static ToolSpec ListEssentialsDatabaseUpgradeVersions { get; } = new()
    {
        Name = "list_essentials_database_upgrade_versions",
        Title = "List Essentials database upgrade versions",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Versions it can upgrade to: targetRedisVersion of upgrade_essentials_database_redis_version.",
        InputSchema = Target().Build(),
        Operation = "getEssentialsDatabaseAvailableVersions",
    };

    public static ToolSpec GetEssentialsDatabaseUpgradeStatus { get; } = new()
    {
        Name = "get_essentials_database_upgrade_status",
        Title = "Get Essentials database upgrade status",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "The latest Redis version upgrade of the database: target version, progress, status.",
        InputSchema = Target().Build(),
        Operation = "getEssentialsDatabaseRedisVersionUpgradeStatus",
    };

    public static ToolSpec UpgradeEssentialsDatabaseRedisVersion { get; } = new()
    {
        Name = "upgrade_essentials_database_redis_version",
        Title = "Upgrade Essentials database Redis version",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = false,
        Confirm = Confirmation.Always,
        Description = "Cannot be undone. Task: wait_for_task; progress: get_essentials_database_upgrade_status.",
        InputSchema = Target()
            .Prop("targetRedisVersion", JsonSchema.Str("From list_essentials_database_upgrade_versions.", 1, 20), required: true).Build(),
        Operation = "upgradeEssentialsDatabaseRedisVersion",
        TargetState = ReadDatabase,
        DescribeImpact = (a, state) =>
            $"Upgrade the Essentials database {Describe(a, state)} from Redis {state.String("redisVersion") ?? "(current)"} to {a.String("targetRedisVersion")}. " +
            "A version upgrade cannot be undone; clients must support the new version.",
        Preflight = UpgradeTargetAvailableAsync,
    };
}
