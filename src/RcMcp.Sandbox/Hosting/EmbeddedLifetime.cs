using Microsoft.Extensions.Hosting;

namespace RcMcp.Sandbox.Hosting;

/// <summary>
/// Replaces the host's console lifetime so the sandbox never hooks Ctrl+C or SIGTERM: the embedding process
/// owns its signals and stops the sandbox by disposing it.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
