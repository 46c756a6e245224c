using System.Globalization;
using System.Text.Json.Nodes;

namespace RcMcp.Cloud;

// Account and reference data, logs, cost reports: one builder per operation (the spec's operationId, method, path, query and body).
public static partial class RedisCloudRequests
{

    /// <summary>System log (audit) entries, newest first; every filter is optional.</summary>
    public static ApiRequest GetAccountSystemLogs(int? offset = null, int? limit = null, string? startTime = null, string? endTime = null, int? resourceId = null) =>
        Json("getAccountSystemLogs", HttpMethod.Get, "/logs", query: AccountQuery(
            ("offset", AccountNumber(offset)), ("limit", AccountNumber(limit)), ("startTime", startTime), ("endTime", endTime), ("resourceId", AccountNumber(resourceId))));

    /// <summary>Starts generating a cost report (FOCUS format); the finished task's response.resource holds its costReportId.</summary>
    public static ApiRequest CreateCostReport(JsonObject body) =>
        Json("createCostReport", HttpMethod.Post, "/cost-report", body, expect: ResponseShape.Task);

    /// <summary>The report file (CSV or JSON text) of a finished cost report task.</summary>
    public static ApiRequest GetCostReport(string costReportId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(costReportId);
        return Json("getCostReport", HttpMethod.Get, "/cost-report/" + Segment(costReportId), expect: ResponseShape.Text);
    }

    // Area-prefixed names: other areas add their own helpers to this partial class.
    private static string? AccountNumber(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    /// <summary>The given query parameters, or null when none has a value.</summary>
    private static Dictionary<string, string?>? AccountQuery(params (string Name, string? Value)[] parameters)
    {
        var query = parameters.Where(p => p.Value is not null).ToDictionary(p => p.Name, p => p.Value);
        return query.Count == 0 ? null : query;
    }
}
