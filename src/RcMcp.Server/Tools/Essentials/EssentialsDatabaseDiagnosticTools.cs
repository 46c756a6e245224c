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

/// <summary>Looking into an Essentials database: its slow log and traffic, and resuming traffic that was stopped.</summary>
/// <remarks>Listed by <see cref="EssentialsDatabaseTools.All"/>, in the order of the API.</remarks>
public static class EssentialsDatabaseDiagnosticTools
{
    public static readonly Toolset Toolset = Toolset.Essentials;

    public static ToolSpec GetEssentialsDatabaseSlowLog { get; } = new()
    {
        Name = "get_essentials_database_slow_log",
        Title = "Get Essentials database slow log",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Recent slow commands of the database, with start time and duration (microseconds).",
        InputSchema = Target().Build(),
        Operation = "getSlowLog_1",
    };

    public static ToolSpec GetEssentialsDatabaseTraffic { get; } = new()
    {
        Name = "get_essentials_database_traffic",
        Title = "Get Essentials database traffic",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "After an endpoint redirection: whether traffic stopped, why, and when it can resume.",
        InputSchema = Target().Build(),
        Operation = "getDatabaseTraffic_1",
    };

    public static ToolSpec ResumeEssentialsDatabaseTraffic { get; } = new()
    {
        Name = "resume_essentials_database_traffic",
        FollowWith = "get_essentials_database_traffic",
        Title = "Resume Essentials database traffic",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = true,
        Description = "Clients connect again after a traffic stop; check get_essentials_database_traffic.",
        InputSchema = Target().Build(),
        Operation = "resumeBdbTraffic_1",
        TargetState = a => ToolReads.Bind("getDatabaseTraffic_1", a),
        DescribeImpact = (a, _) => $"Resume the traffic of the Essentials database {Db(a)}: clients can connect to it again.",
        Preflight = (a, traffic, _, _) => Task.FromResult(
            traffic.TryGetProperty("canResume", out var can) && can.ValueKind == JsonValueKind.False
                ? new ToolRefusal(ErrorCodes.WillFail,
                    $"resume_essentials_database_traffic would fail: the traffic of database {Db(a)} cannot be resumed now " +
                    $"(trafficStatus {traffic.String("trafficStatus") ?? "?"}{(traffic.String("resumeEligibleAt") is { } at ? $", eligible from {at}" : "")}). Nothing was sent.",
                    "check get_essentials_database_traffic")
                : null),
        ShapeResponse = (_, a) => new JsonObject
        {
            ["resumed"] = true,
            ["databaseId"] = Db(a),
            ["next"] = "get_essentials_database_traffic shows the traffic state.",
        },
    };
}
