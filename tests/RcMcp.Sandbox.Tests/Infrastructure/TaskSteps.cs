using System.Net;
using System.Text.Json;

namespace RcMcp.Sandbox.Tests.Infrastructure;

/// <summary>Steps that run a task through the sandbox and return what it made.</summary>
internal static class TaskSteps
{
    internal static async Task<int> CreatedAsync(ApiClient client, string path, object body)
    {
        var task = await client.RunTaskAsync(HttpMethod.Post, path, body);
        task.Str("status").ShouldBe("processing-completed", task.ToString());
        return task.Int("response.resourceId");
    }
}
