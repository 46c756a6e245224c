namespace RcMcp.Sandbox.Tests.Infrastructure;

/// <summary>A sandbox on a free loopback port with a client for its default account.</summary>
internal sealed class TestSandbox : IAsyncDisposable
{
    private readonly List<ApiClient> clients = [];

    private TestSandbox(SandboxServer server)
    {
        Server = server;
        var account = server.Options.Accounts[0];
        Client = ClientFor(account.ApiKey, account.SecretKey);
    }

    public SandboxServer Server { get; }

    public ApiClient Client { get; }

    /// <summary>Starts a sandbox with fast tasks (3 steps of 20 ms) unless <paramref name="configure"/> says otherwise.</summary>
    public static async Task<TestSandbox> StartAsync(Action<SandboxOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new SandboxOptions { TaskStepDelay = TimeSpan.FromMilliseconds(20) };
        configure?.Invoke(options);
        var server = await SandboxServer.StartAsync(options, time ?? TimeProvider.System, CancellationToken.None);
        return new TestSandbox(server);
    }

    public ApiClient ClientFor(string? apiKey, string? secretKey)
    {
        var client = new ApiClient(Server.BaseUrl, apiKey, secretKey);
        clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        clients.ForEach(c => c.Dispose());
        await Server.DisposeAsync();
    }
}
