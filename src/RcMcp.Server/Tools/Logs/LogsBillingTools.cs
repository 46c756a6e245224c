using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ModelContextProtocol.Protocol;
using RcMcp.Cloud;
using RcMcp.Server.Hosting;
using RcMcp.Server.Pipeline;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;

namespace RcMcp.Server.Tools.Logs;

/// <summary>System and session logs, cost reports.</summary>
public static class LogsBillingTools
{
    public static readonly Toolset Toolset = Toolset.LogsBilling;

    /// <summary>The longest period one cost report may cover (endDate minus startDate, in days).</summary>
    public const int MaxReportDays = 40;

    public const string DatePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
    public const string TimePattern = "^[0-9-]{10}T[0-9:.]{5,18}Z$";

    /// <summary>A report id as the API issues them (e.g. a UUID with .csv): one file name, never a path.</summary>
    public const string CostReportIdPattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$";

    private static JsonObject Time(string description) => JsonSchema.Str(description, pattern: TimePattern);

    public static IEnumerable<ToolSpec> All()
    {
        yield return new ToolSpec
        {
            Name = "list_system_logs",
            Title = "List system logs",
            Toolset = Toolset,
            Kind = ToolKind.Read,
            Idempotent = true,
            Description = "Audit trail of the account, newest first: what changed, when, by whom, on which resource.",
            InputSchema = JsonSchema.Object()
                .Prop("offset", JsonSchema.Int("Default 0.", 0))
                .Prop("limit", JsonSchema.Int("Default 100.", 1, 1000))
                .Prop("startTime", Time("UTC, e.g. 2025-01-31T00:00:00Z."))
                .Prop("endTime", Time("Until, UTC."))
                .Prop("resourceId", JsonSchema.Int("Subscription or database id.", 1))
                .Build(),
            Operation = "getAccountSystemLogs",
            References = [new("resourceId", ReferenceKind.SubscriptionOrDatabase)],
            AccountWideUnless = "resourceId",
        };

        yield return new ToolSpec
        {
            Name = "list_session_logs",
            Title = "List session logs",
            Toolset = Toolset,
            Kind = ToolKind.Read,
            Idempotent = true,
            Description = "Account sessions, newest first: console logins and API key sessions with user, role, IP and user agent.",
            InputSchema = JsonSchema.Object()
                .Prop("offset", JsonSchema.Int("Default 0.", 0))
                .Prop("limit", JsonSchema.Int("Page size.", 1, 100))
                .Prop("startTime", Time("UTC, e.g. 2025-01-31T00:00:00Z."))
                .Prop("endTime", Time("Until, UTC."))
                .Build(),
            Operation = "getAccountSessionLogs",
        };

        yield return new ToolSpec
        {
            Name = "create_cost_report",
            Title = "Create cost report",
            Toolset = Toolset,
            Kind = ToolKind.Write,
            Idempotent = false,
            Description = $"A FOCUS cost report (csv or json) of at most {MaxReportDays} days up to today; nothing billed. Waits for its " +
                          "task (else wait_for_task); then get_cost_report.",
            InputSchema = JsonSchema.Object()
                    .Prop("startDate", JsonSchema.Str("e.g. 2025-01-01.", pattern: DatePattern), required: true)
                    .Prop("endDate", JsonSchema.Str($"Last day, at most {MaxReportDays} days later.", pattern: DatePattern), required: true)
                    .Prop("format", JsonSchema.Enum("Default csv.", "json", "csv"))
                    .Prop("subscriptionIds", JsonSchema.Array("Filter.", Id(), maxItems: 100))
                    .Prop("databaseIds", JsonSchema.Array("Filter.", Id(), maxItems: 100))
                    .Prop("subscriptionType", JsonSchema.Enum("Filter.", "pro", "essentials"))
                    .Prop("regions", JsonSchema.Array("Filter, e.g. us-east-1.", JsonSchema.Str(null, 1), maxItems: 50))
                    .Prop("tags", JsonSchema.Array("Filter.", JsonSchema.Object()
                        .Prop("key", JsonSchema.Str(null, 1), required: true)
                        .Prop("value", JsonSchema.Str(null, 1), required: true), maxItems: 20))
                .Prop(WaitForCompletionName, JsonSchema.Bool("Default true."))
                .Build(),
            ArgumentRules = ReportPeriodErrors,
            AccountWideUnless = "subscriptionIds",
            Operation = "createCostReport",
            TargetState = a => ToolReads.Bind("getCurrentAccount", a),
            DescribeImpact = (a, _) =>
                $"Generate a {a.StringOrNull("format") ?? "csv"} cost report for {a.String("startDate")} to {a.String("endDate")}" +
                (a.Has("subscriptionIds") ? $" of subscription(s) {string.Join(", ", a.Json.GetProperty("subscriptionIds").EnumerateArray().Select(i => i.GetRawText()))}" : "") +
                ". Nothing billed changes.",
            Handler = CreateCostReportAsync,
        };

        yield return new ToolSpec
        {
            Name = "get_cost_report",
            Title = "Get cost report",
            Toolset = Toolset,
            Kind = ToolKind.Read,
            Idempotent = true,
            Description = "Download a cost report to the report folder. Returns the path and a summary: period, total, currency, " +
                          "and cost by service, subscription, database and tag.",
            InputSchema = JsonSchema.Object()
                .Prop("costReportId", JsonSchema.Str("Id from create_cost_report.", 1, 128, CostReportIdPattern), required: true)
                .Prop("top", JsonSchema.Int($"Entries per group; default {CostReportFile.TopItems}.", 1, 100))
                .Build(),
            Operation = "getCostReport",
            Request = a => RedisCloudRequests.GetCostReport(a.String("costReportId")),
            LocalArguments = ["top"],
            Handler = GetCostReportAsync,
        };
    }

    /// <summary>The period rules the API enforces: a real date range, end not before start, at most 40 days.</summary>
    private static IEnumerable<ArgumentError> ReportPeriodErrors(ToolArgs a)
    {
        DateOnly? Day(string field) =>
            DateOnly.TryParseExact(a.String(field), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        var start = Day("startDate");
        var end = Day("endDate");
        if (start is null) yield return new ArgumentError("startDate", $"{a.String("startDate")} is not a date", "use YYYY-MM-DD, e.g. 2025-01-01");
        if (end is null) yield return new ArgumentError("endDate", $"{a.String("endDate")} is not a date", "use YYYY-MM-DD, e.g. 2025-01-31");
        if (start is not { } s || end is not { } e) yield break;
        if (e < s) yield return new ArgumentError("endDate", "is before startDate", "give an endDate on or after startDate");
        else if (e.DayNumber - s.DayNumber > MaxReportDays)
            yield return new ArgumentError("endDate", $"is {e.DayNumber - s.DayNumber} days after startDate (at most {MaxReportDays})", "split the period into several reports");
    }

    private static async Task<CallToolResult> CreateCostReportAsync(ToolInvocation call)
    {
        var wait = !call.Args.Has(WaitForCompletionName) || call.Args.WaitForCompletion;
        var run = await call.Tasks.RunAsync(call.Spec.Request!(call.Args), wait ? call.DefaultWait : TaskWait.HandBack,
            call.State, call.CancellationToken).ConfigureAwait(false);
        var result = run.ToResult(call.Spec.Name);
        if (run.HandedBack || run.TaskId is null || result.IsError == true || result.StructuredContent is not { } structured) return result;

        var payload = (JsonObject)JsonNode.Parse(structured.GetRawText())!;
        if (!run.Done)
        {
            payload["next"] = (string?)payload["next"] + " Its response then holds the costReportId for get_cost_report.";
            return ToolResults.Json(payload);
        }
        var id = run.Resource.String("costReportId");
        payload["costReportId"] = id;
        payload["next"] = id is null
            ? "The task finished without a costReportId; check it with get_task."
            : $"Call get_cost_report with costReportId \"{id}\" to download and summarise the report.";
        return ToolResults.Json(payload);
    }

    private static async Task<CallToolResult> GetCostReportAsync(ToolInvocation call)
    {
        var id = call.Args.String("costReportId");
        // The schema already refuses anything else; checked again because the id becomes a file name.
        if (!Regex.IsMatch(id, CostReportIdPattern, RegexOptions.CultureInvariant))
            return ToolResults.Error(ErrorCodes.Validation, "costReportId must be a plain id such as the one create_cost_report returns.", field: "costReportId");

        var response = await call.Client.SendAsync(call.Spec.Request!(call.Args) with { Expect = ResponseShape.Text }, call.CancellationToken).ConfigureAwait(false);
        var text = response.ValueKind == JsonValueKind.String ? response.GetString() ?? "" : response.GetRawText();
        var format = CostReportFile.DetectFormat(id, text);
        var options = call.Service<ServerOptions>();
        var folder = Path.GetFullPath(options.ReportFolderOrDefault());

        string path;
        try
        {
            path = await CostReportFile.SaveAsync(folder, id, format, text, call.CancellationToken, privateFolder: string.IsNullOrWhiteSpace(options.ReportFolder)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ToolResults.Error(e is Hosting.UnsafeStateFileException ? ErrorCodes.UnsafeStateFile : ErrorCodes.Internal,
                $"The cost report was downloaded but could not be saved in {folder} ({e.GetType().Name}: {e.Message}). Check --report-folder, then call get_cost_report again.");
        }

        var top = call.Args.IntOrNull("top") ?? CostReportFile.TopItems;
        var summary = CostReportFile.Summarize(text, format, top);
        summary["costReportId"] = id;
        summary["path"] = path;
        summary["format"] = format;
        summary["bytes"] = System.Text.Encoding.UTF8.GetByteCount(text);
        summary["next"] = $"Each group lists its {top} largest entries, then one entry (more: how many) summing the rest; a larger top shows them. " +
                          "The rows are in the file at path, for a person with a spreadsheet or a FOCUS tool.";
        return ToolResults.Json(Ordered(summary));
    }

    /// <summary>Identity first, then the figures.</summary>
    private static JsonObject Ordered(JsonObject summary)
    {
        var first = new[] { "costReportId", "path", "format", "bytes" };
        var ordered = new JsonObject();
        foreach (var key in first.Concat(summary.Select(p => p.Key).Where(k => !first.Contains(k)).ToList()))
            if (summary.TryGetPropertyValue(key, out var value)) ordered[key] = value?.DeepClone();
        return ordered;
    }
}
