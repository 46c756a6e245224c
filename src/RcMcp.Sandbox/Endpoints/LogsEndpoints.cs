using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>System and session logs, cost reports.</summary>
internal static class LogsEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
        v1.MapGet("/logs", SystemLogs);
        v1.MapGet("/session-logs", SessionLogs);
        v1.MapPost("/cost-report", CreateCostReport);
        v1.MapGet("/cost-report/{costReportId}", GetCostReport);
    }

    private static IResult SystemLogs(ApiCall call, int? offset, int? limit, string? startTime, string? endTime, int? resourceId) =>
        call.Run(_ => SandboxJson.Result(call.Account.Logs.SystemLog(offset, limit, startTime, endTime, resourceId)));

    private static IResult SessionLogs(ApiCall call, int? offset, int? limit, string? startTime, string? endTime) =>
        call.Run(_ => SandboxJson.Result(call.Account.Logs.SessionLog(offset, limit, startTime, endTime)));

    private static IResult CreateCostReport(ApiCall call)
    {
        var request = CostReportRequest.Read(call.ReadJsonBody());
        return call.Run(now =>
        {
            request.EnsureNotInFuture(now);
            var task = call.Account.Logs.StartCostReport(call.Account, request, now);
            return call.TaskResult(task, now, StatusCodes.Status202Accepted);
        });
    }

    /// <summary>
    /// The report file as an attachment named after its id (CSV or JSON text, as requested). Its type is
    /// application/octet-stream, so a client that accepts only JSON gets a 406, as from a server that declares it.
    /// </summary>
    private static IResult GetCostReport(ApiCall call, string costReportId, HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count > 0 && !accept.Any(a => a.MediaType.Value is "*/*" or "application/*" or "application/octet-stream"))
            throw new ApiException(StatusCodes.Status406NotAcceptable, "NOT_ACCEPTABLE", "The cost report is application/octet-stream: accept it (or */*) in the Accept header.");
        return call.Run(_ =>
        {
            var (_, content) = call.Account.Logs.CostReport(costReportId);
            return Results.File(Encoding.UTF8.GetBytes(content), "application/octet-stream", costReportId);
        });
    }
}
