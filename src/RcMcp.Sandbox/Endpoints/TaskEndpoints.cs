using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.Endpoints;

internal static class TaskEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
        v1.MapGet("/tasks", List);
        v1.MapGet("/tasks/{taskId}", Get);
    }

    private static IResult List(ApiCall call) => call.Run(now =>
        SandboxJson.Result(new JsonObject { ["tasks"] = call.Account.Tasks.NewestFirst.Select(task => call.TaskView(task, now)).ToJsonArray() }));

    private static IResult Get(ApiCall call, string taskId) => call.Run(now =>
        SandboxJson.Result(call.TaskView(call.Account.Tasks.Get(taskId), now)));
}
