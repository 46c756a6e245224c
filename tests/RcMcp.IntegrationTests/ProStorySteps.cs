using System.Text.Json;
using RcMcp.Sandbox;

namespace RcMcp.IntegrationTests;

/// <summary>Steps shared by the Pro subscription and database stories.</summary>
internal static class ProStorySteps
{
    /// <summary>The finished task of a change (its answer carries the taskId).</summary>
    internal static async Task<JsonElement> Wait(ServerProcess server, JsonElement started)
    {
        var done = (await server.CallAsync("wait_for_task", new { taskId = started.GetProperty("taskId").GetString() })).Ok();
        done.GetProperty("done").GetBoolean().ShouldBeTrue();
        return done;
    }

    internal static List<RecordedRequest> Sent(TestSandbox sandbox, string method, string path) =>
        sandbox.Sandbox.Requests.Where(r => r.Method == method && r.Path == path).ToList();

    internal static JsonElement Body(RecordedRequest request) => JsonDocument.Parse(request.Body!).RootElement.Clone();
}
