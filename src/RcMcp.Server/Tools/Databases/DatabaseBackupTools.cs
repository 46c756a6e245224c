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

/// <summary>Backup and import of Pro databases: the status of a backup (backup_database starts one) and of an import, and the import itself.</summary>
public static class DatabaseBackupTools
{
    public static readonly Toolset Toolset = Toolset.Databases;

    public static IEnumerable<ToolSpec> All() =>
    [
        GetDatabaseBackupStatus,
        GetDatabaseImportStatus,
        ImportDatabase,
    ];

    public static ToolSpec GetDatabaseBackupStatus { get; } = new()
    {
        Name = "get_database_backup_status",
        Title = "Get Pro database backup status",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Status of the latest backup of a Pro database (backup_database): time and any failure.",
        InputSchema = DatabaseTarget().Prop("regionName", RegionName()).Build(),
        Operation = "getDatabaseBackupStatus",
    };

    public static ToolSpec GetDatabaseImportStatus { get; } = new()
    {
        Name = "get_database_import_status",
        Title = "Get Pro database import status",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Status of the latest import into a Pro database (import_database): time and any failure.",
        InputSchema = DatabaseTarget().Build(),
        Operation = "getDatabaseImportStatus",
    };

    public static ToolSpec ImportDatabase { get; } = new()
    {
        Name = "import_database",
        Title = "Import data into Pro database",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = false,
        Confirm = Confirmation.Always,
        Description = "Replace ALL data of a Pro database with RDB files or another Redis database; confirmed. Task: wait_for_task.",
        InputSchema = ImportSource(DatabaseTarget()).Build(),
        Operation = "importDatabase",
        TargetState = DatabaseTools.ReadDatabase,
        DescribeImpact = (a, state) =>
            $"Import into database {DatabaseTools.Describe(a, state)}: ALL its current data is deleted and replaced by {ImportSourceText(a)}. This cannot be undone.",
    };
}
