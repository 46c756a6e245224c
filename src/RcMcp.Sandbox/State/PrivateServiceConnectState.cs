using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

/// <summary>One account's state for GCP Private Service Connect: at most one service per scope, with its endpoints.</summary>
internal sealed class PrivateServiceConnectState
{
    private readonly Dictionary<(int Subscription, int Region), PscService> services = [];
    private int pscServiceId = 4_000;
    private int pscEndpointId;

    public PscService? Find(ConnectivityScope scope) => services.GetValueOrDefault(scope.Key);

    /// <summary>The Private Service Connect service of the scope; 404 when there is none or its id is another.</summary>
    public PscService Get(ConnectivityScope scope, int? serviceId, DateTimeOffset now)
    {
        var service = Find(scope) is { } s && (serviceId is null || s.Id == serviceId) ? s : null;
        if (service is null)
        {
            throw ApiException.NotFound(PscService.NotFoundCode, serviceId is null
                ? $"No Private Service Connect service is set up for {scope}."
                : $"Private Service Connect service {serviceId} was not found for {scope}.");
        }
        service.Refresh(now);
        return service;
    }

    public void Add(PscService service)
    {
        if (services.ContainsKey(service.Scope.Key))
            throw ApiException.Conflict("PSC_SERVICE_ALREADY_EXISTS", $"A Private Service Connect service is already set up for {service.Scope}; one is allowed.");
        services.Add(service.Scope.Key, service);
    }

    public void Remove(PscService service) => services.Remove(service.Scope.Key);

    public int NextServiceId() => ++pscServiceId;

    public int NextEndpointId() => ++pscEndpointId;
}
