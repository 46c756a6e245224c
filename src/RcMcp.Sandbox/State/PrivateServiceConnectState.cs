using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

/// <summary>One account's state for GCP Private Service Connect: at most one service per scope, with its endpoints.</summary>
internal sealed class PrivateServiceConnectState()
    : ScopedServices<PscService>("Private Service Connect service", PscService.NotFoundCode, "PSC_SERVICE_ALREADY_EXISTS")
{
    private int pscServiceId = 4_000;
    private int pscEndpointId;

    /// <summary>The service of the scope, when <paramref name="serviceId"/> names it (404 when it names another).</summary>
    public PscService Get(ConnectivityScope scope, int? serviceId, DateTimeOffset now)
    {
        if (serviceId is not null && Find(scope)?.Id != serviceId)
            throw ApiException.NotFound(PscService.NotFoundCode, $"Private Service Connect service {serviceId} was not found for {scope}.");
        return Get(scope, now);
    }

    public int NextServiceId() => ++pscServiceId;

    public int NextEndpointId() => ++pscEndpointId;
}
