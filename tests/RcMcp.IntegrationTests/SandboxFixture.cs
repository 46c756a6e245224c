using System.Text.Json;
using RcMcp.Sandbox;

namespace RcMcp.IntegrationTests;

/// <summary>
/// A sandbox hosted by the test itself on 127.0.0.1, so the test can inject faults and read the request journal,
/// with the server pointed at it through REDIS_CLOUD_API_URL like at any implementation of the official API.
/// </summary>
public sealed class TestSandbox : IAsyncDisposable
{
    private TestSandbox(SandboxServer sandbox) => Sandbox = sandbox;

    public SandboxServer Sandbox { get; }

    public static async Task<TestSandbox> StartAsync(int stepMs = 50, int rateLimitPerMinute = 400) =>
        new(await SandboxServer.StartAsync(new SandboxOptions { TaskStepDelay = TimeSpan.FromMilliseconds(stepMs), RateLimitPerMinute = rateLimitPerMinute }));

    public Dictionary<string, string?> Environment => new()
    {
        ["REDIS_CLOUD_API_URL"] = Sandbox.BaseUrl.ToString(),
        ["REDIS_CLOUD_API_KEY"] = Sandbox.Options.Accounts[0].ApiKey,
        ["REDIS_CLOUD_API_SECRET_KEY"] = Sandbox.Options.Accounts[0].SecretKey,
    };

    public Task<ServerProcess> StartServerAsync(params string[] args) => ServerProcess.StartAsync(args, environment: Environment);

    public Task<ServerProcess> StartServerAsync(ElicitationAnswer elicitation, params string[] args) =>
        ServerProcess.StartAsync(args, elicitation, Environment);

    public Task<ServerProcess> StartServerAsync(string protocolVersion, ElicitationAnswer? elicitation, params string[] args) =>
        ServerProcess.StartAsync(args, elicitation, Environment, protocolVersion);

    /// <summary>Requests that could change state (anything but GET).</summary>
    public IReadOnlyList<RecordedRequest> Mutations => Sandbox.Requests.Where(r => r.Method != "GET").ToList();

    /// <summary>A seeded active subscription of the given deployment type and its first database.</summary>
    public async Task<(int SubscriptionId, int DatabaseId)> SeededAsync(ServerProcess server, string deploymentType = "single-region")
    {
        var subs = (await server.CallAsync("list_subscriptions")).Ok().GetProperty("subscriptions").EnumerateArray();
        var sub = subs.First(s => s.GetProperty("deploymentType").GetString() == deploymentType && s.GetProperty("status").GetString() == "active");
        var id = sub.GetProperty("id").GetInt32();
        var dbs = (await server.CallAsync("list_databases", new { subscriptionId = id })).Ok();
        return (id, dbs.GetProperty("subscription")[0].GetProperty("databases")[0].GetProperty("databaseId").GetInt32());
    }

    public static bool IsDryRun(RecordedRequest r) =>
        r.Body is { Length: > 0 } b && JsonDocument.Parse(b).RootElement.TryGetProperty("dryRun", out var d) && d.ValueKind == JsonValueKind.True;

    public ValueTask DisposeAsync() => Sandbox.DisposeAsync();
}
