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

/// <summary>Backup and import of Essentials databases: a backup now and its status, an import and its status.</summary>
/// <remarks>Listed by <see cref="EssentialsDatabaseTools.All"/>, in the order of the API.</remarks>
public static class EssentialsDatabaseBackupTools
{
    public static readonly Toolset Toolset = Toolset.Essentials;

    public static ToolSpec GetEssentialsDatabaseBackupStatus { get; } = new()
    {
        Name = "get_essentials_database_backup_status",
        Title = "Get Essentials database backup status",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "The latest backup: status (in-progress, success, failed, none) and where it went.",
        InputSchema = Target().Build(),
        Operation = "getDatabaseBackupStatus_1",
    };

    public static ToolSpec BackupEssentialsDatabase { get; } = new()
    {
        Name = "backup_essentials_database",
        Title = "Back up Essentials database",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = false,
        ReturnsTask = true,
        Description = "Back up now, to its periodicBackupPath or to adhocBackupPath. Task: wait_for_task.",
        InputSchema = Target()
            .Prop("adhocBackupPath", JsonSchema.Str("Instead, e.g. s3://bucket/path", 1, 1000)).Build(),
        Operation = "backupDatabase_1",
        Request = a => RedisCloudRequests.BackupEssentialsDatabase(Sub(a), Db(a), a.Body(PathParams, keepDryRun: false)),
        TargetState = ReadDatabase,
        DescribeImpact = (a, state) => $"Back up the Essentials database {Describe(a, state)}" +
                                       (a.StringOrNull("adhocBackupPath") is { } p ? $" to {p}." : " to its periodicBackupPath."),
        Preflight = (a, state, _, _) => Task.FromResult(BackupWillFail(a, state)),
    };

    public static ToolSpec GetEssentialsDatabaseImportStatus { get; } = new()
    {
        Name = "get_essentials_database_import_status",
        Title = "Get Essentials database import status",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "The latest import: status (in-progress, success, failed, none) and its source URIs.",
        InputSchema = Target().Build(),
        Operation = "getDatabaseImportStatus_1",
    };

    public static ToolSpec ImportEssentialsDatabase { get; } = new()
    {
        Name = "import_essentials_database",
        Title = "Import into Essentials database",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = false,
        Confirm = Confirmation.Always,
        Description = "Replace all data with an RDB file or another database; current data is lost. Task: wait_for_task.",
        InputSchema = ImportSource(Target()).Build(),
        Operation = "importDatabase_1",
        TargetState = ReadDatabase,
        DescribeImpact = (a, state) =>
            $"Replace all data of the Essentials database {Describe(a, state)}{Size(state)} with {ImportSourceText(a)}. " +
            "Its current data is lost unless backed up; this cannot be undone.",
    };
}
