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

/// <summary>Looking into a Pro database: its TLS certificate, slow log and traffic, and resuming traffic that was stopped.</summary>
public static class DatabaseDiagnosticTools
{
    public static readonly Toolset Toolset = Toolset.Databases;

    public static IEnumerable<ToolSpec> All() =>
    [
        GetDatabaseCertificate,
        GetDatabaseSlowLog,
        GetDatabaseTraffic,
        ResumeDatabaseTraffic,
    ];

    public static ToolSpec GetDatabaseCertificate { get; } = new()
    {
        Name = "get_database_certificate",
        Title = "Get Pro database certificate",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "The server CA certificate (PEM) with which TLS clients of a Pro database verify it.",
        InputSchema = DatabaseTarget().Build(),
        Operation = "getSubscriptionDatabaseCertificate",
    };

    public static ToolSpec GetDatabaseSlowLog { get; } = new()
    {
        Name = "get_database_slow_log",
        Title = "Get Pro database slow log",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Slow log of a Pro database: recent slow commands with start time, duration and arguments.",
        InputSchema = DatabaseTarget().Prop("regionName", RegionName()).Build(),
        Operation = "getSlowLog",
    };

    public static ToolSpec GetDatabaseTraffic { get; } = new()
    {
        Name = "get_database_traffic",
        Title = "Get Pro database traffic",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Traffic state of a Pro database that was an endpoint redirection source (others: not found).",
        InputSchema = DatabaseTarget().Build(),
        Operation = "getDatabaseTraffic",
    };

    public static ToolSpec ResumeDatabaseTraffic { get; } = new()
    {
        Name = "resume_database_traffic",
        FollowWith = "get_database_traffic",
        Title = "Resume Pro database traffic",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = true,
        Description = "Resume the traffic of a Pro database stopped by an endpoint redirection (get_database_traffic).",
        InputSchema = DatabaseTarget().Build(),
        Operation = "resumeBdbTraffic",
        TargetState = a => ToolReads.Bind("getDatabaseTraffic", a),
        DescribeImpact = (a, _) => $"Resume traffic to database {Db(a)} in subscription {Sub(a)}: its clients reach it again.",
    };
}
